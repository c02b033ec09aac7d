package io.crmsync.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.localaws.ResourceDefinition;

/**
 * Differences between infra/aws-resources.json (the one definition of tables and queues) and the tables and
 * queues a CloudFormation template (as read by {@link CloudFormationYaml}) declares. An empty list means no drift.
 *
 * <p>Compared: for every table its logical id, name ({@code !Sub "${AWS::StackName}-<name>"}), key schema,
 * attribute definitions (names and types), global secondary indexes (keys and projection), that it has no
 * index the definition lacks, and its time-to-live attribute (enabled, or no TTL at all); for every queue its name, visibility timeout, retention, receive wait time and
 * redrive policy (target and maxReceiveCount), or the absence of one. Tables and queues the template declares
 * but the definition lacks, and the reverse, are differences too.
 */
final class DefinitionDrift {

    static final Set<String> TABLE_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable",
            "AWS::Serverless::SimpleTable");
    static final String TABLE_TYPE = "AWS::DynamoDB::Table";
    static final String QUEUE_TYPE = "AWS::SQS::Queue";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> differences = new ArrayList<>();

    private DefinitionDrift() {
    }

    static List<String> between(ResourceDefinition definition, JsonNode template) {
        DefinitionDrift drift = new DefinitionDrift();
        drift.compare(definition, template.path("Resources"));
        return List.copyOf(drift.differences);
    }

    private void compare(ResourceDefinition definition, JsonNode resources) {
        Set<String> definedTables = new LinkedHashSet<>();
        for (ResourceDefinition.Table table : definition.tables()) {
            definedTables.add(table.logicalId());
            compareTable(table, resources.get(table.logicalId()));
        }
        Set<String> definedQueues = new LinkedHashSet<>();
        for (ResourceDefinition.Queue queue : definition.queues()) {
            definedQueues.add(queue.logicalId());
            compareQueue(queue, resources.get(queue.logicalId()));
        }
        resources.fields().forEachRemaining(entry -> {
            String type = entry.getValue().path("Type").asText();
            if (TABLE_TYPES.contains(type) && !definedTables.contains(entry.getKey())) {
                differ(entry.getKey(), "the template declares a table (" + type + ") that infra/aws-resources.json lacks");
            }
            if (QUEUE_TYPE.equals(type) && !definedQueues.contains(entry.getKey())) {
                differ(entry.getKey(), "the template declares a queue that infra/aws-resources.json lacks");
            }
        });
    }

    // ---- tables ----------------------------------------------------------------------------------------

    private void compareTable(ResourceDefinition.Table table, JsonNode resource) {
        String id = table.logicalId();
        if (resource == null) {
            differ(id, "table '" + table.name() + "' is in infra/aws-resources.json but not in the template");
            return;
        }
        if (!TABLE_TYPE.equals(resource.path("Type").asText())) {
            differ(id, "Type: template " + resource.path("Type").asText() + ", definition " + TABLE_TYPE);
            return;
        }
        JsonNode properties = resource.path("Properties");
        expectEqual(id, "TableName", properties.get("TableName"), stackScopedName(table.name()));
        expectEqual(id, "KeySchema", properties.get("KeySchema"), keySchema(table.partitionKey(), table.sortKey()));

        Map<String, String> expectedAttributes = new LinkedHashMap<>();
        addAttribute(expectedAttributes, table.partitionKey());
        addAttribute(expectedAttributes, table.sortKey());
        table.indexes().forEach(index -> {
            addAttribute(expectedAttributes, index.partitionKey());
            addAttribute(expectedAttributes, index.sortKey());
        });
        Map<String, String> declaredAttributes = new LinkedHashMap<>();
        for (JsonNode attribute : properties.path("AttributeDefinitions")) {
            String name = attribute.path("AttributeName").asText();
            if (declaredAttributes.put(name, attribute.path("AttributeType").asText()) != null) {
                differ(id, "AttributeDefinitions declares '" + name + "' twice");
            }
        }
        expectedAttributes.forEach((name, type) -> {
            String declared = declaredAttributes.get(name);
            if (declared == null) {
                differ(id, "AttributeDefinitions lacks key attribute '" + name + "' (" + type + ")");
            } else if (!declared.equals(type)) {
                differ(id, "AttributeDefinitions '" + name + "': template " + declared + ", definition " + type);
            }
        });
        declaredAttributes.keySet().stream().filter(name -> !expectedAttributes.containsKey(name)).forEach(name -> differ(
                id, "AttributeDefinitions declares '" + name + "', which is no key of the table or an index in the definition"));

        Map<String, JsonNode> declaredIndexes = new LinkedHashMap<>();
        for (JsonNode index : properties.path("GlobalSecondaryIndexes")) {
            declaredIndexes.put(index.path("IndexName").asText(), index);
        }
        for (ResourceDefinition.Index index : table.indexes()) {
            JsonNode declared = declaredIndexes.remove(index.name());
            String what = "GlobalSecondaryIndexes '" + index.name() + "'";
            if (declared == null) {
                differ(id, what + " is in the definition but not in the template");
                continue;
            }
            expectEqual(id, what + " KeySchema", declared.get("KeySchema"), keySchema(index.partitionKey(), index.sortKey()));
            expectEqual(id, what + " Projection.ProjectionType", declared.path("Projection").get("ProjectionType"),
                    NODES.textNode(index.projection()));
        }
        declaredIndexes.keySet().forEach(name -> differ(id,
                "GlobalSecondaryIndexes '" + name + "' is in the template but not in the definition"));
        if (properties.has("LocalSecondaryIndexes")) {
            differ(id, "LocalSecondaryIndexes are declared; the definition has none");
        }
        compareTimeToLive(id, table.timeToLiveAttribute(), properties.get("TimeToLiveSpecification"));
    }

    private void compareTimeToLive(String id, String attribute, JsonNode declared) {
        boolean enabled = declared != null && declared.path("Enabled").asBoolean(false);
        if (attribute == null) {
            if (enabled) {
                differ(id, "TimeToLiveSpecification is enabled; the definition has no timeToLiveAttribute");
            }
            return;
        }
        if (!enabled) {
            differ(id, "TimeToLiveSpecification is not enabled; the definition expires items by '" + attribute + "'");
            return;
        }
        expectEqual(id, "TimeToLiveSpecification.AttributeName", declared.get("AttributeName"), NODES.textNode(attribute));
    }

    private void addAttribute(Map<String, String> attributes, ResourceDefinition.KeyAttribute key) {
        if (key != null) {
            attributes.put(key.name(), key.type());
        }
    }

    private static ArrayNode keySchema(ResourceDefinition.KeyAttribute partitionKey, ResourceDefinition.KeyAttribute sortKey) {
        ArrayNode schema = NODES.arrayNode();
        schema.addObject().put("AttributeName", partitionKey.name()).put("KeyType", "HASH");
        if (sortKey != null) {
            schema.addObject().put("AttributeName", sortKey.name()).put("KeyType", "RANGE");
        }
        return schema;
    }

    // ---- queues ----------------------------------------------------------------------------------------

    private void compareQueue(ResourceDefinition.Queue queue, JsonNode resource) {
        String id = queue.logicalId();
        if (resource == null) {
            differ(id, "queue '" + queue.name() + "' is in infra/aws-resources.json but not in the template");
            return;
        }
        if (!QUEUE_TYPE.equals(resource.path("Type").asText())) {
            differ(id, "Type: template " + resource.path("Type").asText() + ", definition " + QUEUE_TYPE);
            return;
        }
        JsonNode properties = resource.path("Properties");
        expectEqual(id, "QueueName", properties.get("QueueName"), stackScopedName(queue.name()));
        expectNumber(id, "VisibilityTimeout", properties.get("VisibilityTimeout"), queue.visibilityTimeoutSeconds());
        expectNumber(id, "MessageRetentionPeriod", properties.get("MessageRetentionPeriod"), queue.messageRetentionSeconds());
        expectNumber(id, "ReceiveMessageWaitTimeSeconds", properties.get("ReceiveMessageWaitTimeSeconds"),
                queue.receiveMessageWaitTimeSeconds());
        if (properties.path("FifoQueue").asBoolean(false)) {
            differ(id, "FifoQueue is true; the definition's queues are standard queues");
        }

        JsonNode redrive = redrivePolicy(id, properties.get("RedrivePolicy"));
        if (queue.deadLetter() == null) {
            if (redrive != null) {
                differ(id, "RedrivePolicy is declared; the definition has no dead-letter queue for this queue");
            }
            return;
        }
        if (redrive == null) {
            differ(id, "RedrivePolicy is missing; the definition sends to " + queue.deadLetter().logicalId()
                    + " after " + queue.deadLetter().maxReceiveCount() + " receives");
            return;
        }
        ObjectNode target = NODES.objectNode();
        target.putArray("Fn::GetAtt").add(queue.deadLetter().logicalId()).add("Arn");
        expectEqual(id, "RedrivePolicy.deadLetterTargetArn", redrive.get("deadLetterTargetArn"), target);
        expectNumber(id, "RedrivePolicy.maxReceiveCount", redrive.get("maxReceiveCount"), queue.deadLetter().maxReceiveCount());
    }

    /** CloudFormation takes the redrive policy as an object or as a JSON string. */
    private JsonNode redrivePolicy(String id, JsonNode declared) {
        if (declared == null || declared.isNull()) {
            return null;
        }
        if (declared.isTextual()) {
            try {
                return JSON.readTree(declared.asText());
            } catch (JsonProcessingException e) {
                differ(id, "RedrivePolicy is a string that is no JSON: " + declared.asText());
                return NODES.objectNode();
            }
        }
        return declared;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static ObjectNode stackScopedName(String name) {
        return NODES.objectNode().put("Fn::Sub", "${AWS::StackName}-" + name);
    }

    private void expectEqual(String id, String what, JsonNode declared, JsonNode expected) {
        if (!Objects.equals(declared, expected)) {
            differ(id, what + ": template " + (declared == null ? "(not set)" : declared) + ", definition " + expected);
        }
    }

    /** Numbers may be written as YAML numbers or strings ("360"); both mean the same to CloudFormation. */
    private void expectNumber(String id, String what, JsonNode declared, int expected) {
        if (declared == null || declared.isNull()) {
            differ(id, what + ": template (not set, the AWS default applies), definition " + expected);
        } else if (!(declared.isNumber() || declared.isTextual()) || !declared.asText().equals(String.valueOf(expected))) {
            differ(id, what + ": template " + declared + ", definition " + expected);
        }
    }

    private void differ(String logicalId, String difference) {
        differences.add(logicalId + ": " + difference);
    }
}
