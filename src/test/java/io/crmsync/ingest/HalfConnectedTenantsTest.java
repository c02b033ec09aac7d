package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.tenant.Tenant;

/**
 * A tenant connected to only one CRM is served by no door: each answers its sender exactly as for a tenant that does
 * not exist, and enqueues nothing for it, while a fully connected tenant of the same request is served as before.
 */
class HalfConnectedTenantsTest {

    /** HubSpot connected, Salesforce not: its portal's webhooks must not be taken. */
    static final Tenant PORTAL_ONLY = new Tenant("initech", 80000, "", Optional.empty());
    static final String ORG_ONLY_TOKEN = "umbrella-outbound-token-31c0";
    static final String ORG_ONLY_ORG = "00D5g000000UmBrEAK";
    /** Salesforce connected (with its Outbound Message token), HubSpot not. */
    static final Tenant ORG_ONLY = new Tenant("umbrella", Tenant.NO_PORTAL, ORG_ONLY_ORG,
            Optional.of(HexFormat.of().formatHex(Tenant.outboundTokenDigest(ORG_ONLY_TOKEN))));

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    final RecordingQueue queue = new RecordingQueue();
    final RememberingSeenDeliveries seen = new RememberingSeenDeliveries();
    final Tenants tenants = new Tenants(List.of(Tenants.ACME, PORTAL_ONLY, ORG_ONLY));
    final Clock clock = Clock.fixed(HubSpotWebhookIntakeTest.NOW, ZoneOffset.UTC);

    @Test
    void theWebhookDoorDropsAPortalWhoseTenantHasNoOrgAsAnUnknownPortal() throws IOException {
        HubSpotWebhookIntake intake = new HubSpotWebhookIntake(HubSpotWebhookIntakeTest.SECRET,
                HubSpotWebhookIntakeTest.APP_ID, Optional.empty(), tenants, queue, seen, json, clock);
        String halfConnected = HubSpotWebhookIntakeTest.fixture("contact-created.json").replace("62515", "80000");
        String unknown = HubSpotWebhookIntakeTest.fixture("contact-created.json").replace("62515", "99999");

        HttpResponseEvent refused = intake.handle(HubSpotWebhookIntakeTest.signed(halfConnected,
                HubSpotWebhookIntakeTest.NOW));
        HttpResponseEvent asUnknown = intake.handle(HubSpotWebhookIntakeTest.signed(unknown,
                HubSpotWebhookIntakeTest.NOW));

        assertThat(refused.statusCode()).isEqualTo(asUnknown.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo(asUnknown.body());
        assertThat(queue.enqueued).isEmpty();
        assertThat(seen.recorded).isEmpty();

        // In a request with a fully connected tenant's events, the half-connected portal's are dropped as unknown.
        String mixed = "[" + HubSpotWebhookIntakeTest.event(1, "contact.creation", 601, "CRM_UI", "u")
                .replace("62515", "80000") + "," + HubSpotWebhookIntakeTest.event(2, "contact.creation", 602, "CRM_UI",
                        "u") + "]";
        HttpResponseEvent served = intake.handle(HubSpotWebhookIntakeTest.signed(mixed, HubSpotWebhookIntakeTest.NOW));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.body()).contains("\"unknownPortalEventsDropped\":1");
        assertThat(queue.enqueued).singleElement().satisfies(n -> {
            assertThat(n.tenantId()).isEqualTo("acme");
            assertThat(n.recordIds()).containsExactly("602");
        });
    }

    @Test
    void theOutboundDoorAnswersATenantWithoutAPortalWithTheSame401AsAWrongToken() throws IOException {
        SalesforceOutboundIntake intake = new SalesforceOutboundIntake(tenants, queue, seen, clock);
        String message = outboundFixture().replace("00D5g000004YzKxEAK", ORG_ONLY_ORG);

        HttpResponseEvent refused = intake.handle(SalesforceOutboundIntakeTest.post(message,
                "token=" + ORG_ONLY_TOKEN, "text/xml"));
        HttpResponseEvent wrongToken = intake.handle(SalesforceOutboundIntakeTest.post(message, "token=guess",
                "text/xml"));

        assertThat(refused.statusCode()).isEqualTo(wrongToken.statusCode()).isEqualTo(401);
        assertThat(refused.body()).isEqualTo(wrongToken.body());
        assertThat(refused.headers()).isEqualTo(wrongToken.headers());
        assertThat(queue.enqueued).isEmpty();
        assertThat(seen.recorded).isEmpty();
    }

    @Test
    void theCdcDoorRejectsAnOrgWhoseTenantHasNoPortalAsTheOrgOfNoTenant() throws IOException {
        ChangeDataCaptureIntake intake = new ChangeDataCaptureIntake(tenants, queue, "crmsync");
        ObjectNode halfConnected = cdcFixture().put("source", "aws.partner/salesforce.com/" + ORG_ONLY_ORG
                + "/0YL5g0000008OJ6GAM");
        ObjectNode unknown = cdcFixture().put("source", "aws.partner/salesforce.com/00D5g000001ZzZzEAK/0YL5g0000008OJ6");

        assertThatThrownBy(() -> intake.handle(json.treeToValue(halfConnected, EventBridgeEvent.class)))
                .isInstanceOf(ChangeDataCaptureIntake.Rejected.class).hasMessage("the org belongs to no tenant");
        assertThatThrownBy(() -> intake.handle(json.treeToValue(unknown, EventBridgeEvent.class)))
                .isInstanceOf(ChangeDataCaptureIntake.Rejected.class).hasMessage("the org belongs to no tenant");
        assertThat(queue.enqueued).isEmpty();

        assertThat(intake.handle(json.treeToValue(cdcFixture(), EventBridgeEvent.class)).notices())
                .extracting(ChangeNotice::tenantId).containsExactly("acme");
    }

    static String outboundFixture() throws IOException {
        return SalesforceOutboundIntakeTest.fixture("outbound-leads.xml");
    }

    ObjectNode cdcFixture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/events/eventbridge-salesforce-cdc-lead-update.json")) {
            return (ObjectNode) json.readTree(in);
        }
    }
}
