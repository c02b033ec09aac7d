package io.crmsync.localaws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;

/** infra/aws-resources.json: the one definition of crmsync's tables and queues. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ResourceDefinition(List<Table> tables, List<Queue> queues) {

    public static final Path LOCATION = Path.of("infra", "aws-resources.json");

    @JsonIgnoreProperties(ignoreUnknown = true)
    /** @param timeToLiveAttribute the attribute DynamoDB expires items by, or null for none */
    public record Table(String logicalId, String name, KeyAttribute partitionKey, KeyAttribute sortKey,
            List<Index> globalSecondaryIndexes, String timeToLiveAttribute) {
        public List<Index> indexes() {
            return globalSecondaryIndexes == null ? List.of() : globalSecondaryIndexes;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record KeyAttribute(String name, String type) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Index(String name, KeyAttribute partitionKey, KeyAttribute sortKey, String projection) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Queue(String logicalId, String name, int visibilityTimeoutSeconds, int messageRetentionSeconds,
            int receiveMessageWaitTimeSeconds, DeadLetter deadLetter) {
        public Optional<DeadLetter> redrive() {
            return Optional.ofNullable(deadLetter);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DeadLetter(String logicalId, int maxReceiveCount) {
    }

    public static ResourceDefinition load() {
        return load(LOCATION);
    }

    public static ResourceDefinition load(Path file) {
        try {
            return new ObjectMapper().readValue(Files.readAllBytes(file), ResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    public Queue queue(String logicalId) {
        return queues.stream().filter(q -> q.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no queue " + logicalId));
    }

    public Table table(String logicalId) {
        return tables.stream().filter(t -> t.logicalId().equals(logicalId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no table " + logicalId));
    }
}
