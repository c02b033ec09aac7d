package io.crmsync.localaws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The local SQS stores a SendMessage's {@code X-Amzn-Trace-Id} HTTP header as the message's {@code AWSTraceHeader}
 * system attribute, as SQS does: the link that carries Lambda's recursive loop detection (and X-Ray traces) from a
 * function's send to the next invocation. The AWS SDK v2 adds that header itself inside Lambda
 * (TraceIdExecutionInterceptor: AWS_LAMBDA_FUNCTION_NAME set, and the trace id from the runtime client, through the
 * system property com.amazonaws.xray.traceHeader or the SDK's internal thread-local). ElasticMQ 1.7.1 reads the
 * header for SendMessage and SendMessageBatch alike, so no translation is needed; anything put between the functions
 * and ElasticMQ (a signing or IAM-checking proxy) must forward the header unchanged. Point {@link #endpoint} at such
 * a proxy to check it does.
 */
class SqsTraceHeaderTest {

    static final String TRACE = "Root=1-6750a1b2-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0;"
            + "Lineage=1:0a1b2c3d:5";
    static SQSRestServer server;
    static String endpoint;
    static SqsClient sqs;

    @BeforeAll
    static void start() {
        server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
        endpoint = "http://127.0.0.1:" + server.waitUntilStarted().localAddress().getPort();
        sqs = SqsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(LocalAws.credentials()).httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        sqs.close();
        server.stopAndWait();
    }

    static List<Message> receiveAll(String queue) {
        return sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10).waitTimeSeconds(1)
                .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
    }

    @Test
    void sendMessageKeepsTheRequestsTraceHeaderAsAwsTraceHeader() {
        String queue = sqs.createQueue(b -> b.queueName("trace-single")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("one")
                .overrideConfiguration(o -> o.putHeader("X-Amzn-Trace-Id", TRACE)));
        assertThat(receiveAll(queue)).singleElement().satisfies(m -> assertThat(
                m.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER)).isEqualTo(TRACE));
    }

    @Test
    void sendMessageBatchGivesEveryEntryTheRequestsTraceHeader() {
        String queue = sqs.createQueue(b -> b.queueName("trace-batch")).queueUrl();
        sqs.sendMessageBatch(b -> b.queueUrl(queue).entries(
                SendMessageBatchRequestEntry.builder().id("a").messageBody("a").build(),
                SendMessageBatchRequestEntry.builder().id("b").messageBody("b").build())
                .overrideConfiguration(o -> o.putHeader("X-Amzn-Trace-Id", TRACE)));
        assertThat(receiveAll(queue)).hasSize(2).allSatisfy(m -> assertThat(
                m.attributes().get(MessageSystemAttributeName.AWS_TRACE_HEADER)).isEqualTo(TRACE));
    }

    @Test
    void withoutTheHeaderAMessageHasNoTraceHeader() {
        String queue = sqs.createQueue(b -> b.queueName("trace-none")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queue).messageBody("plain"));
        assertThat(receiveAll(queue)).singleElement().satisfies(m -> assertThat(
                m.attributes()).doesNotContainKey(MessageSystemAttributeName.AWS_TRACE_HEADER));
    }
}
