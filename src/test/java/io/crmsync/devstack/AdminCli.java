package io.crmsync.devstack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code make crmsync ARGS="…"}: the admin API of a running {@code make run}, from the command line. Each command
 * is one HTTP request to the admin-api Function URL; the answer is printed (JSON pretty-printed, a mappings.yaml as
 * is), and the exit status is 0 for a 2xx answer, 1 for an error answer, 2 for a usage error.
 *
 * <p>Environment: {@code CRMSYNC_ADMIN_URL} (default http://127.0.0.1:&lt;CRMSYNC_RUN_PORT_BASE + 4&gt;, the port
 * {@code make run} gives the admin API).
 */
public final class AdminCli {

    /** The admin API's port is {@code make run}'s port base plus this. */
    static final int PORT_OFFSET = 4;

    static final String USAGE = """
            usage: make crmsync ARGS="<command>"
              tenants list | tenants create <id> | tenants get <id>
              settings get <id> | settings put <id> <settings.json>
              allocation get <id> | allocation put <id> <allocation.json>
              mappings recommended | mappings get <id>
              mappings validate|plan <id> <mappings.yaml>
              mappings apply <id> <mappings.yaml> <planId>     (the planId that plan printed)
              reimport <id>
              resync <id> hubspot <contact|company|deal|…> <record id>…
              resync <id> salesforce <Lead|Contact|Account|Opportunity|Task> <record id>…
              resync <id> list <HubSpot list id> [after]
              dead-letters | dead-letters redrive
              openapi""";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminCli() {
    }

    /** One admin API request; {@code body} null for none. */
    record Request(String method, String path, String contentType, String body, boolean yamlAnswer) {

        static Request get(String path) {
            return new Request("GET", path, null, null, false);
        }

