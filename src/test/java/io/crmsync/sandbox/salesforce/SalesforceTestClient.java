package io.crmsync.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** HTTP calls against a sandbox for the tests: a client-credentials session and JSON helpers. */
final class SalesforceTestClient {

    static final String CLIENT_ID = "3MVG9sandbox.consumer.key";
    static final String CLIENT_SECRET = "sandbox-consumer-secret";
    static final String V = "/services/data/v62.0";

    final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final SalesforceSandbox sandbox;
    private String token;
    private final String loginUrl;

    SalesforceTestClient(SalesforceSandbox sandbox) {
        this(sandbox, sandbox.baseUrl());
    }

    /** Sending OAuth requests ({@link #form}) to {@code loginUrl}, e.g. a sandbox org's test login host. */
    SalesforceTestClient(SalesforceSandbox sandbox, String loginUrl) {
        this.sandbox = sandbox;
        this.loginUrl = loginUrl;
    }

    static SalesforceSandbox.Config config(long limit) {
        return new SalesforceSandbox.Config(CLIENT_ID, CLIENT_SECRET, "v62.0", limit);
    }

    SalesforceTestClient login() throws Exception {
        HttpResponse<String> response = form("/services/oauth2/token", Map.of("grant_type", "client_credentials",
                "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        token = json.readTree(response.body()).get("access_token").asText();
        return this;
    }

    void useToken(String accessToken) {
        token = accessToken;
    }

    HttpResponse<String> form(String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(loginUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode ok(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    /** The first element of Salesforce's error array, after checking the status. */
    JsonNode error(HttpResponse<String> response, int status) throws Exception {
        JsonNode body = ok(response, status);
        assertThat(body.isArray()).as(response.body()).isTrue();
        return body.get(0);
    }

    HttpResponse<String> query(String soql, String... headers) throws Exception {
        return send("GET", V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), null, headers);
    }

    String toJson(Object value) throws Exception {
        return json.writeValueAsString(value);
    }
}
