package io.crmsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.functions.ReconcilerFunction;

/**
 * Each event fixture, in the shape AWS documents (fields we ignore included), binds to our {@code io.crmsync.lambda}
 * types with the fields the functions read; and the loader fills them in as the tests need.
 */
class EventFixturesTest {

    static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSqsEventBindsWithReceiveCountsAndMessageAttributes() throws Exception {
        ObjectNode fixture = Events.fixture(Events.SQS_CHANGE_QUEUE);
        SqsBatchEvent event = Events.as(fixture, SqsBatchEvent.class);

        assertThat(event.messages()).hasSize(2);
        SqsBatchEvent.Message first = event.messages().get(0);
        assertThat(first.messageId()).isEqualTo("059f36b4-87a3-44ab-83d2-661975830a7d");
        assertThat(first.receiptHandle()).startsWith("AQEB");
        assertThat(first.body()).contains("\"tenantId\":\"acme\"");
        assertThat(first.eventSource()).isEqualTo("aws:sqs");
        assertThat(first.eventSourceARN()).isEqualTo("arn:aws:sqs:us-east-1:123456789012:crmsync-changes");
        assertThat(first.receiveCount()).isEqualTo(1);
        assertThat(first.attributes()).containsKeys("AWSTraceHeader", "SentTimestamp", "SenderId",
                "ApproximateFirstReceiveTimestamp");
        assertThat(first.messageAttribute("crmsync-deferrals")).isEmpty();
        SqsBatchEvent.Message deferred = event.messages().get(1);
        assertThat(deferred.receiveCount()).isEqualTo(3);
        assertThat(deferred.messageAttribute("crmsync-deferrals")).contains("2");
        assertThat(deferred.messageAttributes().get("crmsync-deferrals").dataType()).isEqualTo("Number");
        for (JsonNode record : fixture.get("Records")) {
            assertThat(record.get("md5OfBody").asText()).as("the fixture's MD5 is its body's")
                    .isEqualTo(md5(record.get("body").asText()));
            assertThat(record.get("awsRegion").asText()).isEqualTo("us-east-1");
        }
    }

    @Test
    void aBuiltSqsEventKeepsTheDocumentedRecordAroundEachMessage() throws Exception {
        ObjectNode event = Events.sqs(Events.SqsMessage.of("m1", "{\"version\":9}"),
                new Events.SqsMessage("m2", "handle-2", "{}", 4));

        SqsBatchEvent batch = Events.as(event, SqsBatchEvent.class);
        assertThat(batch.messages()).extracting(SqsBatchEvent.Message::messageId).containsExactly("m1", "m2");
        assertThat(batch.messages()).extracting(SqsBatchEvent.Message::receiveCount).containsExactly(1, 4);
        assertThat(batch.messages().get(1).receiptHandle()).isEqualTo("handle-2");
        assertThat(batch.messages().get(0).messageAttributes()).as("a first delivery carries none").isEmpty();
        assertThat(event.get("Records").get(0).get("md5OfBody").asText()).isEqualTo(md5("{\"version\":9}"));
        assertThat(event.get("Records").get(1).path("attributes").has("AWSTraceHeader")).isTrue();
    }

