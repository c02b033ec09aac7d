package io.crmsync.functions;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.ingest.HubSpotSignatureV3;
import io.crmsync.localaws.LocalAws;
import io.crmsync.testing.ChangeQueue;
import io.crmsync.testing.Events;
import io.crmsync.testing.SyncStack;
import io.crmsync.testing.TenantSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The hubspot-webhook function as Lambda invokes it (payload format 2.0 through the Lambda mock event server),
 * enqueuing onto the real local SQS.
 */
@QuarkusTest
@TestProfile(WebhookFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.LOCAL_AWS)
class HubSpotWebhookFunctionTest {

    @Inject
    ObjectMapper json;

    LocalAws aws;
    ChangeQueue changes;

    @BeforeEach
    void storeTheAppSecretAndRegisterTheTenant(LocalAws aws, ChangeQueue changes, TenantSetup tenants) {
        this.aws = aws;
        this.changes = changes;
        WebhookFunctionProfile.storeAppSecret(WebhookFunctionProfile.CLIENT_SECRET);
        tenants.register("acme", WebhookFunctionProfile.PORTAL_ID, TenantSetup.ORG_ID);
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = HubSpotWebhookFunctionTest.class.getResourceAsStream("/fixtures/hubspot/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("62515", Long.toString(WebhookFunctionProfile.PORTAL_ID));
        }
    }

    /** The Function URL event of a webhook POST, signed (v3) as HubSpot signs it over the URL it called. */
    static ObjectNode signedEvent(String body, Instant sentAt, String secret) {
        String timestamp = Long.toString(sentAt.toEpochMilli());
        Events.FunctionUrlRequest request = Events.functionUrl(Events.HUBSPOT_WEBHOOK).body(body)
                .receivedAt(sentAt).fill("timestamp", timestamp);
        String signature = HubSpotSignatureV3.signatureFor(secret, "POST", request.peek().fullUrl(),
                body.getBytes(StandardCharsets.UTF_8), timestamp);
        return request.fill("signature", signature).json();
    }

    List<Message> enqueued() {
        return changes.receive(1);
    }

    @Test
    void aSignedRequestIsAcknowledgedAfterItsNoticesAreOnTheQueue() throws Exception {
        ObjectNode event = signedEvent(fixture("contact-created.json"), Instant.now(),
                WebhookFunctionProfile.CLIENT_SECRET);

        String response = given().contentType("application/json").body(json.writeValueAsString(event))
                .post().then().statusCode(200).extract().asString();

        assertThat(json.readTree(response).get("statusCode").asInt()).isEqualTo(200);
        List<Message> messages = enqueued();
        assertThat(messages).hasSize(1);
        ChangeNotice notice = json.readValue(messages.get(0).body(), ChangeNotice.class);
        assertThat(notice.tenantId()).isEqualTo("acme");
        assertThat(notice.recordIds()).containsExactly("1246965");
        assertThat(messages.get(0).body()).contains("\"version\":1").doesNotContain("ada@example.com");
    }

    @Test
    void forgedOrStaleRequestsGet401AndNothingIsEnqueued() throws Exception {
        String body = fixture("contact-created.json");
        for (ObjectNode event : List.of(signedEvent(body, Instant.now(), "not-the-secret"),
                signedEvent(body, Instant.now().minusSeconds(600), WebhookFunctionProfile.CLIENT_SECRET))) {
            String response = given().contentType("application/json").body(json.writeValueAsString(event))
                    .post().then().statusCode(200).extract().asString();
            assertThat(json.readTree(response).get("statusCode").asInt()).isEqualTo(401);
        }
        assertThat(enqueued()).isEmpty();
    }

    int postStatus(ObjectNode event) throws Exception {
        String response = given().contentType("application/json").body(json.writeValueAsString(event))
                .post().then().statusCode(200).extract().asString();
        return json.readTree(response).get("statusCode").asInt();
    }

    /**
     * The function started while its app secret did not exist (WebhookFunctionProfile.AppSecretNotYetStored): it
     * reads the client secret when a webhook first needs it, and a rotated secret once the TTL (1 s here) has
     * passed, without a restart.
     */
    @Test
    void theClientSecretIsReadOnFirstUseAndARotationIsUsedAfterTheTtl() throws Exception {
        Thread.sleep(1100); // whatever an earlier test made it read has expired
        assertThat(aws.secretsServer().calls("GetSecretValue")).as("reads while no webhook came").isZero();
        String body = fixture("contact-created.json");

        assertThat(postStatus(signedEvent(body, Instant.now(), WebhookFunctionProfile.CLIENT_SECRET))).isEqualTo(200);
        assertThat(aws.secretsServer().calls("GetSecretValue")).isEqualTo(1);

        String rotated = "rotated-client-secret";
        WebhookFunctionProfile.storeAppSecret(rotated);
        assertThat(postStatus(signedEvent(body, Instant.now(), rotated))).as("within the TTL").isEqualTo(401);
        Thread.sleep(1100);
        assertThat(postStatus(signedEvent(body, Instant.now(), rotated))).as("after the TTL").isEqualTo(200);
        assertThat(postStatus(signedEvent(body, Instant.now(), WebhookFunctionProfile.CLIENT_SECRET)))
                .as("the old secret").isEqualTo(401);
    }
}
