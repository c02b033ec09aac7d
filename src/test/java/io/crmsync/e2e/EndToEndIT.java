package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sandbox.hubspot.WebhookDelivery;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The whole path on real local servers, function.zip's functions under the Lambda runtime client: a contact
 * created in the HubSpot sandbox → signed webhook → hubspot-webhook (behind a Function URL) → SQS → event
 * source mapping → sync-worker → Lead in the Salesforce sandbox and link in DynamoDB; and Salesforce changes →
 * Outbound Messages (salesforce-outbound) and Change Data Capture events (salesforce-cdc) → SQS.
 */
class EndToEndIT {

    static final LocalAws aws = SharedLocalAws.get();
    static LocalDeployment deployment;
    final ObjectMapper json = new ObjectMapper();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void deploy() {
        deployment = LocalDeployment.start(aws, new LocalDeployment.Options(Path.of("target", "it-e2e"), 0, 0, 0, 0, 2,
                Duration.ofMillis(200), LocalDeployment.SalesforceChanges.OUTBOUND_MESSAGES_AND_CDC));
    }

    /** Everything secret or personal the run used, checked against every function's log at the end. */
    static final LogAudit audit = new LogAudit()
            .secrets(LocalDeployment.HUBSPOT_TOKEN, LocalDeployment.HUBSPOT_CLIENT_SECRET,
                    LocalDeployment.SALESFORCE_CLIENT_SECRET, LocalDeployment.OUTBOUND_TOKEN,
                    io.crmsync.sandbox.hubspot.HubSpotSandbox.Identity.PERSON_TOKEN,
                    io.crmsync.sandbox.hubspot.HubSpotSandbox.Identity.OTHER_APP_TOKEN)
            // The people of the test data below (their email addresses are caught as any address is).
            .names("Ada", "Lovelace", "Grace", "Hopper", "Alan", "Turing", "Katherine", "Johnson", "Dorothy",
                    "Vaughan", "Analytical Engines");

    @AfterAll
    static void undeploy() {
        deployment.close();
        // Issue 18: no token, secret, email address or name from the test data in any function's log line.
        List<String> findings = audit.findings(deployment.logDir());
        assertThat(findings).as("log lines of %s carrying a secret or personal data", deployment.logDir())
                .isEmpty();
    }

    /** The grants this test stored (OAuth tokens, refresh tokens, PKCE verifiers) join what the logs must not hold. */
    @AfterEach
    void rememberTheTenantsSecrets() {
        String name = LocalAws.SECRETS_PREFIX + "/tenants/" + LocalDeployment.TENANT;
        try {
            audit.secretsOf(aws.secretsManager().getSecretValue(b -> b.secretId(name)).secretString());
        } catch (software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException e) {
            // not connected in this test: it synced in the single-tenant mode
        }
    }

    @BeforeEach
    void clean() {
        // The previous test's pipeline first goes idle: a worker still syncing it would otherwise write into the
        // freshly emptied sandboxes (a Lead for a contact id the next test reuses, with the old contact's values).
        settle();
        aws.reset();
        deployment.registerTenant(aws);
        deployment.resetSandboxes();
    }

    Optional<Map<String, Object>> leadFor(String contactId) {
        return deployment.salesforce().leadByExternalId("HubSpot_Contact_Id__c", contactId);
    }

    Map<String, AttributeValue> linkItem(String contactId) {
        return aws.dynamo().getItem(b -> b.tableName(aws.tableName("LinksTable")).consistentRead(true)
                .key(Map.of("hubSpotKey", AttributeValue.fromS(LocalDeployment.TENANT + "|contact|" + contactId))))
                .item();
    }

