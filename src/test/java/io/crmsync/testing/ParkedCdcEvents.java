package io.crmsync.testing;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Salesforce CDC events parked in cdc-failed-events as the two senders park them. EventBridge's dead-letter queue:
 * the event itself as the body, the failure in String message attributes (RULE_ARN, TARGET_ARN, ERROR_CODE,
 * ERROR_MESSAGE, EXHAUSTED_RETRY_CONDITION, RETRY_ATTEMPTS; EventBridge user guide, "Using dead-letter queues to
 * process undelivered events"). Lambda's on-failure destination: an invocation record with the event as
 * {@code requestPayload}, sent with the function's own role.
 */
public final class ParkedCdcEvents {

    public static final String RULE_ARN = "arn:aws:events:us-east-1:000000000000:rule/aws.partner/salesforce.com/"
            + "00D5g000004YzKxEAK/0YL5g0000008OJ6GAM/crmsync-SalesforceCdcRule";
    public static final String TARGET_ARN = "arn:aws:lambda:us-east-1:000000000000:function:crmsync-salesforce-cdc:live";

    private final SqsClient sqs;
    private final String queueUrl;

    public ParkedCdcEvents(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** The fixture's Lead update with its own event id and record id ({@code n} makes both unique). */
    public static ObjectNode leadUpdate(int n) {
        ObjectNode event = Events.fixture(Events.SALESFORCE_CDC);
        event.put("id", String.format("6a7e8feb-b491-4cf7-a9f1-%012d", n));
        ObjectNode header = (ObjectNode) event.path("detail").path("payload").path("ChangeEventHeader");
        header.putArray("recordIds").add(recordId(n));
        return event;
    }

    /** An 18-character Lead id, unique per {@code n}. */
    public static String recordId(int n) {
        return String.format("00Q5g%010dEAV", n);
    }

    /** As EventBridge parks an event after its retries (or at once, for a target it may not invoke). */
    public void parkAsEventBridge(ObjectNode event) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(event.toString()).messageAttributes(Map.of(
                "RULE_ARN", text(RULE_ARN),
                "TARGET_ARN", text(TARGET_ARN),
                "ERROR_CODE", text("SDK_CLIENT_ERROR"),
                "ERROR_MESSAGE", text("Unable to invoke Lambda function: Rate Exceeded"),
                "EXHAUSTED_RETRY_CONDITION", text("MaximumRetryAttempts"),
                "RETRY_ATTEMPTS", text("185"))));
    }

    /** A body EventBridge would never park, with EventBridge's attributes. */
    public void parkRaw(String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(Map.of(
                "ERROR_CODE", text("SDK_CLIENT_ERROR"), "ERROR_MESSAGE", text("test"))));
    }

    /**
     * As Lambda's on-failure destination parks an invocation that failed after its retries (build this with the
     * function's role: Lambda sends with it).
     */
    public void parkAsLambdaDestination(ObjectNode event) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(invocationRecord(event)));
    }

    static String invocationRecord(ObjectNode event) {
        return "{\"version\":\"1.0\",\"timestamp\":\"2026-11-29T10:03:00.000Z\",\"requestContext\":{\"requestId\":"
                + "\"e4b46cbf-b738-xmpl-8880-a18cdf61200e\",\"functionArn\":\"" + TARGET_ARN + "\",\"condition\":"
                + "\"RetriesExhausted\",\"approximateInvokeCount\":3},\"requestPayload\":" + event + ","
                + "\"responseContext\":{\"statusCode\":200,\"executedVersion\":\"1\",\"functionError\":\"Unhandled\"},"
                + "\"responsePayload\":{\"errorMessage\":\"SQS SendMessageBatch failed\",\"errorType\":"
                + "\"io.crmsync.notice.NoticeQueue$EnqueueFailedException\"}}";
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
