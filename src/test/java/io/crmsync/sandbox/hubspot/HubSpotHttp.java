package io.crmsync.sandbox.hubspot;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helper: calls a sandbox over HTTP with its token and reads JSON answers. */
final class HubSpotHttp {

    static final String TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";
    static final String CLIENT_SECRET = "hubspot-client-secret-for-tests";
    static final long PORTAL_ID = 4_242_424L;
    static final long APP_ID = 777_001L;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String baseUrl;

    HubSpotHttp(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static HubSpotSandbox.Config config() {
        return new HubSpotSandbox.Config(TOKEN, PORTAL_ID, APP_ID, CLIENT_SECRET, 3, Duration.ofMillis(100),
                Duration.ofSeconds(5));
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends and checks the status, answering the parsed body (null for an empty one). */
    JsonNode call(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = send(method, path, body);
        if (response.statusCode() != expectedStatus) {
            throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ", expected "
                    + expectedStatus + ": " + response.body());
        }
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    JsonNode parse(String body) throws Exception {
        return json.readTree(body);
    }

    String write(Object value) throws Exception {
        return json.writeValueAsString(value);
    }

}
