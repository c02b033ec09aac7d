package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.queue.SqsNoticeQueue;
import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.store.DynamoSeenDeliveries;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The replay window at the two doors, against ElasticMQ (the change queue) and dynalite (the seen-deliveries table):
 * what was enqueued once is not enqueued again, per tenant, for the retention; nothing is recorded that was not
 * enqueued; and when the table cannot answer the doors still enqueue.
 */
class ReplayWindowTest {

    static final Duration RETENTION = Duration.ofHours(48);
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    final LocalAws aws = SharedLocalAws.get();
    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** The window's clock: moved past the retention to expire what it recorded. */
    final MutableClock windowClock = new MutableClock(HubSpotWebhookIntakeTest.NOW);
    final Clock doorClock = Clock.fixed(HubSpotWebhookIntakeTest.NOW, ZoneOffset.UTC);
    final FailingQueue queue = new FailingQueue(new SqsNoticeQueue(aws.sqs(),
            Optional.of(aws.queueUrl("ChangeQueue")), json));

    /** The change queue, failing on demand as SQS does when it is down. */
    static final class FailingQueue implements NoticeQueue {
        final NoticeQueue sqs;
        boolean down;

        FailingQueue(NoticeQueue sqs) {
            this.sqs = sqs;
        }

        @Override
        public void enqueue(List<ChangeNotice> notices) {
            if (down) {
                throw new EnqueueFailedException("queue down (test)", null);
            }
            sqs.enqueue(notices);
        }
    }

    @BeforeEach
    void empty() {
        aws.reset();
    }

    DynamoSeenDeliveries window(DynamoDbClient dynamo) {
        return new DynamoSeenDeliveries(dynamo, aws.tableName("SeenDeliveriesTable"), RETENTION, TIMEOUT,
                windowClock);
    }

    HubSpotWebhookIntake webhook(SeenDeliveries seen) {
        return new HubSpotWebhookIntake(HubSpotWebhookIntakeTest.SECRET, HubSpotWebhookIntakeTest.APP_ID,
                Optional.empty(), new Tenants(), queue, seen, json, doorClock);
    }

    SalesforceOutboundIntake outbound(SeenDeliveries seen) {
        return new SalesforceOutboundIntake(new Tenants(), queue, seen, doorClock);
    }

    HttpResponseEvent post(HubSpotWebhookIntake intake, String body) {
        return intake.handle(HubSpotWebhookIntakeTest.signed(body, HubSpotWebhookIntakeTest.NOW));
    }

    HttpResponseEvent post(SalesforceOutboundIntake intake, String message, String token) {
        return intake.handle(SalesforceOutboundIntakeTest.post(message, "token=" + token, "text/xml; charset=utf-8"));
    }

    /** Every notice on the change queue, received until it answers empty. */
    List<ChangeNotice> enqueued() throws IOException {
        List<ChangeNotice> notices = new ArrayList<>();
        for (List<Message> batch = receive(); !batch.isEmpty(); batch = receive()) {
            for (Message message : batch) {
                notices.add(json.readValue(message.body(), ChangeNotice.class));
            }
        }
        return notices;
    }

