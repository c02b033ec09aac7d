package io.crmsync.localaws.iam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.deploy.SamTemplate;

/**
 * The execution role of every function in template.yaml, with its policies' intrinsic functions resolved to the
 * local stack's names: {@code !GetAtt LinksTable.Arn} becomes {@code arn:aws:dynamodb:us-east-1:000000000000:table/
 * crmsync-links}, {@code !Ref AppSecret} the secret's ARN pattern, {@code !Sub "${TenantsTable.Arn}/index/*"} the
 * index ARN pattern. Whatever the template says that this cannot evaluate exactly (a Condition, a managed policy, a
 * SAM policy template) is refused when loading, never skipped: the local check must not be more lenient than IAM.
 */
public final class TemplateRoles {

    /** The local stack's account, region and stack name (template.yaml's pseudo parameters). */
    public record Stack(String partition, String region, String accountId, String stackName) {
        public static final Stack LOCAL = new Stack("aws", "us-east-1", "000000000000", "crmsync");
    }

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final JsonNode template;
    private final Stack stack;
    private final Map<String, Role> byExport = new LinkedHashMap<>();

    private TemplateRoles(JsonNode template, Stack stack) {
        this.template = template;
        this.stack = stack;
        SamTemplate sam = SamTemplate.of(template);
        sam.functions().forEach((functionId, function) -> {
            JsonNode export = sam.environment(functionId).get("QUARKUS_FUNQY_EXPORT");
            if (export == null || !export.isTextual()) {
                throw new IllegalStateException(functionId + " has no QUARKUS_FUNQY_EXPORT");
            }
            byExport.put(export.asText(), roleOf(functionId, function.path("Properties")));
        });
    }

    public static TemplateRoles load(Stack stack) {
        return new TemplateRoles(SamTemplate.load().root(), stack);
    }

    public static TemplateRoles of(JsonNode template, Stack stack) {
        return new TemplateRoles(template, stack);
    }

    /** The role of the function exporting this Funqy function (its QUARKUS_FUNQY_EXPORT). */
    public Role roleOf(String export) {
        Role role = byExport.get(export);
        if (role == null) {
            throw new IllegalArgumentException("template.yaml deploys no function " + export + "; it has "
                    + byExport.keySet());
        }
        return role;
    }

    public Map<String, Role> byExport() {
        return Map.copyOf(byExport);
    }

    /** The ARN of a table, queue, log group or role of the template, as this stack names it. */
    public String arnOf(String logicalId) {
        return getAtt(logicalId, "Arn", "arnOf(" + logicalId + ")");
    }

    private Role roleOf(String functionId, JsonNode properties) {
        JsonNode roleRef = properties.get("Role");
        if (roleRef != null) {
            String roleId = getAttTarget(roleRef, "Arn").orElseThrow(() -> new IllegalStateException(functionId
                    + ".Role must be !GetAtt <role>.Arn of a role in the template to be checked locally"));
            JsonNode role = resource(roleId);
            if (!"AWS::IAM::Role".equals(role.path("Type").asText())) {
                throw new IllegalStateException(functionId + ".Role names " + roleId + ", not an AWS::IAM::Role");
            }
            if (role.path("Properties").has("ManagedPolicyArns")) {
                throw new IllegalStateException(roleId + " attaches managed policies, which the local IAM check cannot"
                        + " evaluate; write the statements inline");
            }
            if (properties.has("Policies")) {
                throw new IllegalStateException(functionId + " has both Role and Policies; SAM ignores Policies then");
            }
            List<PolicyStatement> statements = new ArrayList<>();
            for (JsonNode policy : role.path("Properties").path("Policies")) {
                String name = roleId + "/" + policy.path("PolicyName").asText();
                statements.addAll(statements(name, policy.path("PolicyDocument").path("Statement")));
            }
            return new Role(roleId, statements);
        }
        // SAM generates "<FunctionId>Role" from Policies, plus AWSLambdaBasicExecutionRole (logs only, not emulated).
        String roleId = functionId + "Role";
        List<PolicyStatement> statements = new ArrayList<>();
        int index = 0;
        for (JsonNode policy : properties.path("Policies")) {
            if (!policy.isObject() || policy.size() != 1 || !policy.has("Statement")) {
                throw new IllegalStateException(functionId + ".Policies[" + index + "] is not an inline {Statement: …}"
                        + " (a managed policy or SAM policy template), which the local IAM check cannot evaluate");
            }
            statements.addAll(statements(roleId + "/" + index, policy.path("Statement")));
            index++;
        }
        return new Role(roleId, statements);
    }

