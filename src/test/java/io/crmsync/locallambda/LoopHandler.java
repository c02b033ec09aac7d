package io.crmsync.locallambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A Lambda handler that re-sends each message it gets to its own trigger queue (SendMessageBatch, the way crmsync's
 * worker defers notices), with a counter in the body, until the counter reaches the body's limit: an SQS → Lambda →
 * same SQS chain. It sends with the plain AWS SDK v2, which in Lambda adds the invocation's trace header to the
 * request ({@code X-Amzn-Trace-Id}) by itself: nothing here propagates it by hand.
 */
public final class LoopHandler implements RequestStreamHandler {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static SqsClient sqs;

    private static synchronized SqsClient sqs() {
        if (sqs == null) {
            sqs = SqsClient.builder().endpointOverride(URI.create(System.getenv("SQS_ENDPOINT")))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }
        return sqs;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = JSON.readTree(input);
        List<SendMessageBatchRequestEntry> again = new ArrayList<>();
        for (JsonNode record : event.path("Records")) {
            String[] body = record.path("body").asText().split(" ");
            int hop = Integer.parseInt(body[1]);
            int last = Integer.parseInt(body[2]);
            if (hop < last) {
                again.add(SendMessageBatchRequestEntry.builder().id(Integer.toString(again.size()))
                        .messageBody(body[0] + " " + (hop + 1) + " " + last).build());
            }
        }
        if (!again.isEmpty()) {
            sqs().sendMessageBatch(b -> b.queueUrl(System.getenv("QUEUE_URL")).entries(again));
        }
        output.write("{\"batchItemFailures\":[]}".getBytes(StandardCharsets.UTF_8));
    }
}
