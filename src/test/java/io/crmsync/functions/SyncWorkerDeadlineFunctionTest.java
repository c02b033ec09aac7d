package io.crmsync.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.testing.ChangeQueue;
import io.crmsync.testing.Events;
import io.crmsync.testing.FunctionUnderTest;
import io.crmsync.testing.Notices;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * The sync-worker function reads its deadline from Lambda's context, through the handler template.yaml names
 * ({@link InvocationDeadlineHandler}, the path AWS and the local Lambda runtime take), and falls back to the
 * configured budget without one.
 */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack
class SyncWorkerDeadlineFunctionTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    InvocationDeadlines deadlines;

    @Inject
    SyncWorkerFunction function;

    HubSpotSandbox hubSpot;
    SalesforceSandbox salesforce;
    ChangeQueue changes;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot, SalesforceSandbox salesforce, ChangeQueue changes) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.changes = changes;
        changes.bodies();
    }

    /** Two groups: a HubSpot contact (synced first), then a Salesforce Lead change. */
    String twoGroups(String contact) throws Exception {
        return JSON.writeValueAsString(Events.sqs(List.of(
                Events.SqsMessage.of("m1", Notices.updated("acme", "HUBSPOT", "contact", List.of(contact))),
                Events.SqsMessage.of("m2", Notices.updated("acme", "SALESFORCE", "Lead", List.of("00Q000000000999"))))));
    }

    JsonNode invokeWithRemaining(String event, Duration remaining) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new InvocationDeadlineHandler(deadlines).handleRequest(
                new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)), out, new RemainingTime(remaining));
        return JSON.readTree(out.toByteArray());
    }

    @Test
    void lessTimeLeftThanTheMarginSyncsTheFirstStepAndRequeuesTheRest() throws Exception {
        String ada = hubSpot.createContact(Map.of("email", "ada@example.com", "lastname", "Lovelace"));
        String event = twoGroups(ada);
        long leads = salesforce.count("Lead");

        JsonNode answer = invokeWithRemaining(event, Duration.ofSeconds(5));

        assertThat(FunctionUnderTest.batchItemFailures(answer)).as("nothing handed back").isEmpty();
        assertThat(salesforce.count("Lead")).as("the first step ran").isEqualTo(leads + 1);
        assertThat(changes.bodies()).as("the Lead notice, not started, is back on the queue unchanged")
                .containsExactly(Notices.updated("acme", "SALESFORCE", "Lead", List.of("00Q000000000999")));
    }

    @Test
    void theTimeoutsWorthOfTimeSyncsTheWholeBatch() throws Exception {
        String ada = hubSpot.createContact(Map.of("email", "ada2@example.com", "lastname", "Lovelace"));

        JsonNode answer = invokeWithRemaining(twoGroups(ada), Duration.ofSeconds(60));

        assertThat(FunctionUnderTest.batchItemFailures(answer)).isEmpty();
        assertThat(changes.bodies()).as("nothing re-queued").isEmpty();
    }

    @Test
    void theDeadlineComesFromTheContextOrElseTheConfiguredBudget() throws Exception {
        Instant now = Instant.parse("2026-12-07T12:00:00Z");
        assertThat(function.deadline(now).at()).as("no Lambda deadline: crmsync.worker.invocation-budget")
                .isEqualTo(now.plusSeconds(60));
        assertThat(function.deadline(now).margin()).isEqualTo(Duration.ofSeconds(12));
        deadlines.during(now.plusSeconds(30), () -> {
            assertThat(function.deadline(now).at()).isEqualTo(now.plusSeconds(30));
            assertThat(function.deadline(now).margin()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    /** Lambda's context as far as the handler reads it. */
    record RemainingTime(Duration remaining) implements Context {
        @Override
        public int getRemainingTimeInMillis() {
            return Math.toIntExact(remaining.toMillis());
        }

        @Override
        public String getAwsRequestId() {
            return "test-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/sync-worker";
        }

        @Override
        public String getLogStreamName() {
            return "test";
        }

        @Override
        public String getFunctionName() {
            return "sync-worker";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:000000000000:function:sync-worker";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return null;
        }
    }
}
