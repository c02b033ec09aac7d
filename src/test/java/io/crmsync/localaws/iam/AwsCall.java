package io.crmsync.localaws.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.localaws.iam.TemplateRoles.Stack;

/**
 * One request to a local AWS service, read as IAM reads it: the operation (from the JSON protocols' X-Amz-Target) and
 * every action-on-resource it needs to be allowed. Batch operations are authorised by their single-item action
 * (SendMessageBatch by sqs:SendMessage), a BatchWriteItem by dynamodb:BatchWriteItem on each table it names, a
 * transaction by each item's action, a Query on an index by the index's ARN, and SQS's StartMessageMoveTask by what
 * SQS itself needs to move the messages (AWS documents ReceiveMessage, DeleteMessage and GetQueueAttributes on the
 * source and SendMessage on the destination).
 *
 * @param authorizations empty only for an operation that needs none here; an operation this class does not know is
 *            refused by {@link #parse}, never let through
 */
public record AwsCall(String service, String operation, List<Authorization> authorizations) {

    /** One action on one resource ARN (or "*" for account-level actions such as ListQueues). */
    public record Authorization(String action, String resource) {
    }

    /** A request the local check cannot read: refused as AWS would refuse an unknown operation. */
    public static final class UnreadableCall extends RuntimeException {
        public UnreadableCall(String message) {
            super(message);
        }
    }

    /** What the parser needs to know of the local stack beyond the request itself. */
    public record Context(Stack stack, Function<String, Optional<String>> secretArn,
            Function<String, Optional<String>> deadLetterSourceArn) {
    }

    public static AwsCall parse(String service, String target, JsonNode body, Context context) {
        if (target == null || target.indexOf('.') < 0) {
            throw new UnreadableCall("no X-Amz-Target header: only the JSON protocols are emulated for " + service);
        }
        String operation = target.substring(target.indexOf('.') + 1);
        return switch (service) {
            case "dynamodb" -> new AwsCall(service, operation, dynamo(operation, body, context.stack()));
            case "sqs" -> new AwsCall(service, operation, sqs(operation, body, context));
            case "secretsmanager" -> new AwsCall(service, operation, secrets(operation, body, context));
            default -> throw new UnreadableCall("service " + service + " is not emulated");
        };
    }

    private static List<Authorization> dynamo(String operation, JsonNode body, Stack stack) {
        List<Authorization> needed = new ArrayList<>();
        switch (operation) {
            case "GetItem", "PutItem", "UpdateItem", "DeleteItem", "DescribeTable", "CreateTable", "DeleteTable",
                    "UpdateTable", "DescribeTimeToLive", "UpdateTimeToLive", "DescribeContinuousBackups" ->
                needed.add(new Authorization("dynamodb:" + operation, table(stack, required(body, "TableName"))));
            case "Query", "Scan" -> {
                String table = table(stack, required(body, "TableName"));
                needed.add(new Authorization("dynamodb:" + operation, body.hasNonNull("IndexName")
                        ? table + "/index/" + body.get("IndexName").asText() : table));
            }
            case "BatchGetItem", "BatchWriteItem" -> body.path("RequestItems").fieldNames().forEachRemaining(
                    name -> needed.add(new Authorization("dynamodb:" + operation, table(stack, name))));
            case "TransactWriteItems", "TransactGetItems" -> {
                for (JsonNode item : body.path("TransactItems")) {
                    item.fields().forEachRemaining(entry -> {
                        String action = switch (entry.getKey()) {
                            case "Put" -> "PutItem";
                            case "Update" -> "UpdateItem";
                            case "Delete" -> "DeleteItem";
                            case "ConditionCheck" -> "ConditionCheckItem";
                            case "Get" -> "GetItem";
                            default -> throw new UnreadableCall("unknown transaction item " + entry.getKey());
                        };
                        needed.add(new Authorization("dynamodb:" + action,
                                table(stack, required(entry.getValue(), "TableName"))));
                    });
                }
            }
            case "ListTables", "DescribeLimits", "DescribeEndpoints" ->
                needed.add(new Authorization("dynamodb:" + operation, "*"));
            default -> throw new UnreadableCall("DynamoDB operation " + operation + " is not emulated by the local"
                    + " IAM check");
        }
        return needed;
    }

