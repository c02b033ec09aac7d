package io.crmsync.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubSpotPortalRouterTest {

    private final HubSpotSandbox east = new HubSpotSandbox(new HubSpotSandbox.Config("pat-east", 1001, 77, "s"))
            .start();
    private final HubSpotSandbox west = new HubSpotSandbox(new HubSpotSandbox.Config("pat-west", 1002, 77, "s"))
            .start();
    private final HubSpotPortalRouter router = new HubSpotPortalRouter(List.of(east, west));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        router.close();
        east.close();
        west.close();
    }

    @Test
    void eachTokensCallsReachThePortalThatIssuedIt() throws Exception {
        assertThat(create("pat-west", "ada@west.example").statusCode()).isEqualTo(201);
        assertThat(create("pat-east", "alan@east.example").statusCode()).isEqualTo(201);
        assertThat(create("pat-east", "grace@east.example").statusCode()).isEqualTo(201);

        assertThat(west.records("contacts")).extracting(r -> r.get("email")).containsExactly("ada@west.example");
        assertThat(east.records("contacts")).extracting(r -> r.get("email"))
                .containsExactlyInAnyOrder("alan@east.example", "grace@east.example");
        HttpResponse<String> read = http.send(HttpRequest.newBuilder(URI.create(router.baseUrl()
                + "/crm/v3/objects/contacts?limit=10&properties=email")).header("Authorization", "Bearer pat-west")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("ada@west.example").doesNotContain("east.example");
    }

    @Test
    void aTokenNoPortalIssuedIsRefusedAsHubSpotRefusesIt() throws Exception {
        assertThat(create("pat-nobody", "x@example.com").statusCode()).isEqualTo(401);
        assertThat(create(null, "x@example.com").statusCode()).isEqualTo(401);
        assertThat(east.records("contacts")).isEmpty();
        assertThat(west.records("contacts")).isEmpty();
    }

    private HttpResponse<String> create(String token, String email) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(router.baseUrl() + "/crm/v3/objects/contacts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(new com.fasterxml.jackson.databind.ObjectMapper()
                        .writeValueAsString(Map.of("properties", Map.of("email", email)))));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