        static Request json(String method, String path, JsonNode body) {
            return new Request(method, path, "application/json", body == null ? null : body.toString(), false);
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Request request;
        try {
            request = request(List.of(args));
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        String base = System.getenv().getOrDefault("CRMSYNC_ADMIN_URL", "http://127.0.0.1:"
                + (Integer.parseInt(System.getenv().getOrDefault("CRMSYNC_RUN_PORT_BASE", "4280")) + PORT_OFFSET));
        HttpRequest.Builder http = HttpRequest.newBuilder(URI.create(base.replaceAll("/+$", "") + request.path()))
                .timeout(Duration.ofSeconds(150))
                .method(request.method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        if (request.contentType() != null) {
            http.header("content-type", request.contentType());
        }
        http.header("accept", request.yamlAnswer() ? "application/yaml" : "application/json");
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(http.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            System.err.println("nothing answers at " + base + ": start the stack with `make run` (or set"
                    + " CRMSYNC_ADMIN_URL)");
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("admin API call failed: " + e);
            System.exit(2);
            return;
        }
        System.out.print(render(response.statusCode(), response.body()));
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }

    /** What to print: YAML as is; JSON pretty, with a plan's lines and the command that applies it. */
    static String render(int status, String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return body.endsWith("\n") ? body : body + "\n";
        }
        if (answer == null) {
            return "HTTP " + status + "\n";
        }
        StringBuilder out = new StringBuilder();
        if (status / 100 != 2) {
            out.append("HTTP ").append(status).append('\n');
        }
        if (answer.path("plan").isArray() && answer.hasNonNull("planId")) {
            answer.path("plan").forEach(line -> out.append("  ").append(line.asText()).append('\n'));
            out.append("planId: ").append(answer.path("planId").asText()).append('\n');
        }
        out.append(answer.toPrettyString()).append('\n');
        return out.toString();
    }

    /** The request a command line stands for. */
    static Request request(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("no command");
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (command) {
            case "tenants" -> tenants(rest);
            case "settings", "allocation" -> config(command, rest);
            case "mappings" -> mappings(rest);
            case "reimport" -> Request.json("POST", tenant(rest, 0) + "/reimport", null);
            case "resync" -> resync(rest);
            case "dead-letters" -> rest.isEmpty() ? Request.get("/dead-letters")
                    : expect(rest, 1, "dead-letters redrive").equals("redrive")
                            ? Request.json("POST", "/dead-letters/redrive", null)
                            : fail("dead-letters takes nothing or redrive");
            case "openapi" -> Request.get("/openapi.json");
            default -> fail("unknown command " + command);
        };
    }

    private static Request tenants(List<String> args) throws UsageException {
        String action = expect(args, 1, "tenants list|create|get");
        return switch (action) {
            case "list" -> Request.get("/tenants");
            case "create" -> Request.json("POST", "/tenants", JSON.createObjectNode().put("id", arg(args, 1, "id")));
            case "get" -> Request.get(tenant(args, 1));
            default -> fail("tenants list|create|get, not " + action);
        };
    }

    private static Request config(String what, List<String> args) throws UsageException {
        String action = expect(args, 2, what + " get|put <id>");
        String path = tenant(args, 1) + "/" + what;
        return switch (action) {
            case "get" -> Request.get(path);
            case "put" -> new Request("PUT", path, "application/json", file(arg(args, 2, what + ".json")), false);
            default -> fail(what + " get|put, not " + action);
        };
    }

    private static Request mappings(List<String> args) throws UsageException {
        String action = expect(args, 1, "mappings recommended|get|validate|plan|apply");
        return switch (action) {
            case "recommended" -> new Request("GET", "/mappings/recommended", null, null, true);
            case "get" -> new Request("GET", tenant(args, 1) + "/mappings", null, null, true);
            case "validate", "plan" -> new Request("POST", tenant(args, 1) + "/mappings/" + action,
                    "application/yaml", file(arg(args, 2, "mappings.yaml")), false);
            case "apply" -> {
                String yaml = file(arg(args, 2, "mappings.yaml"));
                if (args.size() < 4) {
                    throw new UsageException("mappings apply needs the planId `mappings plan` printed for this file:"
                            + " review the plan first, then apply what you reviewed");
                }
                yield new Request("POST", tenant(args, 1) + "/mappings/apply?reviewed="
                        + URLEncoder.encode(args.get(3), StandardCharsets.UTF_8), "application/yaml", yaml, false);
            }
            default -> fail("mappings recommended|get|validate|plan|apply, not " + action);
        };
    }

    private static Request resync(List<String> args) throws UsageException {
        String path = tenant(args, 0) + "/resync";
        String side = arg(args, 1, "hubspot|salesforce|list");
        ObjectNode body = JSON.createObjectNode();
        switch (side) {
            case "hubspot", "salesforce" -> {
                ObjectNode records = body.putObject(side).put("type", arg(args, 2, "object type"));
                ArrayNode ids = records.putArray("ids");
                if (args.size() < 4) {
                    throw new UsageException("resync " + side + " needs at least one record id");
                }
                args.subList(3, args.size()).forEach(ids::add);
            }
            case "list" -> {
                body.put("hubspotList", arg(args, 2, "HubSpot list id"));
                if (args.size() > 3) {
                    body.put("after", args.get(3));
                }
            }
            default -> fail("resync <id> hubspot|salesforce|list, not " + side);
        }
        return Request.json("POST", path, body);
    }

    private static String tenant(List<String> args, int index) throws UsageException {
        return "/tenants/" + URLEncoder.encode(arg(args, index, "tenant id"), StandardCharsets.UTF_8);
    }

    private static String arg(List<String> args, int index, String what) throws UsageException {
        if (args.size() <= index || args.get(index).isBlank()) {
            throw new UsageException("missing " + what);
        }
        return args.get(index);
    }

    /** The first argument, after checking there are at least {@code count}. */
    private static String expect(List<String> args, int count, String usage) throws UsageException {
        if (args.size() < count) {
            throw new UsageException("usage: " + usage);
        }
        return args.get(0);
    }

    private static String file(String name) throws UsageException {
        try {
            return Files.readString(Path.of(name), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("no file " + name);
        } catch (IOException e) {
            throw new UsageException("cannot read " + name + ": " + e.getMessage());
        }
    }

    private static Request fail(String message) throws UsageException {
        throw new UsageException(message);
    }
}