    private static List<Authorization> sqs(String operation, JsonNode body, Context context) {
        Stack stack = context.stack();
        return switch (operation) {
            case "SendMessage", "SendMessageBatch" -> List.of(queue("sqs:SendMessage", body, stack));
            case "ReceiveMessage" -> List.of(queue("sqs:ReceiveMessage", body, stack));
            case "DeleteMessage", "DeleteMessageBatch" -> List.of(queue("sqs:DeleteMessage", body, stack));
            case "ChangeMessageVisibility", "ChangeMessageVisibilityBatch" ->
                List.of(queue("sqs:ChangeMessageVisibility", body, stack));
            case "GetQueueAttributes", "SetQueueAttributes", "PurgeQueue", "DeleteQueue", "ListQueueTags",
                    "TagQueue", "UntagQueue", "ListDeadLetterSourceQueues", "AddPermission", "RemovePermission" ->
                List.of(queue("sqs:" + operation, body, stack));
            case "GetQueueUrl", "CreateQueue" ->
                List.of(new Authorization("sqs:" + operation, queueArn(stack, required(body, "QueueName"))));
            case "ListQueues" -> List.of(new Authorization("sqs:ListQueues", "*"));
            case "StartMessageMoveTask" -> {
                String source = queueArn(stack, nameOfArn(required(body, "SourceArn")));
                String destination = body.hasNonNull("DestinationArn")
                        ? queueArn(stack, nameOfArn(body.get("DestinationArn").asText()))
                        : context.deadLetterSourceArn().apply(source).map(arn -> queueArn(stack, nameOfArn(arn)))
                                .orElseThrow(() -> new UnreadableCall("no queue has " + source + " as its dead-letter"
                                        + " queue, so a move task without DestinationArn has nowhere to go"));
                yield List.of(new Authorization("sqs:StartMessageMoveTask", source),
                        new Authorization("sqs:ReceiveMessage", source), new Authorization("sqs:DeleteMessage", source),
                        new Authorization("sqs:GetQueueAttributes", source),
                        new Authorization("sqs:SendMessage", destination));
            }
            case "ListMessageMoveTasks" -> List.of(new Authorization("sqs:ListMessageMoveTasks",
                    queueArn(stack, nameOfArn(required(body, "SourceArn")))));
            default -> throw new UnreadableCall("SQS operation " + operation + " is not emulated by the local IAM"
                    + " check");
        };
    }

    private static List<Authorization> secrets(String operation, JsonNode body, Context context) {
        return switch (operation) {
            case "CreateSecret" -> List.of(new Authorization("secretsmanager:CreateSecret",
                    secretArn(context, required(body, "Name"))));
            case "GetSecretValue", "PutSecretValue", "DescribeSecret", "DeleteSecret", "UpdateSecret",
                    "RestoreSecret", "RotateSecret", "TagResource", "UntagResource", "ListSecretVersionIds",
                    "UpdateSecretVersionStage", "GetResourcePolicy" ->
                List.of(new Authorization("secretsmanager:" + operation, secretArn(context,
                        required(body, "SecretId"))));
            case "ListSecrets" -> List.of(new Authorization("secretsmanager:ListSecrets", "*"));
            default -> throw new UnreadableCall("Secrets Manager operation " + operation + " is not emulated by the"
                    + " local IAM check");
        };
    }

    private static Authorization queue(String action, JsonNode body, Stack stack) {
        String url = required(body, "QueueUrl");
        return new Authorization(action, queueArn(stack, url.substring(url.lastIndexOf('/') + 1)));
    }

    static String queueArn(Stack stack, String name) {
        return "arn:" + stack.partition() + ":sqs:" + stack.region() + ":" + stack.accountId() + ":" + name;
    }

    /** ElasticMQ's ARNs carry region "elasticmq": the queue's name is what identifies it. */
    private static String nameOfArn(String arn) {
        return arn.substring(arn.lastIndexOf(':') + 1);
    }

    private static String table(Stack stack, String name) {
        return "arn:" + stack.partition() + ":dynamodb:" + stack.region() + ":" + stack.accountId() + ":table/" + name;
    }

    /** A secret named by its ARN, or by name: the ARN of the existing secret, else the name with AWS's suffix shape. */
    private static String secretArn(Context context, String id) {
        if (id.startsWith("arn:")) {
            return id;
        }
        Stack stack = context.stack();
        return context.secretArn().apply(id).orElse("arn:" + stack.partition() + ":secretsmanager:" + stack.region()
                + ":" + stack.accountId() + ":secret:" + id + "-??????");
    }

    private static String required(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new UnreadableCall("the request has no " + field);
        }
        return value.asText();
    }
}
