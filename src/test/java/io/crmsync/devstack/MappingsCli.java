package io.crmsync.devstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.LocalFunctions;

/**
 * {@code make mappings}: runs the mapping-admin function from target/function.zip (as Lambda would) against a
 * running {@code make run} — its CRM sandboxes on the default ports and its dynalite — invokes it once and
 * prints the errors, the plan or the YAML.
 *
 * <p>Arguments: tenant, action (get | validate | plan | apply | get-settings | put-settings | reimport), file (mappings.yaml,
 * or a JSON object of settings for put-settings; not for the get actions). Environment:
 * {@code CRMSYNC_RUN_DYNAMO} (required: the DynamoDB endpoint {@code make run} printed),
 * {@code CRMSYNC_RUN_PORT_BASE} (as for {@code make run}, default 4280), optionally {@code CRMSYNC_RUN_SQS} (the
 * change queue URL it printed).
 */
public final class MappingsCli {

    private MappingsCli() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 2 || !args[1].startsWith("get") && args.length < 3) {
            fail("usage: make mappings TENANT=<id> FILE=<mappings.yaml> [ACTION=validate|plan|apply|get|reimport]");
        }
        String tenant = args[0];
        String action = args[1];
        String yaml = args.length > 2 && !args[2].isBlank()
                ? Files.readString(Path.of(args[2]), StandardCharsets.UTF_8) : null;
        String dynamo = System.getenv("CRMSYNC_RUN_DYNAMO");
        if (dynamo == null || dynamo.isBlank()) {
            fail("set CRMSYNC_RUN_DYNAMO to the DynamoDB (dynalite) endpoint `make run` printed, e.g."
                    + " CRMSYNC_RUN_DYNAMO=http://127.0.0.1:38123");
        }
        int base = Integer.parseInt(System.getenv().getOrDefault("CRMSYNC_RUN_PORT_BASE", "4280"));

        ObjectMapper json = new ObjectMapper();
        ObjectNode request = json.createObjectNode().put("tenantId", tenant).put("action", action);
        if (yaml != null && action.endsWith("-settings")) {
            request.set("settings", json.readTree(yaml));
        } else if (yaml != null) {
            request.put("yaml", yaml);
        }
        int status;
        // Closed before exiting: it stops the function's JVM, which would otherwise outlive this one.
        try (LocalFunctions functions = LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP,
                Path.of("target", "mappings-cli"))) {
            LocalFunctions.Function admin = functions.start("mapping-admin", 1, config(dynamo, base),
                    Duration.ofSeconds(60));
            byte[] answer = admin.api().invoke(json.writeValueAsBytes(request)).get(90, TimeUnit.SECONDS);
            status = print(json.readTree(answer));
        } catch (ExecutionException | TimeoutException e) {
            System.err.println("mapping-admin failed: " + e.getMessage() + " (logs in target/mappings-cli/logs)");
            status = 2;
        }
        System.exit(status);
    }

    /** The configuration {@link LocalDeployment} gives the functions, for the stack `make run` started. */
    static Map<String, String> config(String dynamoEndpoint, int portBase) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.dynamodb.endpoint-override", dynamoEndpoint);
        config.put("quarkus.dynamodb.aws.region", LocalAws.REGION);
        config.put("quarkus.dynamodb.aws.credentials.type", "static");
        config.put("quarkus.dynamodb.aws.credentials.static-provider.access-key-id", LocalAws.ACCESS_KEY);
        config.put("quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", LocalAws.SECRET_KEY);
        // The deployable checks this key at startup for every function; mapping-admin never sends to it.
        config.put("crmsync.queue.changes-url", Optional.ofNullable(System.getenv("CRMSYNC_RUN_SQS"))
                .filter(s -> !s.isBlank()).orElse("unused-by-mapping-admin"));
        config.put("crmsync.table.tenants", LocalAws.PREFIX + "tenants");
        config.put("crmsync.table.mappings", LocalAws.PREFIX + "mappings");
        config.put("crmsync.single-tenant", LocalDeployment.TENANT);
        config.put("crmsync.hubspot.access-token", LocalDeployment.HUBSPOT_TOKEN);
        config.put("quarkus.rest-client.hubspot.url", "http://127.0.0.1:" + (portBase + 1));
        config.put("quarkus.rest-client.salesforce-login.url", "http://127.0.0.1:" + (portBase + 2));
        config.put("crmsync.salesforce.client-id", LocalDeployment.SALESFORCE_CLIENT_ID);
        config.put("crmsync.salesforce.client-secret", LocalDeployment.SALESFORCE_CLIENT_SECRET);
        return config;
    }

    /** Prints the answer; the exit status is 1 when it has errors. */
    private static int print(JsonNode answer) {
        JsonNode errors = answer.path("errors");
        errors.forEach(e -> System.out.println("error: " + e.asText()));
        answer.path("plan").forEach(line -> System.out.println("  " + line.asText()));
        if (answer.hasNonNull("yaml")) {
            System.out.print(answer.path("yaml").asText());
        }
        if (answer.hasNonNull("settings")) {
            System.out.println(answer.path("settings").toPrettyString());
        }
        if (answer.path("applied").asBoolean()) {
            System.out.println("applied.");
        }
        return errors.isEmpty() ? 0 : 1;
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