    @Test
    void aContactCreatedInHubSpotBecomesALeadWithALink() {
        String id = deployment.hubSpot().createContact(Map.of("email", "ada@example.com", "firstname", "Ada",
                "lastname", "Lovelace", "company", "Analytical Engines", "phone", "+44 20 7946 0000",
                "jobtitle", "Countess"));

        await().atMost(Duration.ofSeconds(30)).until(() -> leadFor(id).isPresent());
        Map<String, Object> lead = leadFor(id).orElseThrow();
        assertThat(lead).containsEntry("Email", "ada@example.com").containsEntry("FirstName", "Ada")
                .containsEntry("LastName", "Lovelace").containsEntry("Company", "Analytical Engines")
                .containsEntry("Phone", "+44 20 7946 0000").containsEntry("Title", "Countess");
        await().atMost(Duration.ofSeconds(10)).until(() -> !linkItem(id).isEmpty());
        assertThat(linkItem(id).get("salesforceId").s()).isEqualTo(lead.get("Id"));

        deployment.hubSpot().updateContact(id, Map.of("jobtitle", "Mathematician"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "Mathematician".equals(leadFor(id).orElseThrow().get("Title")));
        assertThat(deployment.salesforce().count("Lead")).isEqualTo(1);
    }

    /**
     * What {@code make run}'s printed curls do: a person creates a contact over HTTP with their own HubSpot token
     * (a CRM_UI write, not crmsync's), it arrives as a Lead; the Salesforce rep edits the Lead over HTTP with their
     * own session (no crmsync client in changeOrigin), the edit arrives in HubSpot.
     */
    @Test
    void aPersonsContactCreatedOverHttpBecomesALeadAndTheRepsEditComesBack() throws Exception {
        String personToken = deployment.hubSpot().config().person().orElseThrow().token();
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(deployment.hubSpot().baseUrl()
                + "/crm/v3/objects/contacts")).header("Authorization", "Bearer " + personToken)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"properties\":{\"email\":\"you@example.com\",\"firstname\":\"Your\","
                                + "\"lastname\":\"Name\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).get("id").asText();

        await().atMost(Duration.ofSeconds(30)).until(() -> leadFor(id).isPresent());
        Map<String, Object> lead = leadFor(id).orElseThrow();
        assertThat(lead).containsEntry("Email", "you@example.com").containsEntry("FirstName", "Your")
                .containsEntry("LastName", "Name");

        String rep = deployment.salesforce().config().users().get(0).username();
        String repSession = deployment.salesforce().issueAccessToken(rep);
        HttpResponse<String> edited = http.send(HttpRequest.newBuilder(URI.create(deployment.salesforce().baseUrl()
                + "/services/data/" + deployment.salesforce().config().apiVersion() + "/sobjects/Lead/"
                + lead.get("Id"))).header("Authorization", "Bearer " + repSession)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(
                        "{\"Title\":\"Engineer\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(edited.statusCode()).as(edited.body()).isEqualTo(204);
        assertThat(leadFor(id).orElseThrow()).containsEntry("LastModifiedById",
                deployment.salesforce().userId(rep));

        await().atMost(Duration.ofSeconds(30)).until(() -> "Engineer".equals(
                deployment.hubSpot().contact(id).orElseThrow().get("jobtitle")));
    }

    /** The same create with crmsync's own token is crmsync's write (INTEGRATION, its app id): dropped as an echo. */
    @Test
    void aContactCreatedWithCrmsyncsOwnTokenIsTakenForCrmsyncsOwnWrite() throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(deployment.hubSpot().baseUrl()
                + "/crm/v3/objects/contacts")).header("Authorization", "Bearer " + LocalDeployment.HUBSPOT_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"properties\":{\"email\":\"echo@example.com\",\"lastname\":\"Echo\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = json.readTree(created.body()).get("id").asText();
        assertThat(deployment.hubSpot().awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(deployment.hubSpot().deliveries()).isNotEmpty().allMatch(WebhookDelivery::succeeded);
        awaitQueueDrained();
        sleepQuietly(Duration.ofSeconds(2));
        assertThat(leadFor(id)).isEmpty();
    }

    @Test
    void theSameWebhookDeliveredThreeTimesMakesOneLead() throws Exception {
        String id = deployment.hubSpot().createContact(Map.of("email", "grace@example.com", "lastname", "Hopper"));
        assertThat(deployment.hubSpot().awaitWebhooksIdle(Duration.ofSeconds(10))).isTrue();
        WebhookDelivery first = deployment.hubSpot().deliveries().get(0);
        assertThat(first.succeeded()).isTrue();
        deployment.hubSpot().redeliver(first);
        deployment.hubSpot().redeliver(first);

        await().atMost(Duration.ofSeconds(30)).until(() -> leadFor(id).isPresent());
        awaitQueueDrained();
        assertThat(deployment.salesforce().count("Lead")).isEqualTo(1);
    }

    @Test
    void twoWorkersOnTheSameRecordAtOnceMakeOneLead() throws Exception {
        deployment.hubSpot().unsubscribe();
        try {
            String id = deployment.hubSpot().createContact(Map.of("email", "alan@example.com", "lastname", "Turing"));
            List<CompletableFuture<byte[]>> invocations = new ArrayList<>();
            for (int worker = 0; worker < 2; worker++) {
                invocations.add(deployment.worker().api().invoke(sqsEvent("m" + worker, id)));
            }
            for (CompletableFuture<byte[]> invocation : invocations) {
                assertThat(json.readTree(invocation.get()).path("batchItemFailures")).isEmpty();
            }
            assertThat(deployment.salesforce().count("Lead")).isEqualTo(1);
            assertThat(leadFor(id)).isPresent();
        } finally {
            deployment.hubSpot().subscribe(URI.create(deployment.webhookUrl()));
        }
    }

    /**
     * Connecting the tenant as a user would: the admin API hands out the CRMs' authorize URLs, the sandboxes
     * approve and send the browser to the packaged oauth-callback, which stores the grants; HubSpot calls then
     * carry the tenant's own OAuth token instead of the deployment-wide one, and nothing answers a token.
     */
    @Test
    void bothCrmsConnectThroughTheAdminApiAndTheCallbackAndTheSyncUsesTheTenantsToken() throws Exception {
        connectBothCrmsThroughTheAdminApi();

        long deploymentTokenCalls = deployment.hubSpot().callsAuthorizedBy(LocalDeployment.HUBSPOT_TOKEN);
        String id = deployment.hubSpot().createContact(Map.of("email", "oauth@example.com", "lastname", "Connected"));
        await().atMost(Duration.ofSeconds(30)).until(() -> leadFor(id).isPresent());
        assertThat(deployment.hubSpot().callsAuthorizedBy(LocalDeployment.HUBSPOT_TOKEN))
                .as("calls made with the deployment-wide token once the tenant has its own").isEqualTo(
                        deploymentTokenCalls);
    }

    /**
     * The packaged worker, with its role's permissions only, keeps a refreshed HubSpot token and the Salesforce refresh
     * token the org rotated: without writing them back (secretsmanager:PutSecretValue, refused before template.yaml
     * granted it) the next cold start would present a refresh token Salesforce has already ended.
     */
    @Test
    void aRefreshedHubSpotTokenAndARotatedSalesforceRefreshTokenAreWrittenBackByTheWorker() throws Exception {
        connectBothCrmsThroughTheAdminApi();
        String secretName = LocalAws.SECRETS_PREFIX + "/tenants/" + LocalDeployment.TENANT;
        ObjectNode grants = (ObjectNode) json.readTree(aws.secretsManager().getSecretValue(b -> b.secretId(secretName))
                .secretString());
        String hubSpotToken = grants.at("/hubSpot/accessToken").asText();
        String salesforceRefreshToken = grants.at("/salesforce/refreshToken").asText();
        assertThat(hubSpotToken).isNotEmpty();
        assertThat(salesforceRefreshToken).isNotEmpty();
        // Within the 5 minutes before expiry in which crmsync refreshes a HubSpot token.
        ((ObjectNode) grants.get("hubSpot")).put("expiresAt", java.time.Instant.now().plusSeconds(60).toString());
        aws.putSecret(secretName, json.writeValueAsString(grants));

        String id = deployment.hubSpot().createContact(Map.of("email", "refresh@example.com", "lastname", "Kept"));
        await().atMost(Duration.ofSeconds(30)).until(() -> leadFor(id).isPresent());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            com.fasterxml.jackson.databind.JsonNode kept = json.readTree(aws.secretsManager().getSecretValue(
                    b -> b.secretId(secretName)).secretString());
            assertThat(kept.at("/hubSpot/accessToken").asText()).as("the refreshed HubSpot token")
                    .isNotEqualTo(hubSpotToken).isNotEmpty();
            assertThat(kept.at("/salesforce/refreshToken").asText()).as("the rotated Salesforce refresh token")
                    .isNotEqualTo(salesforceRefreshToken).isNotEmpty();
        });
        assertThat(aws.iam().denials()).as("calls template.yaml does not allow").isEmpty();
        settle();
    }