    private List<PolicyStatement> statements(String source, JsonNode statements) {
        List<PolicyStatement> parsed = new ArrayList<>();
        int i = 0;
        for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
            String where = source + "#" + i++;
            for (String unsupported : List.of("Condition", "Principal", "NotPrincipal")) {
                if (s.has(unsupported)) {
                    throw new IllegalStateException(where + " has a " + unsupported
                            + ", which the local IAM check does not evaluate");
                }
            }
            PolicyStatement.Effect effect = switch (s.path("Effect").asText()) {
                case "Allow" -> PolicyStatement.Effect.ALLOW;
                case "Deny" -> PolicyStatement.Effect.DENY;
                default -> throw new IllegalStateException(where + " has Effect " + s.path("Effect"));
            };
            boolean notAction = s.has("NotAction");
            boolean notResource = s.has("NotResource");
            List<String> actions = strings(s.path(notAction ? "NotAction" : "Action"), where);
            List<String> resources = strings(s.path(notResource ? "NotResource" : "Resource"), where);
            if (actions.isEmpty() || resources.isEmpty()) {
                throw new IllegalStateException(where + " needs actions and resources");
            }
            parsed.add(new PolicyStatement(where, effect, actions, notAction, resources, notResource));
        }
        return parsed;
    }

    private List<String> strings(JsonNode node, String where) {
        List<String> values = new ArrayList<>();
        if (node.isMissingNode()) {
            return values;
        }
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            values.add(resolve(item, where));
        }
        return values;
    }

    /** An intrinsic or literal resolved to the local stack's string. */
    String resolve(JsonNode value, String where) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.has("Ref")) {
            return ref(value.get("Ref").asText(), where);
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode args = value.get("Fn::GetAtt");
            return getAtt(args.get(0).asText(), args.get(1).asText(), where);
        }
        if (value.has("Fn::Sub")) {
            JsonNode sub = value.get("Fn::Sub");
            if (!sub.isTextual()) {
                throw new IllegalStateException(where + ": Fn::Sub with a variable map is not supported locally");
            }
            Matcher m = SUB_VARIABLE.matcher(sub.asText());
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String variable = m.group(1);
                int dot = variable.indexOf('.');
                String replacement = variable.startsWith("AWS::") || dot < 0 ? ref(variable, where)
                        : getAtt(variable.substring(0, dot), variable.substring(dot + 1), where);
                m.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            m.appendTail(out);
            return out.toString();
        }
        throw new IllegalStateException(where + ": cannot resolve " + value + " locally");
    }

    private String ref(String name, String where) {
        switch (name) {
            case "AWS::Partition":
                return stack.partition();
            case "AWS::Region":
                return stack.region();
            case "AWS::AccountId":
                return stack.accountId();
            case "AWS::StackName":
                return stack.stackName();
            default:
                break;
        }
        if (name.endsWith(".Alias")) {
            return "arn:" + stack.partition() + ":lambda:" + stack.region() + ":" + stack.accountId() + ":function:"
                    + name.substring(0, name.length() - ".Alias".length()) + ":live";
        }
        JsonNode resource = resource(name);
        String type = resource.path("Type").asText();
        JsonNode properties = resource.path("Properties");
        return switch (type) {
            // Secrets Manager adds "-" and six random characters to a secret's name in its ARN.
            case "AWS::SecretsManager::Secret" -> arn("secretsmanager", "secret:"
                    + resolve(properties.path("Name"), where) + "-??????");
            case "AWS::DynamoDB::Table" -> resolve(properties.path("TableName"), where);
            case "AWS::SQS::Queue" -> "https://sqs." + stack.region() + ".amazonaws.com/" + stack.accountId() + "/"
                    + resolve(properties.path("QueueName"), where);
            default -> throw new IllegalStateException(where + ": !Ref " + name + " (" + type
                    + ") is not resolved locally");
        };
    }

    private String getAtt(String resourceId, String attribute, String where) {
        JsonNode resource = resource(resourceId);
        String type = resource.path("Type").asText();
        JsonNode properties = resource.path("Properties");
        if (!"Arn".equals(attribute)) {
            throw new IllegalStateException(where + ": !GetAtt " + resourceId + "." + attribute + " is not resolved");
        }
        return switch (type) {
            case "AWS::DynamoDB::Table" -> arn("dynamodb", "table/" + resolve(properties.path("TableName"), where));
            case "AWS::SQS::Queue" -> arn("sqs", resolve(properties.path("QueueName"), where));
            // A log group's Arn attribute ends in ":*".
            case "AWS::Logs::LogGroup" -> arn("logs", "log-group:" + resolve(properties.path("LogGroupName"), where)
                    + ":*");
            case "AWS::IAM::Role" -> "arn:" + stack.partition() + ":iam::" + stack.accountId() + ":role/" + resourceId;
            default -> throw new IllegalStateException(where + ": !GetAtt " + resourceId + ".Arn (" + type
                    + ") is not resolved locally");
        };
    }

    private String arn(String service, String resource) {
        return "arn:" + stack.partition() + ":" + service + ":" + stack.region() + ":" + stack.accountId() + ":"
                + resource;
    }

    private JsonNode resource(String logicalId) {
        JsonNode resource = template.path("Resources").path(logicalId);
        if (resource.isMissingNode()) {
            throw new IllegalStateException("template.yaml has no resource " + logicalId);
        }
        return resource;
    }

    private static java.util.Optional<String> getAttTarget(JsonNode value, String attribute) {
        JsonNode args = value.get("Fn::GetAtt");
        if (args != null && args.isArray() && args.size() == 2 && attribute.equals(args.get(1).asText())) {
            return java.util.Optional.of(args.get(0).asText());
        }
        return java.util.Optional.empty();
    }
}
