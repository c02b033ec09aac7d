package io.crmsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.deploy.SamTemplate;
import io.crmsync.devstack.LocalDeployment;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.LocalFunctions;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What the worker benchmarks share: the sync-worker configured as LocalDeployment configures it (local AWS, the two
 * sandboxes, the tenant's credentials, only the variables template.yaml gives it), and SQS batch events built from
 * messages really sent to and received from the change queue, as the event source mapping builds them.
 */
final class WorkerScenario {

    static final String WORKER = "sync-worker";
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private WorkerScenario() {
    }

    static HubSpotSandbox startHubSpot() {
        return new HubSpotSandbox(new HubSpotSandbox.Config(LocalDeployment.HUBSPOT_TOKEN, LocalDeployment.PORTAL_ID,
                LocalDeployment.APP_ID, LocalDeployment.HUBSPOT_CLIENT_SECRET)).start();
    }

    static SalesforceSandbox startSalesforce() {
        return new SalesforceSandbox(new SalesforceSandbox.Config(LocalDeployment.SALESFORCE_CLIENT_ID,
                LocalDeployment.SALESFORCE_CLIENT_SECRET)).start();
    }

    /** The worker's configuration as LocalDeployment gives it; registers the tenant pairing the two sandboxes. */
    static Map<String, String> workerConfig(LocalAws aws, HubSpotSandbox hubSpot, SalesforceSandbox salesforce) {
        LocalDeployment.registerTenant(aws, salesforce.orgId());
        Map<String, String> config = new HashMap<>(aws.crmsyncConfig());
        config.put("crmsync.hubspot.app-id", Long.toString(LocalDeployment.APP_ID));
        config.put("crmsync.hubspot.client-secret", LocalDeployment.HUBSPOT_CLIENT_SECRET);
        config.put("crmsync.single-tenant", LocalDeployment.TENANT);
        config.put("crmsync.hubspot.access-token", LocalDeployment.HUBSPOT_TOKEN);
        config.put("quarkus.rest-client.hubspot.url", hubSpot.baseUrl());
        config.put("quarkus.rest-client.salesforce-login.url", salesforce.baseUrl());
        config.put("crmsync.salesforce.client-id", LocalDeployment.SALESFORCE_CLIENT_ID);
        config.put("crmsync.salesforce.client-secret", LocalDeployment.SALESFORCE_CLIENT_SECRET);
        return LocalDeployment.asDeployed(SamTemplate.load(), WORKER, aws.asFunction(WORKER, aws.withAppSecret(config)));
    }

    /** A change notice, as HubSpot intake writes it, saying these contacts were created. */
    static String contactsCreated(List<String> contactIds) {
        ChangeNotice notice = new ChangeNotice(ChangeNotice.CURRENT_VERSION, LocalDeployment.TENANT,
                ChangeNotice.SourceSystem.HUBSPOT, "contact", contactIds, ChangeNotice.ChangeKind.CREATED,
                Instant.now(), List.of(), null, Map.of());
        try {
            return JSON.writeValueAsString(notice);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A batch of messages received from the change queue, and the SQS event Lambda would invoke the worker with. */
    record Batch(List<Message> messages, byte[] event) {
    }

    /**
     * Sends the notices to the change queue and receives them back as one batch (at most 10, SQS's receive limit),
     * with real message ids and receipt handles.
     */
    static Batch sqsBatch(LocalAws aws, List<String> notices) {
        if (notices.size() > 10) {
            throw new IllegalArgumentException("one receive returns at most 10 messages");
        }
        String queueUrl = aws.queueUrl("ChangeQueue");
        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < notices.size(); i++) {
            entries.add(SendMessageBatchRequestEntry.builder().id("n" + i).messageBody(notices.get(i)).build());
        }
        aws.sqs().sendMessageBatch(b -> b.queueUrl(queueUrl).entries(entries));
        List<Message> received = new ArrayList<>();
        for (int attempt = 0; attempt < 20 && received.size() < notices.size(); attempt++) {
            received.addAll(aws.sqs().receiveMessage(b -> b.queueUrl(queueUrl)
                    .maxNumberOfMessages(notices.size() - received.size()).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages());
        }
        if (received.size() != notices.size()) {
            throw new IllegalStateException("received " + received.size() + " of " + notices.size() + " notices");
        }
        String queueArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        ObjectNode event = JSON.createObjectNode();
        for (Message m : received) {
            ObjectNode record = event.withArray("Records").addObject();
            record.put("messageId", m.messageId());
            record.put("receiptHandle", m.receiptHandle());
            record.put("body", m.body());
            ObjectNode attributes = record.putObject("attributes");
            m.attributes().forEach((name, value) -> attributes.put(name.toString(), value));
            record.putObject("messageAttributes");
            record.put("md5OfBody", m.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", LocalAws.REGION);
        }
        try {
            return new Batch(List.copyOf(received), JSON.writeValueAsBytes(event));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a handled batch from the queue, as the event source mapping does after a successful invocation. */
    static void delete(LocalAws aws, Batch batch) {
        List<DeleteMessageBatchRequestEntry> entries = batch.messages().stream().map(m -> DeleteMessageBatchRequestEntry
                .builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList();
        aws.sqs().deleteMessageBatch(b -> b.queueUrl(aws.queueUrl("ChangeQueue")).entries(entries));
    }

    /**
     * Waits for the worker's answer to an invocation and checks that every message of the batch succeeded; fails
     * early if the instance dies or reports an initialisation error.
     */
    static void awaitSuccess(LocalFunctions.Function worker, CompletableFuture<byte[]> answer, long timeoutSeconds,
            java.nio.file.Path logDir) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        byte[] body = null;
        while (body == null) {
            try {
                body = answer.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (worker.api().initError().isDone() || worker.instances().stream().anyMatch(i -> !i.isAlive())) {
                    throw new IllegalStateException("the worker failed to start; see " + logDir);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the worker did not answer in " + timeoutSeconds + " s; see "
                            + logDir);
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("the worker failed; see " + logDir, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        try {
            JsonNode failures = JSON.readTree(body).path("batchItemFailures");
            if (!failures.isArray() || !failures.isEmpty()) {
                throw new IllegalStateException("the worker did not sync the whole batch: " + new String(body,
                        java.nio.charset.StandardCharsets.UTF_8) + "; see " + logDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
