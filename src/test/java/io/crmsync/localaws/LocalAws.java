package io.crmsync.localaws;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Local AWS on loopback for tests and {@code make run}: ElasticMQ (embedded, SQS protocol) and dynalite
 * (child process, DynamoDB protocol), with the tables and queues of {@link ResourceDefinition} created on them.
 */
public final class LocalAws implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";
    /** Local resource names are the definition's suffixes behind this prefix. */
    public static final String PREFIX = "crmsync-";

    private final SQSRestServer sqsServer;
    private final Dynalite dynalite;
    private final String sqsEndpoint;
    private final ResourceDefinition definition;
    private final SqsClient sqs;
    private final DynamoDbClient dynamo;
    private final Map<String, String> queueUrls = new LinkedHashMap<>();

    private LocalAws(ResourceDefinition definition) {
        this.definition = definition;
        this.sqsServer = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        this.sqsEndpoint = "http://127.0.0.1:" + sqsServer.waitUntilStarted().localAddress().getPort();
        Dynalite started;
        try {
            started = Dynalite.start();
        } catch (RuntimeException e) {
            sqsServer.stopAndWait();
            throw e;
        }
        this.dynalite = started;
        this.sqs = SqsClient.builder().endpointOverride(URI.create(sqsEndpoint)).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build();
        this.dynamo = DynamoDbClient.builder().endpointOverride(URI.create(dynalite.endpoint()))
                .region(Region.of(REGION)).credentialsProvider(credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
        createQueues();
        createTables();
    }

    /** Starts both servers and creates every table and queue of infra/aws-resources.json. */
    public static LocalAws start() {
        return new LocalAws(ResourceDefinition.load());
    }

    public static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    public String sqsEndpoint() {
        return sqsEndpoint;
    }

    public String dynamoEndpoint() {
        return dynalite.endpoint();
    }

    public SqsClient sqs() {
        return sqs;
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public String queueUrl(String logicalId) {
        return queueUrls.get(logicalId);
    }

    public String tableName(String logicalId) {
        return PREFIX + definition.table(logicalId).name();
    }

    public ResourceDefinition definition() {
        return definition;
    }

    /** crmsync's configuration for this local stack, as Quarkus config keys. */
    public Map<String, String> crmsyncConfig() {
        Map<String, String> config = new HashMap<>();
        for (String service : List.of("sqs", "dynamodb")) {
            config.put("quarkus." + service + ".endpoint-override",
                    service.equals("sqs") ? sqsEndpoint : dynalite.endpoint());
            config.put("quarkus." + service + ".aws.region", REGION);
            config.put("quarkus." + service + ".aws.credentials.type", "static");
            config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", ACCESS_KEY);
            config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key", SECRET_KEY);
        }
        config.put("crmsync.queue.changes-url", queueUrl("ChangeQueue"));
        config.put("crmsync.queue.dead-letter-url", queueUrl("ChangeDeadLetterQueue"));
        config.put("crmsync.table.links", tableName("LinksTable"));
        config.put("crmsync.table.tenants", tableName("TenantsTable"));
        config.put("crmsync.table.audit", tableName("AuditTable"));
        config.put("crmsync.table.sync-errors", tableName("SyncErrorsTable"));
        config.put("crmsync.table.mappings", tableName("MappingsTable"));
        return config;
    }

    /**
     * Empties every queue and table, so each test starts from nothing. Tables are emptied item by item rather
     * than dropped and recreated: dynalite finishes a DeleteTable after it answers, which can remove the new
     * table of the same name.
     */
    public void reset() {
        queueUrls.values().forEach(url -> sqs.purgeQueue(b -> b.queueUrl(url)));
        for (ResourceDefinition.Table table : definition.tables()) {
            String name = PREFIX + table.name();
            List<String> keyNames = new java.util.ArrayList<>(List.of(table.partitionKey().name()));
            if (table.sortKey() != null) {
                keyNames.add(table.sortKey().name());
            }
            for (Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item : dynamo
                    .scanPaginator(b -> b.tableName(name).projectionExpression(String.join(",", keyNames))).items()) {
                dynamo.deleteItem(b -> b.tableName(name).key(item));
            }
        }
    }

    private void createQueues() {
        // Dead-letter queues first: a redrive policy names its target by ARN.
        List<ResourceDefinition.Queue> ordered = definition.queues().stream()
                .sorted((a, b) -> Boolean.compare(a.redrive().isPresent(), b.redrive().isPresent())).toList();
        for (ResourceDefinition.Queue queue : ordered) {
            Map<QueueAttributeName, String> attributes = new HashMap<>();
            attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(queue.visibilityTimeoutSeconds()));
            attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD,
                    Integer.toString(queue.messageRetentionSeconds()));
            attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS,
                    Integer.toString(queue.receiveMessageWaitTimeSeconds()));
            queue.redrive().ifPresent(dlq -> {
                String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrls.get(dlq.logicalId()))
                        .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
                attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn
                        + "\",\"maxReceiveCount\":\"" + dlq.maxReceiveCount() + "\"}");
            });
            String url = sqs.createQueue(b -> b.queueName(PREFIX + queue.name()).attributes(attributes)).queueUrl();
            queueUrls.put(queue.logicalId(), url);
        }
    }

    private void createTables() {
        definition.tables().forEach(this::createTable);
    }

    private void createTable(ResourceDefinition.Table table) {
        Map<String, AttributeDefinition> attributes = new LinkedHashMap<>();
        addAttribute(attributes, table.partitionKey());
        addAttribute(attributes, table.sortKey());
        List<GlobalSecondaryIndex> indexes = table.indexes().stream().map(index -> {
            addAttribute(attributes, index.partitionKey());
            addAttribute(attributes, index.sortKey());
            return GlobalSecondaryIndex.builder().indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                    .projection(Projection.builder().projectionType(ProjectionType.fromValue(index.projection())).build())
                    .build();
        }).toList();
        dynamo.createTable(b -> {
            b.tableName(PREFIX + table.name()).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(attributes.values())
                    .keySchema(keySchema(table.partitionKey(), table.sortKey()));
            if (!indexes.isEmpty()) {
                b.globalSecondaryIndexes(indexes);
            }
        });
    }

    private static void addAttribute(Map<String, AttributeDefinition> attributes, ResourceDefinition.KeyAttribute key) {
        if (key != null) {
            attributes.put(key.name(), AttributeDefinition.builder().attributeName(key.name())
                    .attributeType(key.type()).build());
        }
    }

    private static List<KeySchemaElement> keySchema(ResourceDefinition.KeyAttribute partition,
            ResourceDefinition.KeyAttribute sort) {
        KeySchemaElement hash = KeySchemaElement.builder().attributeName(partition.name()).keyType(KeyType.HASH).build();
        return sort == null ? List.of(hash)
                : List.of(hash, KeySchemaElement.builder().attributeName(sort.name()).keyType(KeyType.RANGE).build());
    }

    @Override
    public void close() {
        sqs.close();
        dynamo.close();
        dynalite.close();
        sqsServer.stopAndWait();
    }
}
