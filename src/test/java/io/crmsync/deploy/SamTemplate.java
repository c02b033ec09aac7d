package io.crmsync.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/** A SAM template as a Jackson tree, with the views the deployment tests need (Globals applied to functions). */
public final class SamTemplate {

    static final Path LOCATION = Path.of("template.yaml");
    static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    /** Variable names that say "this holds a credential". */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(SECRET|TOKEN|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL).*");
    /** Well-known credential shapes: HubSpot private-app tokens, AWS access keys, JWTs, Slack, GitHub, Stripe. */
    private static final Pattern SECRET_SHAPE = Pattern.compile(
            "(pat-[a-z0-9]{2,4}-|AKIA|ASIA|eyJ|xox[abprs]-|ghp_|gho_|sk_live_|sk-)[A-Za-z0-9._-]{8,}.*");
    /** A long unbroken run of token characters mixing upper case, lower case and digits. */
    private static final Pattern HIGH_ENTROPY = Pattern.compile(
            "(?=.*[A-Z])(?=.*[a-z])(?=.*[0-9])[A-Za-z0-9+/=_.-]{24,}");

    private final JsonNode root;

    private SamTemplate(JsonNode root) {
        this.root = root;
    }

    public static SamTemplate load() {
        return new SamTemplate(CloudFormationYaml.load(LOCATION));
    }

    public static SamTemplate of(JsonNode root) {
        return new SamTemplate(root);
    }

    public JsonNode root() {
        return root;
    }

    JsonNode resource(String logicalId) {
        return root.path("Resources").path(logicalId);
    }

    JsonNode parameters() {
        return root.path("Parameters");
    }

    Map<String, JsonNode> resourcesOfType(String type) {
        Map<String, JsonNode> found = new LinkedHashMap<>();
        root.path("Resources").fields().forEachRemaining(entry -> {
            if (type.equals(entry.getValue().path("Type").asText())) {
                found.put(entry.getKey(), entry.getValue());
            }
        });
        return found;
    }

    public Map<String, JsonNode> functions() {
        return resourcesOfType(FUNCTION_TYPE);
    }

    /** A function property as deployed: the function's own value, else the one from Globals.Function. */
    JsonNode functionProperty(String functionId, String property) {
        JsonNode own = resource(functionId).path("Properties").get(property);
        return own != null ? own : root.path("Globals").path("Function").path(property);
    }

    /** The environment variable names template.yaml gives the function exporting {@code funqyExport}. */
    public java.util.Set<String> environmentNamesOf(String funqyExport) {
        return functions().keySet().stream()
                .filter(id -> funqyExport.equals(environment(id).getOrDefault("QUARKUS_FUNQY_EXPORT",
                        com.fasterxml.jackson.databind.node.TextNode.valueOf("")).asText()))
                .findFirst().map(id -> environment(id).keySet())
                .orElseThrow(() -> new IllegalArgumentException("template.yaml deploys no function " + funqyExport));
    }

    /**
     * The {@code RecursiveLoop} setting (Allow or Terminate) of the function exporting {@code funqyExport}, as
     * deployed: its own, else Globals.Function's, else Lambda's default, Terminate.
     */
    public String recursiveLoopOf(String funqyExport) {
        String id = functions().keySet().stream()
                .filter(f -> funqyExport.equals(environment(f).getOrDefault("QUARKUS_FUNQY_EXPORT",
                        com.fasterxml.jackson.databind.node.TextNode.valueOf("")).asText()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("template.yaml deploys no function " + funqyExport));
        JsonNode setting = functionProperty(id, "RecursiveLoop");
        return setting.isMissingNode() || setting.isNull() ? "Terminate" : setting.asText();
    }

    /** Globals.Function.Environment.Variables overlaid with the function's own (SAM merges them so). */
    public Map<String, JsonNode> environment(String functionId) {
        Map<String, JsonNode> variables = new LinkedHashMap<>();
        root.path("Globals").path("Function").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> variables.put(e.getKey(), e.getValue()));
        resource(functionId).path("Properties").path("Environment").path("Variables").fields()
                .forEachRemaining(e -> variables.put(e.getKey(), e.getValue()));
        return variables;
    }

    /**
     * Environment variables (in Globals or any function) whose value is a literal that looks like a secret: a
     * literal under a credential-like name, or a value shaped like a credential. References ({@code !Ref}) pass.
     */
    List<String> secretLiterals() {
        List<String> found = new ArrayList<>();
        root.path("Globals").path("Function").path("Environment").path("Variables").fields().forEachRemaining(e -> {
            if (looksLikeSecret(e.getKey(), e.getValue())) {
                found.add("Globals." + e.getKey());
            }
        });
        functions().forEach((id, function) -> function.path("Properties").path("Environment").path("Variables")
                .fields().forEachRemaining(e -> {
                    if (looksLikeSecret(e.getKey(), e.getValue())) {
                        found.add(id + "." + e.getKey());
                    }
                }));
        return found;
    }

    static boolean looksLikeSecret(String name, JsonNode value) {
        if (!value.isValueNode() || value.isNull()) {
            return false; // an intrinsic function ({"Ref": ...}, {"Fn::Sub": ...}): resolved at deploy time
        }
        String text = value.asText();
        if (SECRET_NAME.matcher(name).matches() && !text.isEmpty()) {
            return true;
        }
        return SECRET_SHAPE.matcher(text).matches() || HIGH_ENTROPY.matcher(text).matches();
    }
}