    /**
     * The packaged reconciler, as its schedule invokes it and with its role's permissions only, finds a change whose
     * webhook never came and queues its repair; the worker then syncs it.
     */
    @Test
    void theReconcilerRepairsAChangeWhoseWebhookWasLost() {
        String id = deployment.hubSpot().createContact(Map.of("email", "katherine@example.com", "lastname", "Johnson",
                "jobtitle", "Analyst"));
        await().atMost(Duration.ofSeconds(30)).until(() -> leadFor(id).isPresent());
        settle();

        deployment.hubSpot().unsubscribe();
        try {
            deployment.hubSpot().updateContact(id, Map.of("jobtitle", "Research Mathematician"));
        } finally {
            deployment.hubSpot().subscribe(URI.create(deployment.webhookUrl()));
        }
        sleepQuietly(Duration.ofSeconds(1));
        assertThat(leadFor(id).orElseThrow()).containsEntry("Title", "Analyst");

        String report = deployment.reconcile(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> "Research Mathematician".equals(
                leadFor(id).orElseThrow().get("Title")));
        assertThat(report).isNotEmpty();
        assertThat(aws.iam().denials()).as("calls template.yaml does not allow").isEmpty();
        settle();
    }

    private void connectBothCrmsThroughTheAdminApi() throws Exception {
        String tenant = "/tenants/" + LocalDeployment.TENANT;
        HttpResponse<String> hubSpotStart = admin("POST", tenant + "/connect/hubspot", "{}");
        assertThat(hubSpotStart.statusCode()).as(hubSpotStart.body()).isEqualTo(200);
        assertThat(followToCallback(json.readTree(hubSpotStart.body()).get("installUrl").asText(), "hubspot"))
                .contains("HubSpot account " + LocalDeployment.PORTAL_ID + " is connected to tenant "
                        + LocalDeployment.TENANT);

        HttpResponse<String> salesforceStart = admin("POST", tenant + "/connect/salesforce", "{\"sandbox\": false}");
        assertThat(salesforceStart.statusCode()).as(salesforceStart.body()).isEqualTo(200);
        assertThat(followToCallback(json.readTree(salesforceStart.body()).get("authorizeUrl").asText(), "salesforce"))
                .contains("is connected to tenant " + LocalDeployment.TENANT);

        HttpResponse<String> connections = admin("GET", tenant + "/connections", null);
        assertThat(json.readTree(connections.body()).at("/hubspot/method").asText()).isEqualTo("HUBSPOT_OAUTH");
        assertThat(json.readTree(connections.body()).at("/salesforce/method").asText())
                .isEqualTo("SALESFORCE_WEB_SERVER");
        assertThat(connections.body()).doesNotContain(LocalDeployment.HUBSPOT_TOKEN).doesNotContainIgnoringCase(
                "refresh").doesNotContain("accessToken\"");
    }

