package io.crmsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The command lines of {@code crmsync}, the admin API requests they stand for, how answers print, how it signs. */
class CrmsyncCliTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final URI FUNCTION_URL = URI.create("https://abcdefghij0123456789klmnop.lambda-url.eu-west-1.on.aws/");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:34:56Z"), ZoneOffset.UTC);

    /** A signer as for {@link #FUNCTION_URL}, with static credentials and a fixed clock: no AWS involved. */
    static FunctionUrlSigner signer() {
        return new FunctionUrlSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                SECRET_KEY)), FunctionUrlSigner.regionOf(FUNCTION_URL), CLOCK);
    }

    @TempDir
    Path dir;

    /** The request a command line stands for, as the CLI would send it; nothing is sent. */
    static ApiRequest request(String line) {
        return request(line.split(" "));
    }

    static ApiRequest request(String... args) {
        CommandLine cli = CrmsyncCli.commandLine(new CrmsyncCli.Environment(Map.of(), new PrintWriter(
                new StringWriter()), new PrintWriter(new StringWriter()), AdminApi::at, HttpClient::newHttpClient));
        ParseResult parsed = cli.parseArgs(args);
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        Object command = parsed.commandSpec().userObject();
        assertThat(command).as("a command that sends a request").isInstanceOf(ApiCommand.class);
        return ((ApiCommand) command).request();
    }

    @Test
    void tenantsSettingsAndOperations() throws Exception {
        assertThat(request("tenants list")).isEqualTo(ApiRequest.get("/tenants"));
        assertThat(request("tenants create acme").body()).isEqualTo("{\"id\":\"acme\"}");
        assertThat(request("tenants get acme").path()).isEqualTo("/tenants/acme");
        assertThat(request("settings get acme")).isEqualTo(ApiRequest.get("/tenants/acme/settings"));
        Path settings = Files.writeString(dir.resolve("settings.json"), "{\"dealSync\": true}");
        assertThat(request("settings put acme " + settings)).isEqualTo(new ApiRequest("PUT",
                "/tenants/acme/settings", "application/json", "{\"dealSync\": true}", "application/json"));
        assertThat(request("allocation get acme").path()).isEqualTo("/tenants/acme/allocation");
        assertThat(request("allocation put acme " + settings).path()).isEqualTo("/tenants/acme/allocation");
        assertThat(request("reimport acme").method()).isEqualTo("POST");
        assertThat(request("resync acme hubspot contact 101 102").body())
                .isEqualTo("{\"hubspot\":{\"type\":\"contact\",\"ids\":[\"101\",\"102\"]}}");
        assertThat(request("resync acme salesforce Lead 00Q1").body())
                .isEqualTo("{\"salesforce\":{\"type\":\"Lead\",\"ids\":[\"00Q1\"]}}");
        assertThat(request("resync acme list 77").body()).isEqualTo("{\"hubspotList\":\"77\"}");
        assertThat(request("resync acme list 77 abc").body()).isEqualTo("{\"hubspotList\":\"77\",\"after\":\"abc\"}");
        assertThat(request("dead-letters")).isEqualTo(ApiRequest.get("/dead-letters"));
        assertThat(request("dead-letters redrive").path()).isEqualTo("/dead-letters/redrive");
        assertThat(request("cdc-failed")).isEqualTo(ApiRequest.get("/cdc-failed"));
        assertThat(request("cdc-failed replay")).isEqualTo(ApiRequest.json("POST", "/cdc-failed/replay", null));
        assertThat(request("cdc-failed replay --max 50").path()).isEqualTo("/cdc-failed/replay?max=50");
        assertThat(request("openapi").path()).isEqualTo("/openapi.json");
        assertThat(request("erase acme --salesforce-id 00Q000000000001AAA").body())
                .isEqualTo("{\"salesforceId\":\"00Q000000000001AAA\"}");
        assertThat(request("erase acme --hubspot-id 101").path()).isEqualTo("/tenants/acme/erase");
        ApiRequest byEmail = request("erase acme --email ada@example.com");
        assertThat(byEmail.body()).isEqualTo("{\"email\":\"ada@example.com\"}");
        assertThat(byEmail.path()).doesNotContain("ada");
        assertThat(byEmail.secrets()).containsExactly("ada@example.com");
        assertThatThrownBy(() -> request("erase acme")).hasMessage("give exactly one of --salesforce-id, --hubspot-id"
                + " or --email");
        assertThat(request("tenants", "get", "acme corp").path()).isEqualTo("/tenants/acme+corp");
    }

    @Test
    void mappingsAreSentAsYamlAndApplyNeedsThePlanIdReviewed() throws Exception {
        Path file = Files.writeString(dir.resolve("mappings.yaml"), "contact_lead:\n  preset: recommended\n");

        assertThat(request("mappings plan acme " + file)).isEqualTo(new ApiRequest("POST",
                "/tenants/acme/mappings/plan", "application/yaml", "contact_lead:\n  preset: recommended\n",
                "application/json"));
        assertThat(request("mappings validate acme " + file).path()).isEqualTo("/tenants/acme/mappings/validate");
        assertThat(request("mappings apply acme " + file + " 0123abcd").path())
                .isEqualTo("/tenants/acme/mappings/apply?reviewed=0123abcd");
        assertThat(request("mappings get acme").accept()).isEqualTo("application/yaml");
        assertThat(request("mappings recommended").path()).isEqualTo("/mappings/recommended");
        assertThatThrownBy(() -> request("mappings apply acme " + file)).hasMessageContaining(
                "needs the planId `mappings plan` printed");
        assertThatThrownBy(() -> request("mappings apply acme /no/such.yaml 0123abcd"))
                .hasMessage("no file /no/such.yaml");
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThatThrownBy(() -> request("tenants create")).isInstanceOf(MissingParameterException.class)
                .hasMessage("Missing required parameter: '<id>'");
        assertThatThrownBy(() -> request("tenants", "create", " ")).hasMessage("missing id");
        assertThatThrownBy(() -> request("settings put acme")).isInstanceOf(MissingParameterException.class)
                .hasMessage("Missing required parameter: '<file.json>'");
        assertThatThrownBy(() -> request("settings put acme /no/such.json")).isInstanceOf(UsageException.class)
                .hasMessage("no file /no/such.json");
        assertThatThrownBy(() -> request("resync acme hubspot contact")).hasMessage(
                "resync hubspot needs at least one record id");
        assertThatThrownBy(() -> request("resync hubspot contact 101")).hasMessage("missing tenant id");
        assertThatThrownBy(() -> request("frobnicate")).isInstanceOf(UnmatchedArgumentException.class);
        assertThatThrownBy(() -> request("dead-letters forever")).isInstanceOf(UnmatchedArgumentException.class);
        assertThatThrownBy(() -> request("cdc-failed replay --max 0")).hasMessage("--max must be from 1 to 2000");
        assertThatThrownBy(() -> request("cdc-failed replay --max many")).isInstanceOf(ParameterException.class);
    }

    @Test
    void aPlanIsPrintedLineByLineWithItsId() {
        String printed = Output.render(200, "{\"planId\": \"abc\", \"plan\": [\"contact_lead: no changes\"]}");

        assertThat(printed).startsWith("  contact_lead: no changes\nplanId: abc\n");
        assertThat(Output.render(400, "{\"errors\": [\"id: bad\"]}")).startsWith("HTTP 400\n").contains("id: bad");
        assertThat(Output.render(200, "contact_lead:\n  fields: []")).isEqualTo("contact_lead:\n  fields: []\n");
    }

    @Test
    void connectingSendsTheTokenKeyAndSecretInTheBodyOnlyAndNeverShowsThem() throws Exception {
        assertThat(request("connect acme hubspot")).isEqualTo(new ApiRequest("POST",
                "/tenants/acme/connect/hubspot", "application/json", "{}", "application/json"));
        ApiRequest token = request("connect acme hubspot pat-na1-0123-secret");
        assertThat(token.body()).isEqualTo("{\"privateAppToken\":\"pat-na1-0123-secret\"}");
        assertThat(token.secrets()).containsExactly("pat-na1-0123-secret");
        assertThat(token.toString()).isEqualTo("POST /tenants/acme/connect/hubspot (application/json, 41 chars)");

        assertThat(request("connect acme salesforce").body()).isEqualTo("{\"sandbox\":false}");
        ApiRequest app = request("connect acme salesforce --client-id 3MVG9key --client-secret s3cr3t --sandbox");
        assertThat(app.path()).isEqualTo("/tenants/acme/connect/salesforce");
        assertThat(app.body()).isEqualTo("{\"sandbox\":true,\"clientId\":\"3MVG9key\",\"clientSecret\":\"s3cr3t\"}");
        assertThat(app.secrets()).containsExactly("s3cr3t");

        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n";
        Path key = Files.writeString(dir.resolve("key.pem"), pem);
        ApiRequest jwt = request("connect acme salesforce-jwt --sandbox sync@acme.example " + key
                + " --client-id 3MVG9key");
        assertThat(jwt.path()).isEqualTo("/tenants/acme/connect/salesforce");
        ObjectNode expected = JSON.createObjectNode().put("sandbox", true);
        expected.putObject("jwtBearer").put("clientId", "3MVG9key").put("username", "sync@acme.example")
                .put("privateKeyPem", pem);
        assertThat(JSON.readTree(jwt.body())).isEqualTo(expected);
        assertThat(jwt.secrets()).containsExactly(pem);
        assertThat(jwt.toString()).doesNotContain("PRIVATE KEY");
    }

    @Test
    void connectMistakesAreUsageErrorsThatQuoteNoArgument() {
        assertThat(shown("connect acme hubspot pat-secret surplus")).doesNotContain("pat-secret", "surplus")
                .contains("not repeated here");
        assertThat(shown("connect acme salesforce pat-secret")).doesNotContain("pat-secret");
        assertThat(shown("connect acme salesforce --client-secrett pat-secret")).doesNotContain("pat-secret");
        assertThat(shown("connect acme pat-secret")).doesNotContain("pat-secret");
        assertThat(shown("connect acme salesforce --sandbox=pat-secret")).doesNotContain("pat-secret");
        assertThat(shown("connect acme salesforce --client-secret pat-secret"))
                .startsWith("--client-secret goes with --client-id").doesNotContain("pat-secret");
        assertThat(shown("connect acme salesforce --client-id")).contains("'--client-id'");
        assertThat(shown("connect", "acme", "hubspot", " ")).isEqualTo("the private app token is empty");
        assertThat(shown("connect", "acme", "salesforce", "--client-id", "")).isEqualTo("--client-id needs a value");
        assertThat(shown("connect acme salesforce-jwt sync@acme.example")).isEqualTo(
                "Missing required parameter: '<key.pem>'");
        assertThat(shown("connect acme salesforce-jwt sync@acme.example /no/key.pem")).isEqualTo(
                "no file /no/key.pem");
        assertThat(shown("connect acme pipedrive")).doesNotContain("pipedrive");
        assertThat(shown("connect hubspot")).isEqualTo("missing tenant id");
        // Elsewhere an unknown command is named, and only it: what follows it could be a misplaced secret.
        assertThat(shown("conect acme hubspot pat-secret")).isEqualTo(
                "crmsync: unknown command or extra argument 'conect'");
        assertThat(shown("tenants list --client-secret=pat-secret")).isEqualTo("unknown option '--client-secret=…'");
    }

    /** What the CLI says about the usage error this command line is. */
    static String shown(String line) {
        return shown(line.split(" "));
    }

    static String shown(String... args) {
        try {
            request(args);
        } catch (ParameterException e) {
            return CrmsyncCli.shown(e);
        }
        throw new AssertionError("not a usage error: " + String.join(" ", args));
    }

    @Test
    void connectionsHealthErrorsAndHistory() {
        assertThat(request("connections acme")).isEqualTo(ApiRequest.get("/tenants/acme/connections"));
        assertThat(request("health acme")).isEqualTo(ApiRequest.get("/tenants/acme/health"));
        assertThat(request("errors-csv acme")).isEqualTo(new ApiRequest("GET", "/tenants/acme/errors.csv", null,
                null, "text/csv"));
        assertThat(request("history acme hubspot:contact:101")).isEqualTo(ApiRequest.get(
                "/tenants/acme/records/history?record=hubspot%3Acontact%3A101"));
        assertThatThrownBy(() -> request("history acme")).hasMessage("Missing required parameter: '<record>'");
        assertThatThrownBy(() -> request("health")).hasMessage("Missing required parameter: '<id>'");
    }

    @Test
    void thePagePortIsEightSevenEightSevenOrOneGiven() {
        assertThat(pagePort("page")).isEqualTo(8787);
        assertThat(pagePort("page 9000")).isEqualTo(9000);
        assertThatThrownBy(() -> pagePort("page 70000")).hasMessage("page [port]: a port is 1 to 65535, not 70000");
        assertThatThrownBy(() -> pagePort("page http")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("'http' is not an int");
    }

    private static int pagePort(String line) {
        CommandLine cli = CrmsyncCli.commandLine(new CrmsyncCli.Environment(Map.of(), new PrintWriter(
                new StringWriter()), new PrintWriter(new StringWriter()), AdminApi::at, HttpClient::newHttpClient));
        return ((PageCommand) cli.parseArgs(line.split(" ")).subcommand().commandSpec().userObject()).port();
    }

    @Test
    void anOAuthAnswerIsTheUrlToOpenAndWhatHappensNext() {
        String printed = Output.render(200, "application/json", "{\"authorizeUrl\": \"https://test.salesforce.com"
                + "/services/oauth2/authorize?client_id=x\", \"next\": \"Open authorizeUrl in a browser, log in as the"
                + " integration user.\"}");

        assertThat(printed).isEqualTo("Open this URL in a browser:\n\n"
                + "  https://test.salesforce.com/services/oauth2/authorize?client_id=x\n\n"
                + "Open authorizeUrl in a browser, log in as the integration user.\n"
                + "Then `connections <tenant id>` shows the connection.\n");
        assertThat(Output.render(200, "application/json", "{\"connected\": \"HubSpot account 7 is connected\"}"))
                .contains("\"connected\" : \"HubSpot account 7 is connected\"");
        assertThat(Output.render(200, "text/csv; charset=utf-8", "category,code\nAUTH,401"))
                .isEqualTo("category,code\nAUTH,401\n");
        assertThat(Output.render(400, "application/json", "{\"errors\": [\"privateAppToken: HubSpot refused"
                + " pat-secret\"]}")).startsWith("HTTP 400\n");
        assertThat(Output.redact("{\"errors\": [\"HubSpot refused pat-secret\", \"key -----BEGIN\\nK\"]}",
                List.of("pat-secret", "-----BEGIN\nK")))
                .isEqualTo("{\"errors\": [\"HubSpot refused ****\", \"key ****\"]}");
    }

    @Test
    void onlyAFunctionUrlIsSignedAndItsRegionComesFromTheHost() {
        assertThat(AdminApi.at("http://127.0.0.1:4284").signer()).isNull();
        assertThat(AdminApi.at("http://localhost:4284/").base()).isEqualTo(URI.create("http://localhost:4284"));
        AdminApi deployed = AdminApi.at(FUNCTION_URL.toString());
        assertThat(deployed.signer()).isNotNull();
        assertThat(deployed.signer().region()).isEqualTo("eu-west-1");
        assertThat(FunctionUrlSigner.regionOf(URI.create("https://x1.lambda-url.ap-southeast-2.on.aws")))
                .isEqualTo("ap-southeast-2");
        assertThatThrownBy(() -> AdminApi.at("https://admin.example.on.aws/")).hasMessage(
                "cannot tell the AWS region from admin.example.on.aws: a Function URL's host is"
                        + " <id>.lambda-url.<region>.on.aws");
        assertThatThrownBy(() -> AdminApi.at("127.0.0.1:4284")).hasMessageStartingWith(
                "the admin API URL (--url, or CRMSYNC_ADMIN_URL) is not an http(s) URL");

        HttpRequest local = AdminApi.at("http://127.0.0.1:4284").httpRequest(ApiRequest.get("/tenants"));
        assertThat(local.uri()).isEqualTo(URI.create("http://127.0.0.1:4284/tenants"));
        assertThat(local.headers().map()).containsOnlyKeys("accept");
    }

    @Test
    void aSignedRequestCarriesTheLambdaScopeAndTheBodyHashAndItsSignatureVerifies() throws Exception {
        String body = "{\"privateAppToken\":\"pat-na1-0123\"}";
        URI uri = URI.create(FUNCTION_URL + "tenants/acme/connect/hubspot");
        Map<String, String> headers = signer().sign("POST", uri, Map.of("content-type", "application/json",
                "accept", "application/json"), body.getBytes(StandardCharsets.UTF_8));

        assertThat(headers).containsEntry("x-amz-date", "20240501T123456Z")
                .containsEntry("x-amz-content-sha256", SigV4Check.sha256(body))
                .containsEntry("content-type", "application/json")
                .doesNotContainKey("host");
        String authorization = headers.get("authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/eu-west-1/lambda/"
                + "aws4_request, SignedHeaders=accept;content-type;host;x-amz-content-sha256;x-amz-date, Signature=");
        assertThat(authorization).doesNotContain(SECRET_KEY);

        Map<String, String> received = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        received.putAll(headers);
        received.put("host", uri.getHost());
        assertThat(SigV4Check.verifies("POST", uri.getRawPath(), null, received, body, SECRET_KEY)).isTrue();
        assertThat(SigV4Check.verifies("POST", uri.getRawPath(), null, received, body + " ", SECRET_KEY))
                .as("another body").isFalse();

        Map<String, String> query = signer().sign("GET", URI.create(FUNCTION_URL
                + "tenants/acme/records/history?record=hubspot%3Acontact%3A101"), Map.of(), new byte[0]);
        Map<String, String> receivedGet = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        receivedGet.putAll(query);
        receivedGet.put("host", FUNCTION_URL.getHost());
        assertThat(query).containsEntry("x-amz-content-sha256", SigV4Check.sha256(""));
        assertThat(SigV4Check.verifies("GET", "/tenants/acme/records/history", "record=hubspot%3Acontact%3A101",
                receivedGet, "", SECRET_KEY)).isTrue();
        assertThat(SigV4Check.verifies("GET", "/tenants/acme/records/history", "record=hubspot%3Acontact%3A102",
                receivedGet, "", SECRET_KEY)).as("another record").isFalse();
    }

    @Test
    void sessionCredentialsSendTheirTokenAndNoCredentialsIsAClearError() {
        FunctionUrlSigner session = new FunctionUrlSigner(StaticCredentialsProvider.create(
                AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "session-token-1")), "eu-west-1", CLOCK);
        Map<String, String> headers = session.sign("GET", URI.create(FUNCTION_URL + "tenants"), Map.of(), new byte[0]);
        assertThat(headers).containsEntry("x-amz-security-token", "session-token-1");
        assertThat(headers.get("authorization")).contains("x-amz-security-token");

        FunctionUrlSigner none = new FunctionUrlSigner(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }, "eu-west-1", CLOCK);
        assertThatThrownBy(() -> none.sign("GET", URI.create(FUNCTION_URL + "tenants"), Map.of(), new byte[0]))
                .isInstanceOf(MissingCredentialsException.class)
                .hasMessageStartingWith("no AWS credentials to sign the admin API requests with")
                .hasMessageContaining("AWS_PROFILE")
                .hasMessageContaining("Unable to load credentials");
    }

    @Test
    void aRefusedSignedRequestNamesBothActionsFunctionUrlsNeed() {
        assertThat(Output.FORBIDDEN).contains("403", "lambda:InvokeFunctionUrl", "lambda:InvokeFunction ",
                "October 2025");
    }
}