    private List<Message> receive() {
        return aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue")).maxNumberOfMessages(10)
                .waitTimeSeconds(0)).messages();
    }

    /** {@code count} contact creations of contacts {@code firstId}…, event ids equal to the contact ids. */
    static String creations(long firstId, int count, long portal) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append(HubSpotWebhookIntakeTest.event(firstId + i, "contact.creation",
                    firstId + i, "CRM_UI", "u").replace("62515", Long.toString(portal)));
        }
        return body.append(']').toString();
    }

    static List<String> recordIds(List<ChangeNotice> notices) {
        return notices.stream().flatMap(n -> n.recordIds().stream()).toList();
    }

    @Test
    void theSameWebhookRequestThreeTimesIsEnqueuedOnceAndAnswered200EachTime() throws IOException {
        HubSpotWebhookIntake intake = webhook(window(aws.dynamo()));
        String body = HubSpotWebhookIntakeTest.fixture("contact-created.json");

        List<HttpResponseEvent> answers = List.of(post(intake, body), post(intake, body), post(intake, body));

        assertThat(answers).extracting(HttpResponseEvent::statusCode).containsExactly(200, 200, 200);
        assertThat(answers.get(2).body()).contains("\"notices\":0").contains("\"replayedEventsDropped\":3");
        assertThat(enqueued()).singleElement().satisfies(n -> {
            assertThat(n.recordIds()).containsExactly("1246965");
            assertThat(n.sourceEventIds()).containsExactly("3816279340", "3816279341", "3816279342");
        });
    }

    @Test
    void aRequestOverlappingAnEarlierOneInHalfItsEventsEnqueuesOnlyTheNewHalf() throws IOException {
        HubSpotWebhookIntake intake = webhook(window(aws.dynamo()));
        long portal = Tenants.ACME.hubSpotPortalId();

        assertThat(post(intake, creations(1000, 100, portal)).statusCode()).isEqualTo(200);
        assertThat(recordIds(enqueued())).hasSize(100);
        assertThat(post(intake, creations(1050, 100, portal)).statusCode()).isEqualTo(200);

        List<String> second = recordIds(enqueued());
        assertThat(second).hasSize(50).allMatch(id -> Long.parseLong(id) >= 1100 && Long.parseLong(id) < 1150);
    }

    @Test
    void theSameOutboundMessageResentIsAcknowledgedAndNothingNewIsEnqueued() throws IOException {
        SalesforceOutboundIntake intake = outbound(window(aws.dynamo()));
        String message = SalesforceOutboundIntakeTest.fixture("outbound-leads.xml");

        HttpResponseEvent first = post(intake, message, Tenants.ACME_TOKEN);
        assertThat(recordIds(enqueued())).containsExactly("00Q5g00000AbCdEEAV", "00Q5g00000AbCdFEAV");
        HttpResponseEvent resent = post(intake, message, Tenants.ACME_TOKEN);

        assertThat(resent.statusCode()).isEqualTo(first.statusCode()).isEqualTo(200);
        assertThat(resent.body()).isEqualTo(first.body()).contains("<Ack>true</Ack>");
        assertThat(resent.headers()).isEqualTo(first.headers());
        assertThat(enqueued()).isEmpty();
    }

    @Test
    void twoTenantsWithTheSameEventAndNotificationIdsAreBothEnqueued() throws IOException {
        DynamoSeenDeliveries seen = window(aws.dynamo());
        HubSpotWebhookIntake webhook = webhook(seen);
        SalesforceOutboundIntake outbound = outbound(seen);
        String acmeMessage = SalesforceOutboundIntakeTest.fixture("outbound-leads.xml");
        String globexMessage = acmeMessage.replace(Tenants.ACME.salesforceOrgId(), Tenants.GLOBEX.salesforceOrgId());

        post(webhook, creations(500, 10, Tenants.ACME.hubSpotPortalId()));
        post(webhook, creations(500, 10, Tenants.GLOBEX.hubSpotPortalId()));
        post(outbound, acmeMessage, Tenants.ACME_TOKEN);
        post(outbound, globexMessage, Tenants.GLOBEX_TOKEN);

        List<ChangeNotice> notices = enqueued();
        Map<String, List<String>> byTenant = new java.util.TreeMap<>();
        notices.forEach(n -> byTenant.computeIfAbsent(n.tenantId() + "/" + n.source(), t -> new ArrayList<>())
                .addAll(n.sourceEventIds()));
        assertThat(byTenant).containsOnlyKeys("acme/HUBSPOT", "globex/HUBSPOT", "acme/SALESFORCE",
                "globex/SALESFORCE");
        assertThat(byTenant.get("globex/HUBSPOT")).hasSize(10).containsExactlyInAnyOrderElementsOf(
                byTenant.get("acme/HUBSPOT"));
        assertThat(byTenant.get("globex/SALESFORCE")).containsExactly("04l5g00000CnHz1AAF", "04l5g00000CnHz2AAF")
                .isEqualTo(byTenant.get("acme/SALESFORCE"));
    }

    @Test
    void aDeliveryIsEnqueuedAgainOnceItsSeenItemHasExpiredEvenIfNotYetDeleted() throws IOException {
        DynamoSeenDeliveries seen = window(aws.dynamo());
        HubSpotWebhookIntake webhook = webhook(seen);
        SalesforceOutboundIntake outbound = outbound(seen);
        String body = HubSpotWebhookIntakeTest.fixture("contact-created.json");
        String message = SalesforceOutboundIntakeTest.fixture("outbound-leads.xml");
        post(webhook, body);
        post(outbound, message, Tenants.ACME_TOKEN);
        assertThat(enqueued()).hasSize(2);

        windowClock.advance(RETENTION.minusSeconds(1));
        post(webhook, body);
        post(outbound, message, Tenants.ACME_TOKEN);
        assertThat(enqueued()).as("within the retention").isEmpty();

        windowClock.advance(Duration.ofSeconds(1));
        assertThat(aws.dynamo().scan(b -> b.tableName(aws.tableName("SeenDeliveriesTable"))).count())
                .as("dynalite keeps expired items (no TTL deletion)").isEqualTo(5);
        post(webhook, body);
        post(outbound, message, Tenants.ACME_TOKEN);
        assertThat(enqueued()).extracting(ChangeNotice::source).containsExactlyInAnyOrder(
                ChangeNotice.SourceSystem.HUBSPOT, ChangeNotice.SourceSystem.SALESFORCE);
    }

    /**
     * The documented choice: fail open. A seen-deliveries table that accepts connections but never answers costs
     * each door one bounded lookup (the call timeout), then everything is enqueued and acknowledged.
     */
    @Test
    void whenTheSeenTableCannotAnswerTheDoorsStillEnqueueWithinTheCallTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                DynamoDbClient unanswering = DynamoDbClient.builder()
                        .endpointOverride(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                        .region(Region.of(LocalAws.REGION)).credentialsProvider(LocalAws.credentials())
                        .httpClient(UrlConnectionHttpClient.create()).build()) {
            DynamoSeenDeliveries down = window(unanswering);
            HubSpotWebhookIntake webhook = webhook(down);
            SalesforceOutboundIntake outbound = outbound(down);
            String body = HubSpotWebhookIntakeTest.fixture("contact-created.json");

            long start = System.nanoTime();
            HttpResponseEvent answer = post(webhook, body);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(took).as("one lookup bounded by the timeout, no record attempted")
                    .isLessThan(TIMEOUT.multipliedBy(2));
            assertThat(post(outbound, SalesforceOutboundIntakeTest.fixture("outbound-leads.xml"), Tenants.ACME_TOKEN)
                    .body()).contains("<Ack>true</Ack>");
            assertThat(post(webhook, body).statusCode()).isEqualTo(200);

            assertThat(enqueued()).extracting(ChangeNotice::source).containsExactlyInAnyOrder(
                    ChangeNotice.SourceSystem.HUBSPOT, ChangeNotice.SourceSystem.SALESFORCE,
                    ChangeNotice.SourceSystem.HUBSPOT);
        }
    }

    @Test
    void aFailedEnqueueRecordsNothingSoTheSendersRetryIsEnqueued() throws IOException {
        DynamoSeenDeliveries seen = window(aws.dynamo());
        HubSpotWebhookIntake webhook = webhook(seen);
        SalesforceOutboundIntake outbound = outbound(seen);
        String body = HubSpotWebhookIntakeTest.fixture("contact-created.json");
        String message = SalesforceOutboundIntakeTest.fixture("outbound-leads.xml");

        queue.down = true;
        assertThat(post(webhook, body).statusCode()).isEqualTo(503);
        assertThat(post(outbound, message, Tenants.ACME_TOKEN).statusCode()).isEqualTo(503);
        assertThat(aws.dynamo().scan(b -> b.tableName(aws.tableName("SeenDeliveriesTable"))).count()).isZero();

        queue.down = false;
        assertThat(post(webhook, body).statusCode()).isEqualTo(200);
        assertThat(post(outbound, message, Tenants.ACME_TOKEN).body()).contains("<Ack>true</Ack>");
        assertThat(enqueued()).extracting(ChangeNotice::source).containsExactlyInAnyOrder(
                ChangeNotice.SourceSystem.HUBSPOT, ChangeNotice.SourceSystem.SALESFORCE);
    }
}
