package io.crmsync.sandbox.salesforce;

import static io.crmsync.sandbox.salesforce.SalesforceTestClient.CLIENT_ID;
import static io.crmsync.sandbox.salesforce.SalesforceTestClient.CLIENT_SECRET;
import static io.crmsync.sandbox.salesforce.SalesforceTestClient.V;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.SalesforceSandbox.User;

/**
 * A second user of the org over HTTP: the sales rep logs in with the username-password flow and writes without
 * crmsync's {@code Sforce-Call-Options}, so CDC's changeOrigin names no client, commitUser and LastModifiedById are
 * the rep's id, and Outbound Messages carry the rep as LastModifiedById; crmsync's own session still writes as the
 * integration user with its client in changeOrigin.
 */
class SalesforceUsersTest {

    private static final String ACK = "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\">"
            + "<soapenv:Body><notificationsResponse xmlns=\"http://soap.sforce.com/2005/09/outbound\"><Ack>true</Ack>"
            + "</notificationsResponse></soapenv:Body></soapenv:Envelope>";

    private SalesforceSandbox sandbox;
    private SandboxHttpServer receiver;
    private final BlockingQueue<String> soapBodies = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() {
        sandbox = new SalesforceSandbox(SalesforceTestClient.config(100_000)).start();
        receiver = new SandboxHttpServer("receiver", new Router().post("/outbound", request -> {
            soapBodies.add(request.bodyText());
            return new SandboxResponse(200, Map.of("Content-Type", "text/xml"), ACK.getBytes(StandardCharsets.UTF_8));
        }));
        receiver.start(0);
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.close();
    }

    @Test
    void theRepIsAUserOfTheOrgWithAnIdOfItsOwn() {
        assertThat(sandbox.config().users()).containsExactly(User.SALES_REP);
        String repId = sandbox.userId(User.SALES_REP.username());
        assertThat(repId).startsWith("005").hasSize(18).isNotEqualTo(sandbox.userId());
        assertThat(sandbox.userId(sandbox.integrationUsername())).isEqualTo(sandbox.userId());
        assertThat(sandbox.records("User")).extracting(u -> u.get("Username")).containsExactlyInAnyOrder(
                sandbox.integrationUsername(), User.SALES_REP.username());
        sandbox.reset();
        assertThat(sandbox.records("User")).hasSize(2);
    }

    @Test
    void theRepLogsInWithUsernameAndPassword() throws Exception {
        SalesforceTestClient rep = new SalesforceTestClient(sandbox);
        HttpResponse<String> wrong = rep.form("/services/oauth2/token", passwordGrant("not-the-password"));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(rep.json.readTree(wrong.body()).get("error").asText()).isEqualTo("invalid_grant");

        HttpResponse<String> ok = rep.form("/services/oauth2/token", passwordGrant(User.SALES_REP.password()));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        JsonNode session = rep.json.readTree(ok.body());
        assertThat(session.get("id").asText()).endsWith("/id/" + sandbox.orgId() + "/"
                + sandbox.userId(User.SALES_REP.username()));
        assertThat(session.get("instance_url").asText()).isEqualTo(sandbox.baseUrl());

        sandbox.deactivateUser(User.SALES_REP.username());
        assertThat(rep.form("/services/oauth2/token", passwordGrant(User.SALES_REP.password())).statusCode())
                .isEqualTo(400);
    }

    @Test
    void theRepsWritesCarryNoCrmsyncClientAndTheRepsId() throws Exception {
        sandbox.enableChangeDataCapture(ChangeDataCapture.Settings.collectOnly(Set.of("Lead")));
        sandbox.addOutboundMessage("Lead", List.of("LastName", "CreatedById", "LastModifiedById"),
                URI.create(receiver.baseUrl() + "/outbound"));
        String repId = sandbox.userId(User.SALES_REP.username());
        SalesforceTestClient rep = loginAsRep();

        String id = rep.ok(rep.send("POST", V + "/sobjects/Lead", "{\"LastName\":\"Hopper\",\"Company\":\"Navy\"}"),
                201).get("id").asText();
        rep.ok(rep.send("PATCH", V + "/sobjects/Lead/" + id, "{\"Title\":\"Rear Admiral\"}"), 204);

        List<Map<String, Object>> events = sandbox.cdcEvents();
        assertThat(events).hasSize(2);
        for (Map<String, Object> event : events) {
            JsonNode header = rep.json.valueToTree(event).get("detail").get("payload").get("ChangeEventHeader");
            assertThat(header.get("changeOrigin").asText()).isEqualTo("com/salesforce/api/rest/62.0")
                    .doesNotContain("client=");
            assertThat(header.get("commitUser").asText()).isEqualTo(repId);
        }
        Map<String, Object> lead = sandbox.record(id).orElseThrow();
        assertThat(lead.get("CreatedById")).isEqualTo(repId);
        assertThat(lead.get("LastModifiedById")).isEqualTo(repId);
        assertThat(lead.get("OwnerId")).as("a new record belongs to whoever created it").isEqualTo(repId);
        JsonNode read = rep.ok(rep.send("GET", V + "/sobjects/Lead/" + id + "?fields=LastModifiedById", null), 200);
        assertThat(read.get("LastModifiedById").asText()).isEqualTo(repId);

        Element sObject = outboundSObject();
        assertThat(field(sObject, "Id")).isEqualTo(id);
        assertThat(field(sObject, "CreatedById")).isEqualTo(repId);
        assertThat(field(sObject, "LastModifiedById")).isEqualTo(repId);
    }