    private HttpResponse<String> admin(String method, String path, String body) throws Exception {
        return AdminCalls.send(http, deployment.adminUrl(), method, path, body, Duration.ofSeconds(30));
    }

    /** Opens the authorize URL (the sandbox approves at once), follows its redirect to the callback, returns the page. */
    private String followToCallback(String authorizeUrl, String crm) throws Exception {
        HttpResponse<String> approved = http.send(HttpRequest.newBuilder(URI.create(authorizeUrl)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(302);
        String location = approved.headers().firstValue("location").orElseThrow();
        assertThat(location).startsWith(deployment.callbackUrl().replaceAll("/+$", "") + "/" + crm + "?");
        HttpResponse<String> landed = http.send(HttpRequest.newBuilder(URI.create(location)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(landed.statusCode()).as(landed.body()).isEqualTo(200);
        return landed.body();
    }

    @Test
    void forgedAndStaleWebhooksGet401AndNothingIsEnqueued() throws Exception {
        // Whatever an earlier test's writes still report (CDC, Outbound Messages) lands before the count starts.
        settle();
        long invocationsBefore = deployment.events().invocations();
        String body = "[{\"eventId\":1,\"subscriptionId\":1,\"portalId\":" + LocalDeployment.PORTAL_ID + ",\"appId\":"
                + LocalDeployment.APP_ID + ",\"occurredAt\":1,\"subscriptionType\":\"contact.creation\",\"objectId\":1}]";
        String now = Long.toString(System.currentTimeMillis());
        String stale = Long.toString(System.currentTimeMillis() - 6 * 60 * 1000);
        String wrongKey = io.crmsync.ingest.HubSpotSignatureV3.signatureFor("not-the-secret", "POST",
                deployment.webhookUrl(), body.getBytes(StandardCharsets.UTF_8), now);
        String staleButSigned = io.crmsync.ingest.HubSpotSignatureV3.signatureFor(
                LocalDeployment.HUBSPOT_CLIENT_SECRET, "POST", deployment.webhookUrl(),
                body.getBytes(StandardCharsets.UTF_8), stale);

        assertThat(post(body, now, wrongKey).statusCode()).isEqualTo(401);
        assertThat(post(body, stale, staleButSigned).statusCode()).isEqualTo(401);

        assertThat(visibleMessages() + deployment.events().invocations() - invocationsBefore).isZero();
    }

    HttpResponse<String> post(String body, String timestamp, String signature) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(deployment.webhookUrl()))
                .header("Content-Type", "application/json").header("X-HubSpot-Request-Timestamp", timestamp)
                .header("X-HubSpot-Signature-v3", signature).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    byte[] sqsEvent(String messageId, String contactId) throws Exception {
        ObjectNode notice = json.createObjectNode();
        notice.put("version", 1).put("tenantId", LocalDeployment.TENANT).put("source", "HUBSPOT")
                .put("objectType", "contact").put("kind", "CREATED").put("occurredAt", "2026-11-29T10:00:00Z");
        notice.putArray("recordIds").add(contactId);
        ObjectNode event = json.createObjectNode();
        ObjectNode record = event.putArray("Records").addObject();
        record.put("messageId", messageId).put("receiptHandle", "rh-" + messageId)
                .put("body", json.writeValueAsString(notice)).put("eventSource", "aws:sqs")
                .put("eventSourceARN", "arn:aws:sqs:elasticmq:000000000000:crmsync-changes");
        record.putObject("attributes").put("ApproximateReceiveCount", "1");
        return json.writeValueAsBytes(event);
    }

    int visibleMessages() {
        return ChangeQueueDepth.of(aws);
    }

    /** Until the change queue stays empty for 2 s: the sandboxes' late notifications of earlier writes are in. */
    void settle() {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            awaitQueueDrained();
            long invocations = deployment.events().invocations();
            sleepQuietly(Duration.ofSeconds(2));
            return visibleMessages() == 0 && deployment.events().invocations() == invocations;
        });
    }

    void awaitQueueDrained() {
        await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ofMillis(300)).until(() -> visibleMessages() == 0);
    }

