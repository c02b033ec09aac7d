package io.crmsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.localaws.ResourceDefinition;

/**
 * Proves the drift check itself fails: every kind of alteration of template.yaml (made in memory) or of the
 * definition is reported. (That template.yaml itself has no drift is asserted in {@link TemplateTest}.)
 */
class DefinitionDriftTest {

    private static final ResourceDefinition DEFINITION = ResourceDefinition.load();

    static Stream<Arguments> alterations() {
        return Stream.of(
                alter("visibility timeout changed", "ChangeQueue: VisibilityTimeout",
                        t -> props(t, "ChangeQueue").put("VisibilityTimeout", 300)),
                alter("retention removed", "ChangeDeadLetterQueue: MessageRetentionPeriod: template (not set",
                        t -> props(t, "ChangeDeadLetterQueue").remove("MessageRetentionPeriod")),
                alter("wait time changed", "ChangeQueue: ReceiveMessageWaitTimeSeconds: template 10",
                        t -> props(t, "ChangeQueue").put("ReceiveMessageWaitTimeSeconds", 10)),
                alter("maxReceiveCount changed", "ChangeQueue: RedrivePolicy.maxReceiveCount: template 3",
                        t -> ((ObjectNode) props(t, "ChangeQueue").get("RedrivePolicy")).put("maxReceiveCount", 3)),
                alter("redrive target changed", "ChangeQueue: RedrivePolicy.deadLetterTargetArn",
                        t -> ((ObjectNode) props(t, "ChangeQueue").get("RedrivePolicy")).putObject("deadLetterTargetArn")
                                .putArray("Fn::GetAtt").add("ChangeQueue").add("Arn")),
                alter("redrive policy removed", "ChangeQueue: RedrivePolicy is missing",
                        t -> props(t, "ChangeQueue").remove("RedrivePolicy")),
                alter("redrive policy on the dead-letter queue", "ChangeDeadLetterQueue: RedrivePolicy is declared",
                        t -> props(t, "ChangeDeadLetterQueue").set("RedrivePolicy", props(t, "ChangeQueue").get("RedrivePolicy"))),
                alter("queue renamed", "ChangeQueue: QueueName",
                        t -> props(t, "ChangeQueue").putObject("QueueName").put("Fn::Sub", "${AWS::StackName}-changes.fifo")),
                alter("queue missing", "ChangeDeadLetterQueue: queue 'changes-dlq' is in infra/aws-resources.json but not in the template",
                        t -> resources(t).remove("ChangeDeadLetterQueue")),
                alter("queue the definition lacks", "StrayQueue: the template declares a queue",
                        t -> resources(t).putObject("StrayQueue").put("Type", "AWS::SQS::Queue")),
                alter("table missing", "LinksTable: table 'links' is in infra/aws-resources.json but not in the template",
                        t -> resources(t).remove("LinksTable")),
                alter("table the definition lacks", "StrayTable: the template declares a table",
                        t -> resources(t).putObject("StrayTable").put("Type", "AWS::Serverless::SimpleTable")),
                alter("table renamed", "LinksTable: TableName",
                        t -> props(t, "LinksTable").put("TableName", "links")),
                alter("sort key added", "LinksTable: KeySchema",
                        t -> ((ArrayNode) props(t, "LinksTable").get("KeySchema")).addObject()
                                .put("AttributeName", "salesforceKey").put("KeyType", "RANGE")),
                alter("attribute type changed", "LinksTable: AttributeDefinitions 'hubSpotKey': template N, definition S",
                        t -> ((ObjectNode) props(t, "LinksTable").get("AttributeDefinitions").get(0)).put("AttributeType", "N")),
                alter("attribute without a key", "LinksTable: AttributeDefinitions declares 'updatedAt'",
                        t -> ((ArrayNode) props(t, "LinksTable").get("AttributeDefinitions")).addObject()
                                .put("AttributeName", "updatedAt").put("AttributeType", "S")),
                alter("index projection changed",
                        "LinksTable: GlobalSecondaryIndexes 'by-salesforce-id' Projection.ProjectionType: template \"KEYS_ONLY\"",
                        t -> ((ObjectNode) props(t, "LinksTable").get("GlobalSecondaryIndexes").get(0).get("Projection"))
                                .put("ProjectionType", "KEYS_ONLY")),
                alter("index key changed", "LinksTable: GlobalSecondaryIndexes 'by-salesforce-id' KeySchema",
                        t -> ((ObjectNode) props(t, "LinksTable").get("GlobalSecondaryIndexes").get(0).get("KeySchema").get(0))
                                .put("AttributeName", "hubSpotKey")),
                alter("index renamed", "LinksTable: GlobalSecondaryIndexes 'by-salesforce-id' is in the definition but not",
                        t -> ((ObjectNode) props(t, "LinksTable").get("GlobalSecondaryIndexes").get(0))
                                .put("IndexName", "by-sf-id")),
                alter("index removed", "LinksTable: GlobalSecondaryIndexes 'by-salesforce-id' is in the definition but not",
                        t -> props(t, "LinksTable").remove("GlobalSecondaryIndexes")),
                alter("local index added", "LinksTable: LocalSecondaryIndexes",
                        t -> props(t, "LinksTable").putArray("LocalSecondaryIndexes").addObject().put("IndexName", "x")),
                alter("time to live removed", "BudgetTable: TimeToLiveSpecification is not enabled",
                        t -> props(t, "BudgetTable").remove("TimeToLiveSpecification")),
                alter("time to live disabled", "BudgetTable: TimeToLiveSpecification is not enabled",
                        t -> ((ObjectNode) props(t, "BudgetTable").get("TimeToLiveSpecification")).put("Enabled", false)),
                alter("time to live on another attribute", "BudgetTable: TimeToLiveSpecification.AttributeName",
                        t -> ((ObjectNode) props(t, "BudgetTable").get("TimeToLiveSpecification"))
                                .put("AttributeName", "expiresAt")),
                // Links and audit rows expire now (erase markers, retention); mappings never do.
                alter("time to live the definition lacks", "MappingsTable: TimeToLiveSpecification is enabled",
                        t -> props(t, "MappingsTable").putObject("TimeToLiveSpecification")
                                .put("AttributeName", "ttl").put("Enabled", true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alterations")
    void alteredTemplateIsReported(String alteration, String expected, Consumer<ObjectNode> change) {
        ObjectNode altered = SamTemplate.load().root().deepCopy();
        change.accept(altered);

        assertThat(DefinitionDrift.between(DEFINITION, altered)).as(alteration)
                .anySatisfy(difference -> assertThat(difference).contains(expected));
    }

    /**
     * The same, starting from YAML text: a redrive target written as the literal string
     * "ChangeDeadLetterQueue.Arn" instead of {@code !GetAtt ChangeDeadLetterQueue.Arn} must be caught, which a
     * tag-dropping YAML reader would miss.
     */
    @Test
    void literalInPlaceOfShortFormIntrinsicIsReported() throws Exception {
        String yaml = Files.readString(SamTemplate.LOCATION);
        String reference = "deadLetterTargetArn: !GetAtt ChangeDeadLetterQueue.Arn";
        assertThat(yaml).contains(reference);

        JsonNode altered = CloudFormationYaml.parse(yaml.replace(reference, "deadLetterTargetArn: ChangeDeadLetterQueue.Arn"));

        assertThat(DefinitionDrift.between(DEFINITION, altered))
                .containsExactly("ChangeQueue: RedrivePolicy.deadLetterTargetArn: template \"ChangeDeadLetterQueue.Arn\","
                        + " definition {\"Fn::GetAtt\":[\"ChangeDeadLetterQueue\",\"Arn\"]}");
    }

    /** Drift the other way round: the definition gains a queue the template does not declare. */
    @Test
    void queueAddedToTheDefinitionIsReported(@TempDir Path dir) throws Exception {
        ObjectNode definition = (ObjectNode) new ObjectMapper().readTree(ResourceDefinition.LOCATION.toFile());
        ((ArrayNode) definition.get("queues")).addObject().put("logicalId", "RetryQueue").put("name", "retries")
                .put("visibilityTimeoutSeconds", 30).put("messageRetentionSeconds", 345600)
                .put("receiveMessageWaitTimeSeconds", 0);
        Path file = dir.resolve("aws-resources.json");
        Files.writeString(file, definition.toString());

        assertThat(DefinitionDrift.between(ResourceDefinition.load(file), SamTemplate.load().root()))
                .containsExactly("RetryQueue: queue 'retries' is in infra/aws-resources.json but not in the template");
    }

    @Test
    void loaderTurnsShortFormIntrinsicsIntoLongForm() {
        JsonNode read = CloudFormationYaml.parse("""
                a: !Ref ChangeQueue
                b: !GetAtt ChangeDeadLetterQueue.Arn
                c: !Sub "${AWS::StackName}-links"
                d: !GetAtt [LinksTable, StreamArn]
                e: !Join [",", [!Ref A, !Ref B]]
                f: plain
                """);

        assertThat(read.toString()).isEqualTo("{\"a\":{\"Ref\":\"ChangeQueue\"},"
                + "\"b\":{\"Fn::GetAtt\":[\"ChangeDeadLetterQueue\",\"Arn\"]},"
                + "\"c\":{\"Fn::Sub\":\"${AWS::StackName}-links\"},"
                + "\"d\":{\"Fn::GetAtt\":[\"LinksTable\",\"StreamArn\"]},"
                + "\"e\":{\"Fn::Join\":[\",\",[{\"Ref\":\"A\"},{\"Ref\":\"B\"}]]},"
                + "\"f\":\"plain\"}");
    }

    @Test
    void loaderRefusesUnknownTagsAndDuplicateKeys() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("a: !Reff X\n")).hasMessageContaining("!Reff");
        assertThatThrownBy(() -> CloudFormationYaml.parse("a: 1\na: 2\n")).hasMessageContaining("duplicate key");
    }

    private static Arguments alter(String alteration, String expected, Consumer<ObjectNode> change) {
        return Arguments.of(alteration, expected, change);
    }

    private static ObjectNode resources(ObjectNode template) {
        return (ObjectNode) template.get("Resources");
    }

    private static ObjectNode props(ObjectNode template, String logicalId) {
        return (ObjectNode) resources(template).get(logicalId).get("Properties");
    }
}
