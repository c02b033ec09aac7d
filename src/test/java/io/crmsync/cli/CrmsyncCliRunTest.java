package io.crmsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Whole command lines run as {@code main} runs them (exit status, stdout, stderr), against a JDK HttpServer standing
 * in for the admin API: help, usage errors, error answers, JSON for scripts, signing, completion.
 */
class CrmsyncCliRunTest {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the stand-in admin API received it. */
    record Received(String method, String rawPath, String rawQuery, Map<String, String> headers, String body) {
    }

    /** What one run printed and how it ended. */
    record Run(int status, String out, String err) {
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<String> adminUrls = new ArrayList<>();
    private HttpServer adminApi;
    private URI adminBase;

    @TempDir
    Path dir;

    @BeforeEach
    void startAdminApi() throws IOException {
        adminApi = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        adminApi.createContext("/", exchange -> {
            try (exchange; InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                URI uri = exchange.getRequestURI();
                received.add(new Received(exchange.getRequestMethod(), uri.getRawPath(), uri.getRawQuery(), headers,
                        body));
                Answer answer = switch (uri.getRawPath()) {
                    case "/tenants" -> new Answer(200, "application/json", "{\"tenants\": [{\"id\": \"acme\"}]}");
                    case "/tenants/acme/settings" -> new Answer(200, "application/json", body);
                    case "/mappings/recommended" -> new Answer(200, "application/yaml",
                            "contact_lead:\n  preset: recommended\n");
                    case "/tenants/acme/connect/hubspot" -> new Answer(400, "application/json",
                            "{\"errors\": [\"privateAppToken: HubSpot refused " + body.replaceAll(".*:\"|\"}", "")
                                    + "\"]}");
                    case "/tenants/locked" -> new Answer(403, "application/json", "{\"Message\": \"Forbidden\"}");
                    default -> new Answer(404, "application/json", "{\"errors\": [\"no tenant nope\"]}");
                };
                byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("content-type", answer.contentType());
                exchange.sendResponseHeaders(answer.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        });
        adminApi.start();
        adminBase = URI.create("http://127.0.0.1:" + adminApi.getAddress().getPort());
    }

    private record Answer(int status, String contentType, String body) {
    }

    @AfterEach
    void stop() {
        adminApi.stop(0);
    }

    /** Runs {@code crmsync <args>} against the stand-in: every admin URL leads there, signed by {@code signer}. */
    private Run run(Map<String, String> variables, FunctionUrlSigner signer, String... args) {
        Function<String, AdminApi> apiAt = url -> {
            AdminApi.at(url);
            adminUrls.add(url);
            return new AdminApi(adminBase, signer);
        };
        return run(variables, apiAt, args);
    }

    private Run run(Map<String, String> variables, Function<String, AdminApi> apiAt, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = CrmsyncCli.commandLine(new CrmsyncCli.Environment(variables, new PrintWriter(out),
                new PrintWriter(err), apiAt, HttpClient::newHttpClient)).execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(Map.of(), (FunctionUrlSigner) null, args);
    }

    @Test
    void everyCommandHasADescriptionAndItsHelpExitsZero() {
        CommandLine cli = CrmsyncCli.commandLine(new CrmsyncCli.Environment(Map.of(), new PrintWriter(
                new StringWriter()), new PrintWriter(new StringWriter()), AdminApi::at, HttpClient::newHttpClient));
        List<CommandLine> commands = CrmsyncCli.everyCommand(cli);
        assertThat(commands).as("every command and subcommand").hasSize(38);

        for (CommandLine command : commands) {
            CommandSpec spec = command.getCommandSpec();
            assertThat(String.join(" ", spec.usageMessage().description())).as(spec.qualifiedName()).isNotBlank();
            List<String> path = new ArrayList<>(List.of(spec.qualifiedName().split(" ")));
            path.remove(0);
            path.add("--help");
            Run help = run(path.toArray(String[]::new));
            assertThat(help.status()).as(spec.qualifiedName() + " --help").isZero();
            assertThat(help.out()).as(spec.qualifiedName() + " --help").contains("Usage: ", spec.name(),
                    "--help");
            assertThat(help.err()).isEmpty();
        }
        assertThat(commands).extracting(c -> c.getCommandSpec().qualifiedName()).contains("crmsync tenants create",
                "crmsync connect salesforce-jwt", "crmsync settings put", "crmsync allocation get",
                "crmsync mappings apply", "crmsync resync list", "crmsync errors-csv", "crmsync history",
                "crmsync page", "crmsync dead-letters redrive", "crmsync openapi", "crmsync generate-completion",
                "crmsync erase");
        assertThat(run("--help").out()).contains("Exit status:", "0   success", "1   the admin API answered an error",
                "2   usage error", "--json", "generate-completion");
        assertThat(run("settings", "put", "--help").out()).contains("Change the tenant's settings");
        assertThat(run("allocation", "put", "--help").out()).contains("Change the tenant's allocation");
        assertThat(run("--version").out()).startsWith("crmsync ");
        assertThat(received).isEmpty();
    }

    @Test
    void aUsageErrorExitsTwoAndSaysWhat() {
        Run missing = run("tenants", "create");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.out()).isEmpty();
        assertThat(missing.err()).startsWith("Missing required parameter: '<id>'\nUsage: crmsync tenants create")
                .contains("Try 'crmsync tenants create --help'");

        Run unknown = run("frobnicate");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown command or extra argument 'frobnicate'", "Commands:", "tenants");
        assertThat(run().status()).isEqualTo(2);
        assertThat(run("tenants").err()).startsWith("Missing required subcommand: one of list, create, get");
        assertThat(run("settings", "put", "acme", dir.resolve("none.json").toString()).status()).isEqualTo(2);
        assertThat(run("--url", "ftp://admin.example", "tenants", "list").err()).startsWith(
                "the admin API URL (--url, or CRMSYNC_ADMIN_URL) is not an http(s) URL: ftp://admin.example");
        assertThat(run("connect", "acme", "salesforce", "pat-secret").err()).doesNotContain("pat-secret");

        Run json = run("--json", "tenants", "create");
        assertThat(json.status()).isEqualTo(2);
        assertThat(json.err()).isEmpty();
        assertThat(parse(json.out())).isEqualTo(parse("{\"status\": null, \"error\":"
                + " \"Missing required parameter: '<id>'\"}"));
        assertThat(received).isEmpty();
    }

    @Test
    void anErrorAnswerExitsOneAndIsShown() throws Exception {
        Run notFound = run("tenants", "get", "nope");
        assertThat(notFound.status()).isEqualTo(1);
        assertThat(notFound.out()).startsWith("HTTP 404\n").contains("\"no tenant nope\"");

        Run json = run("tenants", "get", "nope", "-o", "json");
        assertThat(json.status()).isEqualTo(1);
        assertThat(json.err()).isEmpty();
        assertThat(parse(json.out())).isEqualTo(parse("{\"status\": 404, \"error\": {\"errors\": [\"no tenant"
                + " nope\"]}}"));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        Run unreachable = run(Map.of("CRMSYNC_ADMIN_URL", "http://127.0.0.1:" + closedPort), AdminApi::at,
                "tenants", "list");
        assertThat(unreachable.status()).isEqualTo(1);
        assertThat(unreachable.err()).startsWith("nothing answers at http://127.0.0.1:" + closedPort);
        Run unreachableJson = run(Map.of("CRMSYNC_ADMIN_URL", "http://127.0.0.1:" + closedPort), AdminApi::at,
                "--json", "tenants", "list");
        assertThat(unreachableJson.status()).isEqualTo(1);
        assertThat(parse(unreachableJson.out()).get("status").isNull()).isTrue();
        assertThat(parse(unreachableJson.out()).get("error").asText()).startsWith("nothing answers at");
    }

    @Test
    void jsonOutputIsOneCompactDocumentOfTheAnswer() throws Exception {
        Run text = run("tenants", "list");
        assertThat(text.status()).isZero();
        assertThat(text.out()).isEqualTo("{\n  \"tenants\" : [ {\n    \"id\" : \"acme\"\n  } ]\n}\n");

        for (String[] args : List.of(new String[] {"--json", "tenants", "list"},
                new String[] {"tenants", "list", "--json"}, new String[] {"-o", "json", "tenants", "list"},
                new String[] {"tenants", "list", "--output=json"})) {
            Run json = run(args);
            assertThat(json.status()).isZero();
            assertThat(json.out()).as(String.join(" ", args)).isEqualTo("{\"tenants\":[{\"id\":\"acme\"}]}\n");
        }
        Run yaml = run("--json", "mappings", "recommended");
        assertThat(parse(yaml.out()).asText()).isEqualTo("contact_lead:\n  preset: recommended\n");
        assertThat(run("mappings", "recommended").out()).isEqualTo("contact_lead:\n  preset: recommended\n");

        Path settings = Files.writeString(dir.resolve("settings.json"), "{\"dealSync\": true}");
        Run put = run("--json", "settings", "put", "acme", settings.toString());
        assertThat(parse(put.out())).isEqualTo(parse("{\"dealSync\": true}"));
        Received request = received.stream().filter(r -> r.method().equals("PUT")).findFirst().orElseThrow();
        assertThat(request.rawPath()).isEqualTo("/tenants/acme/settings");
        assertThat(request.headers()).containsEntry("content-type", "application/json");
    }

    @Test
    void aSecretTheAnswerEchoesIsMaskedInTextAndJson() {
        Run text = run("connect", "acme", "hubspot", "pat-na1-secret");
        assertThat(text.status()).isEqualTo(1);
        assertThat(text.out()).contains("HubSpot refused ****").doesNotContain("pat-na1-secret");

        Run json = run("--json", "connect", "acme", "hubspot", "pat-na1-secret");
        assertThat(json.out()).doesNotContain("pat-na1-secret");
        assertThat(parse(json.out()).at("/error/errors/0").asText()).isEqualTo(
                "privateAppToken: HubSpot refused ****");
        assertThat(received).extracting(Received::body).containsOnly("{\"privateAppToken\":\"pat-na1-secret\"}");
    }

    @Test
    void theAdminUrlIsTheOptionElseTheEnvironmentElseMakeRunsPort() {
        run(Map.of("CRMSYNC_RUN_PORT_BASE", "5000"), (FunctionUrlSigner) null, "tenants", "list");
        run(Map.of(), (FunctionUrlSigner) null, "tenants", "list");
        run(Map.of("CRMSYNC_ADMIN_URL", "https://abc.lambda-url.eu-west-1.on.aws/"), (FunctionUrlSigner) null,
                "tenants", "list");
        run(Map.of("CRMSYNC_ADMIN_URL", "https://abc.lambda-url.eu-west-1.on.aws/"), (FunctionUrlSigner) null,
                "tenants", "list", "--url", "http://127.0.0.1:9999");

        assertThat(adminUrls).containsExactly("http://127.0.0.1:5004", "http://127.0.0.1:4284",
                "https://abc.lambda-url.eu-west-1.on.aws/", "http://127.0.0.1:9999");
    }

    @Test
    void aDeployedStackIsCalledWithSigV4AndA403SaysWhichPermissionsItNeeds() throws Exception {
        Path settings = Files.writeString(dir.resolve("settings.json"), "{\"dealSync\": true}");
        Map<String, String> deployed = Map.of("CRMSYNC_ADMIN_URL", CrmsyncCliTest.FUNCTION_URL.toString());

        assertThat(run(deployed, CrmsyncCliTest.signer(), "tenants", "list").status()).isZero();
        assertThat(run(deployed, CrmsyncCliTest.signer(), "settings", "put", "acme", settings.toString()).status())
                .isZero();

        Received get = received.poll(5, TimeUnit.SECONDS);
        Received put = received.poll(5, TimeUnit.SECONDS);
        assertThat(get.headers().get("authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"
                + "20240501/eu-west-1/lambda/aws4_request, SignedHeaders=");
        assertThat(SigV4Check.verifies("GET", get.rawPath(), get.rawQuery(), get.headers(), get.body(),
                CrmsyncCliTest.SECRET_KEY)).isTrue();
        assertThat(put.headers().get("x-amz-content-sha256")).isEqualTo(SigV4Check.sha256("{\"dealSync\": true}"));
        assertThat(SigV4Check.verifies("PUT", put.rawPath(), put.rawQuery(), put.headers(), put.body(),
                CrmsyncCliTest.SECRET_KEY)).isTrue();

        Run refused = run(deployed, CrmsyncCliTest.signer(), "tenants", "get", "locked");
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.out()).startsWith("HTTP 403\n");
        assertThat(refused.err()).contains("lambda:InvokeFunctionUrl and lambda:InvokeFunction");
        Run refusedJson = run(deployed, CrmsyncCliTest.signer(), "--json", "tenants", "get", "locked");
        assertThat(parse(refusedJson.out()).get("hint").asText()).isEqualTo(Output.FORBIDDEN);
        assertThat(refusedJson.err()).isEmpty();

        Run local = run("tenants", "list");
        assertThat(local.status()).isZero();
        assertThat(received.stream().filter(r -> r.rawPath().equals("/tenants")).reduce((a, b) -> b).orElseThrow()
                .headers()).doesNotContainKey("authorization");
    }

    @Test
    void noCredentialsForADeployedStackIsAClearErrorAndNothingIsSent() {
        FunctionUrlSigner none = new FunctionUrlSigner(() -> {
            throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load credentials");
        }, "eu-west-1", CrmsyncCliTest.CLOCK);

        Run run = run(Map.of(), none, "tenants", "list");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).startsWith("no AWS credentials to sign the admin API requests with");
        assertThat(received).isEmpty();
    }

    @Test
    void generateCompletionPrintsABashAndZshCompletionScript() {
        Run completion = run("generate-completion");

        assertThat(completion.status()).isZero();
        assertThat(completion.out()).startsWith("#!/usr/bin/env bash").contains("complete -F", "_complete_crmsync",
                "tenants", "connect", "salesforce-jwt", "dead-letters", "redrive", "--json", "--url");
        assertThat(run("--help").out()).contains("generate-completion  Generate bash/zsh completion script");
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
