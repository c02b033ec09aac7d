package io.crmsync.admin;

import static io.crmsync.admin.AdminRequests.body;
import static io.crmsync.admin.AdminRequests.errors;
import static io.crmsync.admin.AdminRequests.get;
import static io.crmsync.admin.AdminRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.adminhttp.AdminRouter;
import io.crmsync.ingest.SalesforceOutboundIntake;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.tenant.Tenant;

/** Tenant routes through the router, on tenants in memory. */
class TenantRoutesTest {

    static final String OUTBOUND = "https://out.lambda-url.us-east-1.on.aws/";

    final InMemoryTenants tenants = new InMemoryTenants();
    AdminRouter router = router(Optional.of(OUTBOUND));

    AdminRouter router(Optional<String> outboundUrl) {
        return new AdminRouter(List.of(new TenantRoutes(tenants, tenants, outboundUrl, new SecureRandom(),
                AdminRequests.HTTP)), AdminRequests.HTTP);
    }

    @Test
    void creatingATenantAnswersItsOutboundUrlWithTheTokenOnceAndStoresOnlyTheHash() {
        HttpResponseEvent created = router.handle(json("POST", "/tenants", "{\"id\": \"acme\"}"));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("cache-control", "no-store");
        JsonNode answer = body(created);
        URI url = URI.create(answer.path("salesforceOutboundUrl").asText());
        assertThat(url.toString()).startsWith(OUTBOUND + "?token=");
        String token = url.getQuery().substring("token=".length());
        assertThat(token).matches("[0-9a-f]{48}");
        assertThat(answer.path("shownOnce").asText()).contains("shown only now");
        assertThat(answer.path("tenant").path("id").asText()).isEqualTo("acme");

        Tenant stored = tenants.byId("acme").orElseThrow();
        assertThat(stored.outboundTokenSha256()).contains(HexFormat.of().formatHex(Tenant.outboundTokenDigest(token)));
        assertThat(stored.hubSpotConnected()).isFalse();
        assertThat(stored.salesforceConnected()).isFalse();

        // Neither the list nor the tenant shows the token or its hash again.
        for (HttpResponseEvent shown : List.of(router.handle(get("/tenants")), router.handle(get("/tenants/acme")))) {
            assertThat(shown.statusCode()).isEqualTo(200);
            assertThat(shown.body()).doesNotContain(token).doesNotContain(stored.outboundTokenSha256().get());
        }
        JsonNode listed = body(router.handle(get("/tenants"))).path("tenants").get(0);
        assertThat(listed.path("id").asText()).isEqualTo("acme");
        assertThat(listed.path("hubSpotPortalId").isNull()).isTrue();
        assertThat(listed.path("salesforceOrgId").isNull()).isTrue();
        assertThat(listed.path("connected").path("hubspot").asBoolean(true)).isFalse();
        assertThat(listed.path("outboundMessagesSetUp").asBoolean()).isTrue();
    }

    @Test
    void eachTenantGetsItsOwnToken() {
        String first = body(router.handle(json("POST", "/tenants", "{\"id\": \"acme\"}"))).path("salesforceOutboundUrl")
                .asText();
        String second = body(router.handle(json("POST", "/tenants", "{\"id\": \"globex\"}")))
                .path("salesforceOutboundUrl").asText();

        assertThat(first).isNotEqualTo(second);
        assertThat(tenants.byId("acme").get().outboundTokenSha256()).isNotEqualTo(tenants.byId("globex").get()
                .outboundTokenSha256());
    }

    @Test
    void aTakenIdIsAConflictAndKeepsTheFirstToken() {
        router.handle(json("POST", "/tenants", "{\"id\": \"acme\"}"));
        Optional<String> hash = tenants.byId("acme").get().outboundTokenSha256();

        HttpResponseEvent again = router.handle(json("POST", "/tenants", "{\"id\": \"acme\"}"));

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(errors(again)).containsExactly("id: tenant \"acme\" already exists");
        assertThat(again.body()).doesNotContain("token");
        assertThat(tenants.byId("acme").get().outboundTokenSha256()).isEqualTo(hash);
    }

    @Test
    void badIdsAreRefusedNamingTheField() {
        assertThat(errors(router.handle(json("POST", "/tenants", "{\"id\": \"ab\"}")))).containsExactly(
                "id: \"ab\" must be 3 to 40 characters a-z, 0-9 and -");
        assertThat(errors(router.handle(json("POST", "/tenants", "{\"id\": \"Acme\"}")))).singleElement().asString()
                .startsWith("id: \"Acme\" must be");
        assertThat(errors(router.handle(json("POST", "/tenants", "{\"id\": \"" + "a".repeat(41) + "\"}"))))
                .singleElement().asString().contains("must be 3 to 40 characters");
        assertThat(errors(router.handle(json("POST", "/tenants", "{\"id\": \"ac me\"}")))).singleElement().asString()
                .contains("must be 3 to 40 characters");
        assertThat(errors(router.handle(json("POST", "/tenants", "{\"id\": 42}")))).containsExactly(
                "id: required, a string of 3 to 40 characters a-z, 0-9 and -");
        assertThat(errors(router.handle(json("POST", "/tenants", "{}")))).containsExactly(
                "id: required, a string of 3 to 40 characters a-z, 0-9 and -");
        assertThat(errors(router.handle(json("POST", "/tenants", "{\"id\": \"acme\", \"hubSpotPortalId\": 1}"))))
                .singleElement().asString().startsWith("hubSpotPortalId: unknown");
        assertThat(errors(router.handle(json("POST", "/tenants", "[\"acme\"]")))).containsExactly(
                "body: must be a JSON object, not array");
        assertThat(errors(router.handle(json("POST", "/tenants", "{\"id\": ")))).singleElement().asString()
                .startsWith("body: not valid JSON");
        assertThat(errors(router.handle(json("POST", "/tenants", "")))).containsExactly(
                "body: a JSON object is required");
        assertThat(router.handle(json("POST", "/tenants", "{}")).statusCode()).isEqualTo(400);
        assertThat(tenants.registered()).isEmpty();
    }

    @Test
    void anUnknownTenantIs404() {
        HttpResponseEvent missing = router.handle(get("/tenants/nobody"));

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(errors(missing)).containsExactly("unknown tenant \"nobody\": create it with POST /tenants");
    }

    @Test
    void withoutTheOutboundUrlNoTenantIsCreatedSinceItsTokenCouldNotBeHandedOver() {
        router = router(Optional.empty());

        HttpResponseEvent refused = router.handle(json("POST", "/tenants", "{\"id\": \"acme\"}"));

        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(errors(refused)).singleElement().asString().startsWith("internal error");
        assertThat(tenants.registered()).isEmpty();
    }

    @Test
    void connectedTenantsShowTheirIds() {
        tenants.with(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()));

        JsonNode shown = body(router.handle(get("/tenants/acme")));

        assertThat(shown.path("hubSpotPortalId").asLong()).isEqualTo(62515);
        assertThat(shown.path("salesforceOrgId").asText()).isEqualTo("00D5g000004YzKxEAK");
        assertThat(shown.path("connected").path("hubspot").asBoolean()).isTrue();
        assertThat(shown.path("connected").path("salesforce").asBoolean()).isTrue();
        assertThat(shown.path("outboundMessagesSetUp").asBoolean()).isFalse();
    }
}
