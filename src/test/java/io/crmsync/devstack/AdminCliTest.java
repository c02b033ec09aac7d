package io.crmsync.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The command lines of {@code make crmsync}, the admin API requests they stand for, and how those are signed. */
class AdminCliTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ACCESS_KEY = "AKIDEXAMPLE";
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    static final URI FUNCTION_URL = URI.create("https://abcdefghij0123456789klmnop.lambda-url.eu-west-1.on.aws/");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:34:56Z"), ZoneOffset.UTC);

    /** A signer as for {@link #FUNCTION_URL}, with static credentials and a fixed clock: no AWS involved. */
    static AdminCli.FunctionUrlSigner signer() {
        return new AdminCli.FunctionUrlSigner(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                SECRET_KEY)), AdminCli.FunctionUrlSigner.regionOf(FUNCTION_URL), CLOCK);
    }

    @TempDir
    Path dir;

    static AdminCli.Request request(String line) throws AdminCli.UsageException {
        return AdminCli.request(List.of(line.split(" ")));
    }

    @Test
    void tenantsSettingsAndOperations() throws Exception {
        assertThat(request("tenants list")).isEqualTo(AdminCli.Request.get("/tenants"));
        assertThat(request("tenants create acme").body()).isEqualTo("{\"id\":\"acme\"}");
        assertThat(request("tenants get acme").path()).isEqualTo("/tenants/acme");
        assertThat(request("settings get acme")).isEqualTo(AdminCli.Request.get("/tenants/acme/settings"));
        Path settings = Files.writeString(dir.resolve("settings.json"), "{\"dealSync\": true}");
        assertThat(request("settings put acme " + settings)).isEqualTo(new AdminCli.Request("PUT",
                "/tenants/acme/settings", "application/json", "{\"dealSync\": true}", "application/json"));
        assertThat(request("allocation get acme").path()).isEqualTo("/tenants/acme/allocation");
        assertThat(request("reimport acme").method()).isEqualTo("POST");
        assertThat(request("resync acme hubspot contact 101 102").body())
                .isEqualTo("{\"hubspot\":{\"type\":\"contact\",\"ids\":[\"101\",\"102\"]}}");
        assertThat(request("resync acme list 77").body()).isEqualTo("{\"hubspotList\":\"77\"}");
        assertThat(request("dead-letters")).isEqualTo(AdminCli.Request.get("/dead-letters"));
        assertThat(request("dead-letters redrive").path()).isEqualTo("/dead-letters/redrive");
        assertThat(request("openapi").path()).isEqualTo("/openapi.json");
    }

    @Test
    void mappingsAreSentAsYamlAndApplyNeedsThePlanIdReviewed() throws Exception {
        Path file = Files.writeString(dir.resolve("mappings.yaml"), "contact_lead:\n  preset: recommended\n");

        assertThat(request("mappings plan acme " + file)).isEqualTo(new AdminCli.Request("POST",
                "/tenants/acme/mappings/plan", "application/yaml", "contact_lead:\n  preset: recommended\n",
                "application/json"));
        assertThat(request("mappings apply acme " + file + " 0123abcd").path())
                .isEqualTo("/tenants/acme/mappings/apply?reviewed=0123abcd");
        assertThat(request("mappings get acme").accept()).isEqualTo("application/yaml");
        assertThatThrownBy(() -> request("mappings apply acme " + file)).hasMessageContaining(
                "needs the planId `mappings plan` printed");
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThatThrownBy(() -> AdminCli.request(List.of())).hasMessage("no command");
        assertThatThrownBy(() -> request("tenants create")).hasMessage("missing id");
        assertThatThrownBy(() -> request("settings put acme")).hasMessage("missing settings.json");
        assertThatThrownBy(() -> request("settings put acme /no/such.json")).hasMessage("no file /no/such.json");
        assertThatThrownBy(() -> request("resync acme hubspot contact")).hasMessageContaining("at least one record id");
        assertThatThrownBy(() -> request("frobnicate")).hasMessage("unknown command frobnicate");
    }

    @Test
    void aPlanIsPrintedLineByLineWithItsId() {
        String printed = AdminCli.render(200, "{\"planId\": \"abc\", \"plan\": [\"contact_lead: no changes\"]}");

        assertThat(printed).startsWith("  contact_lead: no changes\nplanId: abc\n");
        assertThat(AdminCli.render(400, "{\"errors\": [\"id: bad\"]}")).startsWith("HTTP 400\n").contains("id: bad");
        assertThat(AdminCli.render(200, "contact_lead:\n  fields: []")).isEqualTo("contact_lead:\n  fields: []\n");
    }

    @Test
    void connectingSendsTheTokenKeyAndSecretInTheBodyOnlyAndNeverShowsThem() throws Exception {
        assertThat(request("connect acme hubspot")).isEqualTo(new AdminCli.Request("POST",
                "/tenants/acme/connect/hubspot", "application/json", "{}", "application/json"));
        AdminCli.Request token = request("connect acme hubspot pat-na1-0123-secret");
        assertThat(token.body()).isEqualTo("{\"privateAppToken\":\"pat-na1-0123-secret\"}");
        assertThat(token.secrets()).containsExactly("pat-na1-0123-secret");
        assertThat(token.toString()).isEqualTo("POST /tenants/acme/connect/hubspot (application/json, 41 chars)");

        assertThat(request("connect acme salesforce").body()).isEqualTo("{\"sandbox\":false}");
        AdminCli.Request app = request("connect acme salesforce --client-id 3MVG9key --client-secret s3cr3t --sandbox");
        assertThat(app.path()).isEqualTo("/tenants/acme/connect/salesforce");
        assertThat(app.body()).isEqualTo("{\"sandbox\":true,\"clientId\":\"3MVG9key\",\"clientSecret\":\"s3cr3t\"}");
        assertThat(app.secrets()).containsExactly("s3cr3t");

        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBg\n-----END PRIVATE KEY-----\n";
        Path key = Files.writeString(dir.resolve("key.pem"), pem);
        AdminCli.Request jwt = request("connect acme salesforce-jwt --sandbox sync@acme.example " + key
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
        assertThatThrownBy(() -> request("connect acme hubspot pat-secret extra")).hasMessage(
                "connect <id> hubspot takes at most one argument, a private app token");
        assertThatThrownBy(() -> request("connect acme salesforce pat-secret")).hasMessageNotContaining("pat-secret");
        assertThatThrownBy(() -> request("connect acme salesforce --client-secrett pat-secret"))
                .hasMessage("unknown option; expected --sandbox, --client-id, --client-secret");
        assertThatThrownBy(() -> request("connect acme salesforce --client-secret pat-secret"))
                .hasMessageStartingWith("--client-secret goes with --client-id").hasMessageNotContaining("pat-secret");
        assertThatThrownBy(() -> request("connect acme salesforce --client-id"))
                .hasMessage("--client-id needs a value");
        assertThatThrownBy(() -> request("connect acme salesforce-jwt sync@acme.example")).hasMessage(
                "connect <id> salesforce-jwt [--sandbox] <username> <key.pem> [--client-id X]");
        assertThatThrownBy(() -> request("connect acme salesforce-jwt sync@acme.example /no/key.pem"))
                .hasMessage("no file /no/key.pem");
        assertThatThrownBy(() -> request("connect acme pipedrive")).hasMessage(
                "connect <id> hubspot|salesforce|salesforce-jwt, not pipedrive");
        assertThatThrownBy(() -> request("connect acme")).hasMessage("missing hubspot|salesforce|salesforce-jwt");
    }

    @Test
    void connectionsHealthErrorsAndHistory() throws Exception {
        assertThat(request("connections acme")).isEqualTo(AdminCli.Request.get("/tenants/acme/connections"));
        assertThat(request("health acme")).isEqualTo(AdminCli.Request.get("/tenants/acme/health"));
        assertThat(request("errors-csv acme")).isEqualTo(new AdminCli.Request("GET", "/tenants/acme/errors.csv", null,
                null, "text/csv"));
        assertThat(request("history acme hubspot:contact:101")).isEqualTo(AdminCli.Request.get(
                "/tenants/acme/records/history?record=hubspot%3Acontact%3A101"));
        assertThatThrownBy(() -> request("history acme")).hasMessage("usage: history <id> <record>");
        assertThatThrownBy(() -> request("health")).hasMessage("usage: health <id>");
        assertThat(AdminCli.pagePort(List.of())).isEqualTo(8787);
        assertThat(AdminCli.pagePort(List.of("9000"))).isEqualTo(9000);
        assertThatThrownBy(() -> AdminCli.pagePort(List.of("http"))).hasMessage(
                "page [port]: a port is 1 to 65535, not http");
    }

    @Test
    void anOAuthAnswerIsTheUrlToOpenAndWhatHappensNext() {
        String printed = AdminCli.render(200, "application/json", "{\"authorizeUrl\": \"https://test.salesforce.com"
                + "/services/oauth2/authorize?client_id=x\", \"next\": \"Open authorizeUrl in a browser, log in as the"
                + " integration user.\"}");

        assertThat(printed).isEqualTo("Open this URL in a browser:\n\n"
                + "  https://test.salesforce.com/services/oauth2/authorize?client_id=x\n\n"
                + "Open authorizeUrl in a browser, log in as the integration user.\n"
                + "Then `connections <tenant id>` shows the connection.\n");
        assertThat(AdminCli.render(200, "application/json", "{\"connected\": \"HubSpot account 7 is connected\"}"))
                .contains("\"connected\" : \"HubSpot account 7 is connected\"");
        assertThat(AdminCli.render(200, "text/csv; charset=utf-8", "category,code\nAUTH,401"))
                .isEqualTo("category,code\nAUTH,401\n");
        assertThat(AdminCli.render(400, "application/json", "{\"errors\": [\"privateAppToken: HubSpot refused"
                + " pat-secret\"]}")).startsWith("HTTP 400\n");
        assertThat(AdminCli.redact("{\"errors\": [\"HubSpot refused pat-secret\", \"key -----BEGIN\\nK\"]}",
                List.of("pat-secret", "-----BEGIN\nK")))
                .isEqualTo("{\"errors\": [\"HubSpot refused ****\", \"key ****\"]}");
    }

    @Test
    void onlyAFunctionUrlIsSignedAndItsRegionComesFromTheHost() {
        assertThat(AdminCli.AdminApi.at("http://127.0.0.1:4284").signer()).isNull();
        assertThat(AdminCli.AdminApi.at("http://localhost:4284/").base())
                .isEqualTo(URI.create("http://localhost:4284"));
        AdminCli.AdminApi deployed = AdminCli.AdminApi.at(FUNCTION_URL.toString());
        assertThat(deployed.signer()).isNotNull();
        assertThat(deployed.signer().region()).isEqualTo("eu-west-1");
        assertThat(AdminCli.FunctionUrlSigner.regionOf(URI.create("https://x1.lambda-url.ap-southeast-2.on.aws")))
                .isEqualTo("ap-southeast-2");
        assertThatThrownBy(() -> AdminCli.AdminApi.at("https://admin.example.on.aws/")).hasMessage(
                "cannot tell the AWS region from admin.example.on.aws: a Function URL's host is"
                        + " <id>.lambda-url.<region>.on.aws");
        assertThatThrownBy(() -> AdminCli.AdminApi.at("127.0.0.1:4284")).hasMessageStartingWith(
                "CRMSYNC_ADMIN_URL is not an http(s) URL");

        HttpRequest local = AdminCli.AdminApi.at("http://127.0.0.1:4284").httpRequest(AdminCli.Request.get(
                "/tenants"));
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
                .containsEntry("x-amz-content-sha256", sha256(body))
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
        assertThat(query).containsEntry("x-amz-content-sha256", sha256(""));
        assertThat(SigV4Check.verifies("GET", "/tenants/acme/records/history", "record=hubspot%3Acontact%3A101",
                receivedGet, "", SECRET_KEY)).isTrue();
        assertThat(SigV4Check.verifies("GET", "/tenants/acme/records/history", "record=hubspot%3Acontact%3A102",
                receivedGet, "", SECRET_KEY)).as("another record").isFalse();
    }

    @Test
    void sessionCredentialsSendTheirTokenAndNoCredentialsIsAClearError() {
        AdminCli.FunctionUrlSigner session = new AdminCli.FunctionUrlSigner(StaticCredentialsProvider.create(
                AwsSessionCredentials.create(ACCESS_KEY, SECRET_KEY, "session-token-1")), "eu-west-1", CLOCK);
        Map<String, String> headers = session.sign("GET", URI.create(FUNCTION_URL + "tenants"), Map.of(), new byte[0]);
        assertThat(headers).containsEntry("x-amz-security-token", "session-token-1");
        assertThat(headers.get("authorization")).contains("x-amz-security-token");

        AdminCli.FunctionUrlSigner none = new AdminCli.FunctionUrlSigner(() -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        }, "eu-west-1", CLOCK);
        assertThatThrownBy(() -> none.sign("GET", URI.create(FUNCTION_URL + "tenants"), Map.of(), new byte[0]))
                .isInstanceOf(AdminCli.MissingCredentialsException.class)
                .hasMessageStartingWith("no AWS credentials to sign the admin API requests with")
                .hasMessageContaining("AWS_PROFILE")
                .hasMessageContaining("Unable to load credentials");
    }

    static String sha256(String body) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(body.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * SigV4 checked the way the receiving side does, written from the specification rather than with the SDK: the
     * canonical request from what arrived, the string to sign, the signing key chain, the signature compared.
     */
    static final class SigV4Check {

        private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/"
                + "([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})");

        static boolean verifies(String method, String rawPath, String rawQuery, Map<String, String> headers,
                String body, String secretKey) throws Exception {
            Matcher auth = AUTHORIZATION.matcher(headers.get("authorization"));
            if (!auth.matches() || !sha256(body).equals(headers.get("x-amz-content-sha256"))) {
                return false;
            }
            String date = auth.group(2);
            String region = auth.group(3);
            String service = auth.group(4);
            List<String> signedHeaders = List.of(auth.group(5).split(";"));
            String canonicalHeaders = signedHeaders.stream()
                    .map(name -> name + ":" + headers.get(name).strip().replaceAll(" +", " ") + "\n")
                    .collect(Collectors.joining());
            String canonicalQuery = rawQuery == null ? "" : Arrays.stream(rawQuery.split("&"))
                    .map(pair -> pair.split("=", 2))
                    .map(kv -> encode(decode(kv[0])) + "=" + encode(kv.length > 1 ? decode(kv[1]) : ""))
                    .sorted().collect(Collectors.joining("&"));
            // Lambda, like every service but S3, encodes the (already encoded) path once more.
            String canonicalPath = Arrays.stream(rawPath.split("/", -1)).map(AdminCliTest.SigV4Check::encode)
                    .collect(Collectors.joining("/"));
            String canonicalRequest = String.join("\n", method, canonicalPath, canonicalQuery, canonicalHeaders,
                    String.join(";", signedHeaders), sha256(body));
            String scope = date + "/" + region + "/" + service + "/aws4_request";
            String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", headers.get("x-amz-date"), scope,
                    sha256(canonicalRequest));
            byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
            key = hmac(key, region);
            key = hmac(key, service);
            key = hmac(key, "aws4_request");
            return HexFormat.of().formatHex(hmac(key, stringToSign)).equals(auth.group(6));
        }

        private static String decode(String raw) {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        }

        /** RFC 3986 unreserved characters as they are, every other byte %XX. */
        private static String encode(String text) {
            StringBuilder out = new StringBuilder();
            for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                        || "-_.~".indexOf(c) >= 0;
                if (unreserved) {
                    out.append(c);
                } else {
                    out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xff));
                }
            }
            return out.toString();
        }

        private static byte[] hmac(byte[] key, String data) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRefusedSignedRequestNamesBothActionsFunctionUrlsNeed() {
        assertThat(AdminCli.FORBIDDEN).contains("403", "lambda:InvokeFunctionUrl", "lambda:InvokeFunction ",
                "October 2025");
    }
}
