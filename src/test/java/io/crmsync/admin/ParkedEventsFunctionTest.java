package io.crmsync.admin;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.LocalAws;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.testing.Events;
import io.crmsync.testing.ParkedCdcEvents;
import io.crmsync.testing.SyncStack;
import io.crmsync.testing.TenantSetup;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The admin-api function's queue operations as Lambda runs them, with the admin-api role of template.yaml behind
 * the local IAM check (a grant missing there fails these tests): replaying parked CDC events, redriving the
 * dead-letter queue.
 */
@QuarkusTest
@TestProfile(AdminApiFunctionProfile.class)
@SyncStack
class ParkedEventsFunctionTest {

    @Inject
    ObjectMapper json;

    LocalAws aws;

    @BeforeEach
    void stack(LocalAws aws, TenantSetup tenants) {
        this.aws = aws;
        tenants.register("acme", TenantSetup.PORTAL_ID, TenantSetup.ORG_ID);
    }

    /** A signed Function URL request without a body; the answer's status and JSON body. */
    JsonNode call(String method, String path) throws Exception {
        JsonNode event = Events.functionUrl(Events.ADMIN_API_IAM).request(method, path).noBody()
                .receivedAt(Instant.now()).requestId("r-" + System.nanoTime()).json();
        JsonNode response = json.readTree(given().contentType("application/json").body(event.toString()).post()
                .then().statusCode(200).extract().asString());
        String body = response.path("body").asText("");
        return json.createObjectNode().put("status", response.path("statusCode").asInt())
                .set("body", body.isEmpty() ? json.nullNode() : json.readTree(body));
    }

    @Test
    void parkedCdcEventsAreCountedThenReplayedIntoTheIntakesNotices() throws Exception {
        String parkingQueue = aws.queueUrl("CdcFailedEventsQueue");
        ParkedCdcEvents eventBridge = new ParkedCdcEvents(aws.sqs(), parkingQueue);
        IntStream.range(0, 44).forEach(n -> eventBridge.parkAsEventBridge(ParkedCdcEvents.leadUpdate(n)));
        // Lambda's on-failure destination sends with the CDC function's own role (its SendMessage grant).
        new ParkedCdcEvents(aws.sqsAs("salesforce-cdc"), parkingQueue)
                .parkAsLambdaDestination(ParkedCdcEvents.leadUpdate(44));
        eventBridge.parkRaw("{\"detail-type\": \"LeadChangeEvent\"}");

        JsonNode count = call("GET", "/cdc-failed");
        assertThat(count.path("status").asInt()).isEqualTo(200);
        assertThat(count.path("body").path("approximateCount").asLong()).isEqualTo(46);

        JsonNode replay = call("POST", "/cdc-failed/replay");

        assertThat(replay.path("status").asInt()).as(replay.toString()).isEqualTo(200);
        JsonNode report = replay.path("body");
        assertThat(report.path("replayed").asInt()).isEqualTo(45);
        assertThat(report.path("notices").asInt()).isEqualTo(45);
        assertThat(report.path("unparseable").asInt()).isEqualTo(1);
        assertThat(report.path("complete").asBoolean()).isTrue();
        assertThat(report.path("approximateLeft").asLong()).isEqualTo(1);
        assertThat(report.path("problems").get(0).asText()).contains("not an EventBridge event")
                .endsWith("(parked after SDK_CLIENT_ERROR: test)");
        assertThat(notices(45)).extracting(n -> n.recordIds().get(0)).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 45).mapToObj(ParkedCdcEvents::recordId).toList());

        assertThat(call("POST", "/cdc-failed/replay?max=0").path("status").asInt()).isEqualTo(400);
    }

    @Test
    void twoRedrivesInARowBringEveryDeadLetterBackExactlyOnce() throws Exception {
        String dlq = aws.queueUrl("ChangeDeadLetterQueue");
        List<String> recordIds = IntStream.range(0, 300).mapToObj(ParkedCdcEvents::recordId).toList();
        for (int from = 0; from < recordIds.size(); from += 10) {
            List<software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry> batch = new ArrayList<>();
            for (String id : recordIds.subList(from, from + 10)) {
                batch.add(software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder().id(id)
                        .messageBody(json.writeValueAsString(new ChangeNotice(ChangeNotice.CURRENT_VERSION, "acme",
                                ChangeNotice.SourceSystem.SALESFORCE, "Lead", List.of(id),
                                ChangeNotice.ChangeKind.UPDATED, Instant.now(), List.of(), null, java.util.Map.of())))
                        .build());
            }
            aws.sqs().sendMessageBatch(b -> b.queueUrl(dlq).entries(batch));
        }

        JsonNode first = call("POST", "/dead-letters/redrive");
        JsonNode second = call("POST", "/dead-letters/redrive");

        assertThat(first.path("status").asInt()).as(first.toString()).isEqualTo(202);
        if (second.path("status").asInt() == 409) {
            assertThat(second.path("body").path("errors").get(0).asText())
                    .startsWith("a redrive of the dead-letter queue is already running (task");
            assertThat(second.path("body").path("running").path("status").asText()).isEqualTo("RUNNING");
        } else {
            assertThat(second.path("status").asInt()).as(second.toString()).isEqualTo(202);
        }
        List<ChangeNotice> back = notices(300);
        Thread.sleep(1000);
        back.addAll(notices(1));
        assertThat(back).extracting(n -> n.recordIds().get(0)).containsExactlyInAnyOrderElementsOf(recordIds);
        assertThat(call("GET", "/dead-letters").path("body").path("approximateCount").asLong()).isZero();
    }

    List<ChangeNotice> notices(int expected) throws Exception {
        List<ChangeNotice> notices = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(10);
        while (notices.size() < expected && Instant.now().isBefore(deadline)) {
            for (Message m : aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                notices.add(json.readValue(m.body(), ChangeNotice.class));
                aws.sqs().deleteMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue")).receiptHandle(m.receiptHandle()));
            }
        }
        return notices;
    }
}