    @Test
    void aSalesforceChangeIsAcknowledgedByOutboundMessageAndEnqueuedFromChangeDataCapture() {
        long invocationsBefore = deployment.events().invocations();
        String leadId = deployment.salesforce().insert("Lead", Map.of("LastName", "Hamilton", "Company", "MIT",
                "Email", "margaret@example.com"));

        await().atMost(Duration.ofSeconds(30)).until(() -> deployment.salesforce().outboundMessages().attempts()
                .stream().anyMatch(a -> a.acknowledged()));
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment.cdcRule().answers().stream()
                .anyMatch(a -> a.contains("enqueued")));
        assertThat(deployment.cdcRule().failed()).isEmpty();
        // Both doors put notices on the queue; the worker consumed them.
        await().atMost(Duration.ofSeconds(30)).until(() -> deployment.events().invocations() > invocationsBefore);
        assertThat(leadId).startsWith("00Q");
    }

    @Test
    void crmsyncsOwnSalesforceWritesAreDroppedAtTheCdcDoor() {
        int before = deployment.cdcRule().answers().size();
        String id = deployment.hubSpot().createContact(Map.of("email", "katherine@example.com", "lastname", "Johnson"));
        await().atMost(Duration.ofSeconds(30)).until(() -> leadFor(id).isPresent());
        await().atMost(Duration.ofSeconds(30)).until(() -> newAnswers(before).stream()
                .anyMatch(a -> a.contains("own write")));
        assertThat(newAnswers(before)).noneMatch(a -> a.contains("enqueued"));
    }

    List<String> newAnswers(int before) {
        List<String> all = deployment.cdcRule().answers();
        return all.subList(before, all.size());
    }

    @Test
    void anOutboundMessageWithoutTheTenantsTokenIsRefused() throws Exception {
        String soap = new String(getClass().getResourceAsStream("/fixtures/salesforce/outbound-leads.xml")
                .readAllBytes(), StandardCharsets.UTF_8).replace("00D5g000004YzKxEAK", deployment.salesforce().orgId());
        for (String query : List.of("", "?token=wrong")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(deployment.outboundUrl() + query))
                    .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"\"")
                    .POST(HttpRequest.BodyPublishers.ofString(soap)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).doesNotContain("<Ack>true</Ack>");
        }
        HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(deployment.outboundUrl()
                + "?token=" + LocalDeployment.OUTBOUND_TOKEN)).header("Content-Type", "text/xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(soap)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(accepted.body()).contains("<Ack>true</Ack>");
    }

    @Test
    void aSalesforceEditReachesHubSpotAndTheSyncThenGoesQuiet() {
        String id = deployment.hubSpot().createContact(Map.of("email", "dorothy@example.com", "lastname", "Vaughan",
                "jobtitle", "Mathematician"));
        await().atMost(Duration.ofSeconds(30)).until(() -> leadFor(id).isPresent());
        String leadId = (String) leadFor(id).orElseThrow().get("Id");

        deployment.salesforce().update("Lead", leadId, Map.of("Title", "Supervisor"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "Supervisor".equals(
                deployment.hubSpot().contact(id).orElseThrow().get("jobtitle")));
        // Loop check: once the change has settled, nothing writes any more (no echo ping-pong).
        awaitQueueDrained();
        long writes = writeCalls();
        sleepQuietly(Duration.ofSeconds(4));
        awaitQueueDrained();
        assertThat(writeCalls()).isEqualTo(writes);
        assertThat(leadFor(id).orElseThrow()).containsEntry("Title", "Supervisor");
    }

    long writeCalls() {
        long salesforceWrites = deployment.salesforce().callCounts().entrySet().stream()
                .filter(e -> e.getKey().startsWith("PATCH") || e.getKey().startsWith("POST /services/data"))
                .mapToLong(Map.Entry::getValue).sum();
        long hubSpotWrites = deployment.hubSpot().callCounts().entrySet().stream()
                .filter(e -> e.getKey().contains("batch/update") || e.getKey().contains("batch/upsert")
                        || e.getKey().startsWith("PATCH"))
                .mapToLong(Map.Entry::getValue).sum();
        return salesforceWrites + hubSpotWrites;
    }

    static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