    @Test
    void crmsyncsSessionStillWritesAsTheIntegrationUserWithItsClient() throws Exception {
        sandbox.enableChangeDataCapture(ChangeDataCapture.Settings.collectOnly(Set.of("Lead")));
        SalesforceTestClient crmsync = new SalesforceTestClient(sandbox).login();
        String id = crmsync.ok(crmsync.send("POST", V + "/sobjects/Lead", "{\"LastName\":\"Ada\",\"Company\":\"C\"}",
                "Sforce-Call-Options", "client=crmsync"), 201).get("id").asText();
        SalesforceTestClient rep = loginAsRep();
        rep.ok(rep.send("PATCH", V + "/composite/sobjects", rep.toJson(Map.of("records", List.of(Map.of(
                "attributes", Map.of("type", "Lead"), "id", id, "Rating", "Hot"))))), 200);

        List<JsonNode> headers = sandbox.cdcEvents().stream().map(e -> crmsync.json.valueToTree(e).get("detail")
                .get("payload").get("ChangeEventHeader")).toList();
        assertThat(headers).extracting(h -> h.get("changeOrigin").asText()).containsExactly(
                "com/salesforce/api/rest/62.0;client=crmsync", "com/salesforce/api/rest/62.0");
        assertThat(headers).extracting(h -> h.get("commitUser").asText()).containsExactly(sandbox.userId(),
                sandbox.userId(User.SALES_REP.username()));
        Map<String, Object> lead = sandbox.record(id).orElseThrow();
        assertThat(lead.get("CreatedById")).isEqualTo(sandbox.userId());
        assertThat(lead.get("LastModifiedById")).isEqualTo(sandbox.userId(User.SALES_REP.username()));
    }

    @Test
    void anIssuedSessionForTheRepWritesAsTheRep() throws Exception {
        SalesforceTestClient rep = new SalesforceTestClient(sandbox);
        rep.useToken(sandbox.issueAccessToken(User.SALES_REP.username()));
        String id = rep.ok(rep.send("POST", V + "/sobjects/Lead", "{\"LastName\":\"Lamarr\",\"Company\":\"MGM\"}"),
                201).get("id").asText();
        assertThat(sandbox.record(id).orElseThrow().get("CreatedById"))
                .isEqualTo(sandbox.userId(User.SALES_REP.username()));
    }

    // ---- helpers ----

    private SalesforceTestClient loginAsRep() throws Exception {
        SalesforceTestClient rep = new SalesforceTestClient(sandbox);
        HttpResponse<String> response = rep.form("/services/oauth2/token", passwordGrant(User.SALES_REP.password()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        rep.useToken(rep.json.readTree(response.body()).get("access_token").asText());
        return rep;
    }

    private static Map<String, String> passwordGrant(String password) {
        return Map.of("grant_type", "password", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "username",
                User.SALES_REP.username(), "password", password);
    }

    /** The sObject of the first outbound message received. */
    private Element outboundSObject() throws Exception {
        String body = soapBodies.poll(10, TimeUnit.SECONDS);
        assertThat(body).as("an outbound message").isNotNull();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return (Element) doc.getElementsByTagNameNS(OutboundMessaging.OUTBOUND_NS, "sObject").item(0);
    }

    private static String field(Element sObject, String name) {
        return sObject.getElementsByTagNameNS(OutboundMessaging.SOBJECT_NS, name).item(0).getTextContent();
    }
}
