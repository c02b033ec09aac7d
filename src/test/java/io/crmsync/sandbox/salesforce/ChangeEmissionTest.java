package io.crmsync.sandbox.salesforce;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.http.SandboxResponse;

class ChangeEmissionTest {

    private static final String ACK = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soapenv:Body><notificationsResponse xmlns=\"http://soap.sforce.com/2005/09/outbound\"><Ack>true</Ack>"
            + "</notificationsResponse></soapenv:Body></soapenv:Envelope>";

    private SalesforceSandbox sandbox;
    private SalesforceTestClient client;
    private SandboxHttpServer receiver;
    private final BlockingQueue<String> soapBodies = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> cdcBodies = new LinkedBlockingQueue<>();
    /** How many outbound messages the listener refuses before it acknowledges. */
    private final AtomicInteger refusalsLeft = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        sandbox = new SalesforceSandbox(SalesforceTestClient.config(100_000)).start();
        client = new SalesforceTestClient(sandbox).login();
        Router router = new Router()
                .post("/outbound", request -> {
                    soapBodies.add(request.bodyText() + "\n<!-- SOAPAction=" + request.header("SOAPAction").orElse("?")
                            + " type=" + request.header("Content-Type").orElse("?") + " -->");
                    if (refusalsLeft.getAndDecrement() > 0) {
                        // A 200 with the wrong body is a failure too.
                        return SandboxResponse.text(200, "OK");
                    }
                    return new SandboxResponse(200, Map.of("Content-Type", "text/xml"), ACK.getBytes());
                })
                .post("/lambda", request -> {
                    cdcBodies.add(request.bodyText());
                    return SandboxResponse.json(200, Map.of());
                });
        receiver = new SandboxHttpServer("receiver", router);
        receiver.start(0);
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    @Test
    void changeDataCaptureEventsLookLikeEventRelayOutput() throws Exception {
        sandbox.enableChangeDataCapture(ChangeDataCapture.Settings.collectOnly(Set.of("Lead"))
                .deliveringTo(URI.create(receiver.baseUrl() + "/lambda")));
        String id = client.ok(client.send("POST", V + "/sobjects/Lead",
                "{\"LastName\":\"Ada\",\"Company\":\"C\"}", "Sforce-Call-Options", "client=crmsync"), 201)
                .get("id").asText();
        client.ok(client.send("PATCH", V + "/sobjects/Lead/" + id, "{\"Title\":\"CEO\",\"Company\":\"D\"}"), 204);
        sandbox.insert("Account", Map.of("Name", "not a channel member"));

        JsonNode created = client.json.readTree(cdcBodies.poll(10, TimeUnit.SECONDS));
        assertThat(created.get("version").asText()).isEqualTo("0");
        assertThat(created.get("detail-type").asText()).isEqualTo("LeadChangeEvent");
        assertThat(created.get("source").asText()).isEqualTo("aws.partner/salesforce.com/" + sandbox.orgId()
                + "/0YL8d0000000001AAA");
        assertThat(created.get("resources")).isEmpty();
        JsonNode detail = created.get("detail");
        assertThat(detail.get("topic").asText()).isEqualTo("/data/LeadChangeEvent");
        JsonNode header = detail.get("payload").get("ChangeEventHeader");
        assertThat(header.get("entityName").asText()).isEqualTo("Lead");
        assertThat(header.get("changeType").asText()).isEqualTo("CREATE");
        assertThat(header.get("recordIds")).extracting(JsonNode::asText).containsExactly(id);
        assertThat(header.get("changeOrigin").asText()).isEqualTo("com/salesforce/api/rest/62.0;client=crmsync");
        assertThat(header.get("commitUser").asText()).isEqualTo(sandbox.userId());
        assertThat(detail.get("payload").get("LastName").asText()).isEqualTo("Ada");

        JsonNode updated = client.json.readTree(cdcBodies.poll(10, TimeUnit.SECONDS));
        JsonNode updateHeader = updated.get("detail").get("payload").get("ChangeEventHeader");
        assertThat(updateHeader.get("changeType").asText()).isEqualTo("UPDATE");
        assertThat(updateHeader.get("changedFields")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("Title", "Company", "LastModifiedDate");
        assertThat(updateHeader.get("changeOrigin").asText()).isEqualTo("com/salesforce/api/rest/62.0");
        assertThat(updated.get("detail").get("payload").has("LastName")).isFalse();
        assertThat(sandbox.cdcEvents()).hasSize(2);
    }

    @Test
    void oneTransactionChangingRecordsAlikeGivesOneEvent() throws Exception {
        String a = sandbox.insert("Lead", Map.of("LastName", "A", "Company", "C"));
        String b = sandbox.insert("Lead", Map.of("LastName", "B", "Company", "C"));
        sandbox.enableChangeDataCapture(ChangeDataCapture.Settings.collectOnly(Set.of("Lead")));
        client.ok(client.send("PATCH", V + "/composite/sobjects", client.toJson(Map.of("records", List.of(
                Map.of("attributes", Map.of("type", "Lead"), "id", a, "Rating", "Hot"),
                Map.of("attributes", Map.of("type", "Lead"), "id", b, "Rating", "Hot"))))), 200);
        client.ok(client.send("DELETE", V + "/composite/sobjects?ids=" + a + "," + b, null), 200);
        List<Map<String, Object>> events = sandbox.cdcEvents();
        assertThat(events).hasSize(2);
        JsonNode update = client.json.valueToTree(events.get(0)).get("detail").get("payload");
        assertThat(update.get("ChangeEventHeader").get("recordIds")).extracting(JsonNode::asText).containsExactly(a, b);
        assertThat(update.get("Rating").asText()).isEqualTo("Hot");
        JsonNode delete = client.json.valueToTree(events.get(1)).get("detail").get("payload").get("ChangeEventHeader");
        assertThat(delete.get("changeType").asText()).isEqualTo("DELETE");
        assertThat(delete.get("recordIds")).hasSize(2);

        sandbox.changeDataCapture().injectGap("Lead", ChangeDataCapture.GapType.GAP_OVERFLOW, List.of());
        JsonNode gap = client.json.valueToTree(sandbox.cdcEvents().get(2)).get("detail").get("payload");
        assertThat(gap.get("ChangeEventHeader").get("changeType").asText()).isEqualTo("GAP_OVERFLOW");
        assertThat(gap.size()).isEqualTo(1);
    }

    @Test
    void outboundMessagesAreResentUntilAcknowledged() throws Exception {
        refusalsLeft.set(2);
        OutboundMessaging.Action action = sandbox.addOutboundMessage("Lead", List.of("Email", "LastName"),
                URI.create(receiver.baseUrl() + "/outbound"));
        String id = sandbox.insert("Lead", Map.of("LastName", "Ada", "Company", "C", "Email", "ada@example.com"));
        String first = soapBodies.poll(10, TimeUnit.SECONDS);
        String second = soapBodies.poll(10, TimeUnit.SECONDS);
        String third = soapBodies.poll(10, TimeUnit.SECONDS);
        assertThat(third).isNotNull();
        assertThat(first).contains("SOAPAction=\"\"").contains("type=text/xml");
        Document doc = parse(third);
        Element notifications = only(doc, "notifications");
        assertThat(text(notifications, "OrganizationId")).isEqualTo(sandbox.orgId());
        assertThat(text(notifications, "ActionId")).isEqualTo(action.actionId());
        Element session = (Element) notifications.getElementsByTagNameNS(OutboundMessaging.OUTBOUND_NS, "SessionId")
                .item(0);
        assertThat(session.getAttributeNS(OutboundMessaging.XSI_NS, "nil")).isEqualTo("true");
        Element sObject = (Element) notifications.getElementsByTagNameNS(OutboundMessaging.OUTBOUND_NS, "sObject")
                .item(0);
        assertThat(sObject.getAttributeNS(OutboundMessaging.XSI_NS, "type")).isEqualTo("sf:Lead");
        assertThat(sObject.getElementsByTagNameNS(OutboundMessaging.SOBJECT_NS, "Id").item(0).getTextContent())
                .isEqualTo(id);
        assertThat(sObject.getElementsByTagNameNS(OutboundMessaging.SOBJECT_NS, "Email").item(0).getTextContent())
                .isEqualTo("ada@example.com");
        assertThat(sObject.getElementsByTagNameNS(OutboundMessaging.SOBJECT_NS, "Company").getLength()).isZero();
        // Retries keep the notification Id, so the listener can dedupe.
        assertThat(text(only(parse(first), "Notification"), "Id")).isEqualTo(text(only(doc, "Notification"), "Id"));
        assertThat(soapBodies.poll(300, TimeUnit.MILLISECONDS)).isNull();
        List<OutboundMessaging.Attempt> attempts = sandbox.outboundMessages().attempts();
        assertThat(attempts).extracting(OutboundMessaging.Attempt::acknowledged).containsExactly(false, false, true);
        assertThat(sandbox.outboundMessages().pendingNotifications()).isZero();
    }

    @Test
    void outboundMessagesBatchUpToOneHundredAndSurviveDrops() throws Exception {
        sandbox.faults().configure(new FaultInjector.Settings(3, 0, List.of(), Duration.ZERO, 0.5, 0.2));
        sandbox.addOutboundMessage("Lead", List.of("LastName"), URI.create(receiver.baseUrl() + "/outbound"));
        List<Map<String, Object>> records = new java.util.ArrayList<>();
        for (int i = 0; i < 150; i++) {
            records.add(Map.of("attributes", Map.of("type", "Lead"), "LastName", "L" + i, "Company", "C"));
        }
        client.ok(client.send("POST", V + "/composite/sobjects", client.toJson(Map.of("records", records))), 200);
        java.util.Set<String> acknowledgedIds = new java.util.HashSet<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sandbox.outboundMessages().pendingNotifications() > 0 && System.nanoTime() < deadline) {
            soapBodies.poll(100, TimeUnit.MILLISECONDS);
        }
        for (OutboundMessaging.Attempt attempt : sandbox.outboundMessages().attempts()) {
            assertThat(attempt.notificationIds().size()).isLessThanOrEqualTo(OutboundMessaging.MAX_NOTIFICATIONS);
            if (attempt.acknowledged()) {
                acknowledgedIds.addAll(attempt.notificationIds());
            }
        }
        assertThat(acknowledgedIds).hasSize(150);
        assertThat(sandbox.outboundMessages().attempts()).anyMatch(a -> a.status() == 0);
    }

    private static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes()));
    }

    private static Element only(Document doc, String name) {
        return (Element) doc.getElementsByTagNameNS(OutboundMessaging.OUTBOUND_NS, name).item(0);
    }

    private static String text(Element parent, String name) {
        return parent.getElementsByTagNameNS(OutboundMessaging.OUTBOUND_NS, name).item(0).getTextContent();
    }
}
