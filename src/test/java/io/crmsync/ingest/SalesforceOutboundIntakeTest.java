package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.testing.Events;
import io.crmsync.lambda.HttpResponseEvent;

class SalesforceOutboundIntakeTest {

    final RecordingQueue queue = new RecordingQueue();
    final SalesforceOutboundIntake intake = new SalesforceOutboundIntake(new Tenants(), queue,
            new RememberingSeenDeliveries(),
            Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));

    static String fixture(String name) throws IOException {
        try (InputStream in = SalesforceOutboundIntakeTest.class.getResourceAsStream("/fixtures/salesforce/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static HttpRequestEvent post(String body, String query, String contentType) {
        return Events.functionUrl(Events.SALESFORCE_OUTBOUND).request("POST", query.isEmpty() ? "/" : "/?" + query)
                .header("content-type", contentType).body(body).event();
    }

    @Test
    void acknowledgesOnlyAfterEnqueuingOneNoticePerObjectType() throws IOException {
        HttpResponseEvent response = intake.handle(post(fixture("outbound-leads.xml"), "token=" + Tenants.ACME_TOKEN,
                "text/xml; charset=utf-8"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<Ack>true</Ack>").contains("notificationsResponse")
                .contains("http://soap.sforce.com/2005/09/outbound");
        assertThat(queue.enqueued).singleElement().satisfies(n -> {
            assertThat(n.tenantId()).isEqualTo("acme");
            assertThat(n.source()).isEqualTo(SourceSystem.SALESFORCE);
            assertThat(n.objectType()).isEqualTo("Lead");
            assertThat(n.recordIds()).containsExactly("00Q5g00000AbCdEEAV", "00Q5g00000AbCdFEAV");
            assertThat(n.sourceEventIds()).containsExactly("04l5g00000CnHz1AAF", "04l5g00000CnHz2AAF");
        });
        assertThat(queue.enqueued.get(0).toString()).doesNotContain("ada@example.com");
    }

    @Test
    void noAckWhenTheQueueIsDownSoSalesforceResends() throws IOException {
        queue.unavailable = true;
        HttpResponseEvent response = intake.handle(post(fixture("outbound-leads.xml"), "token=" + Tenants.ACME_TOKEN,
                "text/xml"));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).doesNotContain("<Ack>true</Ack>").contains("soapenv:Server");
    }

    @Test
    void noAckAnd503WithRetryAfterWhenTheTenantsTableCannotAnswer() throws IOException {
        Tenants tenants = new Tenants();
        tenants.unavailable = true;
        SalesforceOutboundIntake withTableDown = new SalesforceOutboundIntake(tenants, queue,
                new RememberingSeenDeliveries(),
                Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));

        HttpResponseEvent response = withTableDown.handle(post(fixture("outbound-leads.xml"),
                "token=" + Tenants.ACME_TOKEN, "text/xml"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers()).containsKey("retry-after");
        assertThat(response.body()).doesNotContain("<Ack>true</Ack>").contains("soapenv:Server")
                .doesNotContain("Exception").doesNotContain(Tenants.ACME_TOKEN);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void refusesAWrongOrMissingTokenOrAnotherTenantsToken() throws IOException {
        String body = fixture("outbound-leads.xml");
        assertThat(intake.handle(post(body, "", "text/xml")).statusCode()).isEqualTo(401);
        assertThat(intake.handle(post(body, "token=guess", "text/xml")).statusCode()).isEqualTo(401);
        assertThat(intake.handle(post(body, "token=" + Tenants.GLOBEX_TOKEN, "text/xml")).statusCode()).isEqualTo(401);
        assertThat(intake.handle(post(body, "token=%zz", "text/xml")).statusCode()).isEqualTo(401);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void answersAnUnknownOrgExactlyAsAWrongOrMissingTokenSoNobodyCanProbeWhichOrgsAreTenants() throws IOException {
        String body = fixture("outbound-leads.xml");
        String unknownOrg = body.replace("00D5g000004YzKxEAK", "00D5g000001ZzZzEAK");
        HttpResponseEvent wrongToken = intake.handle(post(body, "token=guess", "text/xml"));
        HttpResponseEvent missingToken = intake.handle(post(body, "", "text/xml"));
        HttpResponseEvent otherTenantsToken = intake.handle(post(body, "token=" + Tenants.GLOBEX_TOKEN, "text/xml"));
        HttpResponseEvent orgOfNoTenant = intake.handle(post(unknownOrg, "token=" + Tenants.ACME_TOKEN, "text/xml"));
        HttpResponseEvent orgOfNoTenantNoToken = intake.handle(post(unknownOrg, "token=guess", "text/xml"));

        for (HttpResponseEvent refused : java.util.List.of(missingToken, otherTenantsToken, orgOfNoTenant,
                orgOfNoTenantNoToken)) {
            assertThat(refused.statusCode()).isEqualTo(wrongToken.statusCode()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo(wrongToken.body());
            assertThat(refused.headers()).isEqualTo(wrongToken.headers());
        }
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void checksTheTokenBeforeParsingTheBodyOrLookingAnOrgUp() {
        // A directory that refuses any lookup but the token's: the door must not resolve an org before it knows the caller.
        Tenants byTokenOnly = new Tenants() {
            @Override
            public java.util.List<io.crmsync.tenant.Tenant> tenantsOnOrg(String orgId) {
                throw new AssertionError("looked an org up before authenticating");
            }
        };
        SalesforceOutboundIntake strict = new SalesforceOutboundIntake(byTokenOnly, queue,
                new RememberingSeenDeliveries(), Clock.systemUTC());
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><x>&xxe;</x>";
        // Unauthenticated: malformed XML, DTDs and garbage get the same 401 as a valid message; nothing is parsed.
        HttpResponseEvent reference = strict.handle(post("<notifications/>", "token=guess", "text/xml"));
        for (String body : java.util.List.of(xxe, "<notifications>", "not xml at all")) {
            HttpResponseEvent refused = strict.handle(post(body, "token=guess", "text/xml"));
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).isEqualTo(reference.body());
        }
        // Authenticated: the message is parsed, and its org must be the token's tenant's.
        assertThat(strict.handle(post("<notifications>", "token=" + Tenants.ACME_TOKEN, "text/xml")).statusCode())
                .isEqualTo(400);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void refusesBadXmlAndContentTypes() throws IOException {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + fixture("outbound-leads.xml").substring(fixture("outbound-leads.xml").indexOf("<soapenv:Envelope"))
                        .replace("ada@example.com", "&xxe;");
        HttpResponseEvent refused = intake.handle(post(xxe, "token=" + Tenants.ACME_TOKEN, "text/xml"));
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).doesNotContain("root:");
        assertThat(intake.handle(post("<notifications>", "token=" + Tenants.ACME_TOKEN, "text/xml")).statusCode())
                .isEqualTo(400);
        assertThat(intake.handle(post(fixture("outbound-leads.xml"), "token=" + Tenants.ACME_TOKEN,
                "application/json")).statusCode()).isEqualTo(415);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void refusesMoreThanHundredNotifications() throws IOException {
        String one = fixture("outbound-one-opportunity.xml");
        int start = one.indexOf("<Notification>");
        int end = one.indexOf("</Notification>") + "</Notification>".length();
        String many = one.substring(0, start) + one.substring(start, end).repeat(101) + one.substring(end);
        assertThat(intake.handle(post(many, "token=" + Tenants.ACME_TOKEN, "text/xml")).statusCode()).isEqualTo(400);
        String hundred = one.substring(0, start) + one.substring(start, end).repeat(100) + one.substring(end);
        assertThat(intake.handle(post(hundred, "token=" + Tenants.ACME_TOKEN, "text/xml")).statusCode()).isEqualTo(200);
    }
}