    @Test
    void theHubSpotWebhookRequestNeedsItsSignatureFilledIn() {
        String body = "[{\"eventId\":1}]";
        Events.FunctionUrlRequest request = Events.functionUrl(Events.HUBSPOT_WEBHOOK).body(body)
                .receivedAt(Instant.ofEpochMilli(1796032800000L)).fill("timestamp", "1796032800000");
        assertThatThrownBy(request::json).hasMessageContaining("${signature}");

        HttpRequestEvent event = request.fill("signature", "c2lnbmF0dXJl").event();

        assertThat(event.version()).isEqualTo("2.0");
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.header("X-HubSpot-Signature-v3")).contains("c2lnbmF0dXJl");
        assertThat(event.header("X-HubSpot-Request-Timestamp")).contains("1796032800000");
        assertThat(event.header("Content-Length")).contains(Integer.toString(body.length()));
        assertThat(event.bodyBytes()).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        assertThat(event.fullUrl()).isEqualTo("https://n3xq7fz2kd5w4hb6cyt4lpmu5y0xrkve.lambda-url.us-east-1.on.aws"
                + "/hubspot");
        assertThat(event.requestContext().timeEpoch()).isEqualTo(1796032800000L);
        assertThat(event.requestContext().http().sourceIp()).isEqualTo("54.174.0.1");
    }

    @Test
    void theSalesforceOutboundRequestCarriesItsTokenInTheQuery() {
        ObjectNode json = Events.functionUrl(Events.SALESFORCE_OUTBOUND).fill("token", "s3cr3t")
                .body("<soapenv:Envelope/>").json();
        HttpRequestEvent event = Events.as(json, HttpRequestEvent.class);

        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.queryParameter("token")).contains("s3cr3t");
        assertThat(json.path("queryStringParameters").path("token").asText()).isEqualTo("s3cr3t");
        assertThat(event.header("content-type")).contains("text/xml; charset=utf-8");
        assertThat(event.fullUrl()).endsWith(".lambda-url.us-east-1.on.aws/?token=s3cr3t");
        assertThat(new String(event.bodyBytes(), StandardCharsets.UTF_8)).isEqualTo("<soapenv:Envelope/>");
    }

    @Test
    void theAdminRequestCarriesItsIamCallerWhichOurTypeIgnores() {
        ObjectNode json = Events.functionUrl(Events.ADMIN_API_IAM).json();
        HttpRequestEvent get = Events.as(json, HttpRequestEvent.class);

        assertThat(json.path("requestContext").path("authorizer").path("iam").path("userArn").asText())
                .startsWith("arn:aws:sts::123456789012:assumed-role/");
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.rawPath()).isEqualTo("/tenants");
        assertThat(get.body()).isNull();
        assertThat(get.bodyBytes()).isEmpty();

        ObjectNode post = Events.functionUrl(Events.ADMIN_API_IAM).request("POST", "/tenants/acme/errors.csv?a=1&a=2")
                .header("Content-Type", "application/json").body("{}").json();
        HttpRequestEvent event = Events.as(post, HttpRequestEvent.class);
        assertThat(event.method()).isEqualTo("POST");
        assertThat(event.rawPath()).isEqualTo("/tenants/acme/errors.csv");
        assertThat(event.rawQueryString()).isEqualTo("a=1&a=2");
        assertThat(post.path("queryStringParameters").path("a").asText()).isEqualTo("1,2");
        assertThat(post.path("requestContext").path("http").path("path").asText()).isEqualTo("/tenants/acme/errors.csv");
        assertThat(event.header("content-type")).contains("application/json");
    }

    @Test
    void theScheduledEventBindsAndWouldTriggerAShallowReconcile() {
        EventBridgeEvent event = Events.eventBridge(Events.SCHEDULED);

        assertThat(event.detailType()).isEqualTo("Scheduled Event");
        assertThat(event.source()).isEqualTo("aws.events");
        assertThat(event.detail().isObject()).isTrue();
        assertThat(Instant.parse(event.time())).isEqualTo(Instant.parse("2026-11-29T10:00:00Z"));
        // Our schedules send {"deep": ...} (template.yaml); a rule's scheduled event is read as "not deep".
        assertThat(Events.as(Events.fixture(Events.SCHEDULED), ReconcilerFunction.Trigger.class).isDeep()).isFalse();
    }

    @Test
    void theSalesforceChangeEventBindsWithTheFieldsTheIntakeReads() {
        EventBridgeEvent event = Events.eventBridge(Events.SALESFORCE_CDC);

        assertThat(event.detailType()).isEqualTo("LeadChangeEvent");
        assertThat(event.source()).isEqualTo("aws.partner/salesforce.com/00D5g000004YzKxEAK/0YL5g0000008OJ6GAM");
        assertThat(event.id()).isNotBlank();
        assertThat(Instant.parse(event.time())).isNotNull();
        JsonNode header = event.detail().path("payload").path("ChangeEventHeader");
        assertThat(header.path("entityName").asText()).isEqualTo("Lead");
        assertThat(header.path("changeType").asText()).isEqualTo("UPDATE");
        assertThat(header.path("changeOrigin").isTextual()).isTrue();
        assertThat(header.path("commitTimestamp").asLong()).isPositive();
        assertThat(header.path("recordIds")).hasSize(2);
        assertThat(List.of(header.path("changedFields").isArray(), header.path("nulledFields").isArray()))
                .containsOnly(true);
        assertThat(event.detail().path("schemaId").isTextual()).isTrue();
    }
}
