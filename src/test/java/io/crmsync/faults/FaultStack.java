package io.crmsync.faults;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.LocalFunctions;
import io.crmsync.locallambda.SqsEventSource;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.ChangeDataCapture;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * One scenario's stack: local AWS emptied, then a fresh deployment of function.zip (so fresh sandboxes), optionally
 * with Salesforce's change notifications routed through a {@link Redelivery} relay. Knows when the pipeline is idle
 * and what is left in the dead-letter queues.
 */
final class FaultStack implements AutoCloseable {

    private final LocalAws aws;
    private final LocalDeployment deployment;
    private final Optional<Redelivery> redelivery;
    private final URI cdcTarget;

    private FaultStack(LocalAws aws, LocalDeployment deployment, Optional<Redelivery> redelivery, URI cdcTarget) {
        this.aws = aws;
        this.deployment = deployment;
        this.redelivery = redelivery;
        this.cdcTarget = cdcTarget;
    }

    static FaultStack start(LocalAws aws, String scenario, int workers, Optional<Redelivery> redelivery) {
        return start(aws, scenario, workers, redelivery, List.of(), Map.of());
    }

    /**
     * @param workerJvmOptions added to each sync-worker JVM's command line
     * @param settings crmsync settings for the worker and reconciler on top of the deployed ones
     */
    static FaultStack start(LocalAws aws, String scenario, int workers, Optional<Redelivery> redelivery,
            List<String> workerJvmOptions, Map<String, String> settings) {
        aws.reset();
        LocalDeployment deployment = LocalDeployment.start(aws, new LocalDeployment.Options(Path.of("target",
                "faults", scenario), 0, 0, 0, 0, workers, Duration.ofSeconds(1),
                LocalDeployment.SalesforceChanges.OUTBOUND_MESSAGES_AND_CDC).withWorkerJvmOptions(workerJvmOptions)
                .withSettings(settings).withCdcInstances(2));
        deployment.registerTenant(aws);
        URI cdcTarget = URI.create(deployment.cdcRule().url());
        if (redelivery.isPresent()) {
            Redelivery copies = redelivery.get();
            // A sandbox reset removes the deployment's endpoints: connect them again, through the relay.
            SalesforceSandbox salesforce = deployment.salesforce();
            salesforce.reset();
            URI outbound = copies.relayTo(URI.create(deployment.outboundUrl() + "?token="
                    + LocalDeployment.OUTBOUND_TOKEN));
            LocalDeployment.SALESFORCE_OBJECTS.forEach(type -> salesforce.addOutboundMessage(type, List.of("Id"),
                    outbound));
            salesforce.enableChangeDataCapture(ChangeDataCapture.Settings.collectOnly(Set.copyOf(
                    LocalDeployment.SALESFORCE_OBJECTS)).deliveringTo(copies.relayTo(cdcTarget)));
            copies.watchWebhooks(deployment.hubSpot());
        }
        return new FaultStack(aws, deployment, redelivery, cdcTarget);
    }

    LocalDeployment deployment() {
        return deployment;
    }

    HubSpotSandbox hubSpot() {
        return deployment.hubSpot();
    }

    SalesforceSandbox salesforce() {
        return deployment.salesforce();
    }

    /** The sync-worker function: its Runtime API (invocations in flight, timeouts) and its live instances. */
    LocalFunctions.Function worker() {
        return deployment.worker();
    }

    /** The worker's SQS event source: invocations made and failed. */
    SqsEventSource events() {
        return deployment.events();
    }

    /** Nothing waiting anywhere: webhooks, Outbound Messages, CDC events, copies to send, notices in SQS. */
    boolean idle() {
        return hubSpot().awaitWebhooksIdle(Duration.ZERO) && cdcBacklog() <= 0 && outboundPending() == 0
                && redelivery.map(Redelivery::pendingCopies).orElse(0L) == 0 && queued("ChangeQueue") == 0;
    }

    /** CDC events (and relayed copies of them) not yet handled or given up on by the salesforce-cdc function. */
    long cdcBacklog() {
        long copies = redelivery.map(r -> r.copiesSentTo(cdcTarget)).orElse(0L);
        return salesforce().changeDataCapture().events().size() + copies - deployment.cdcRule().delivered()
                - deployment.cdcRule().failed().size();
    }

    /**
     * Outbound Messages not yet acknowledged; -1 while the sandbox's single dispatcher is busy for more than its
     * 30 s answer time (it posts synchronously, and a slow endpoint holds it), which counts as not idle.
     */
    int outboundPending() {
        try {
            return salesforce().outboundMessages().pendingNotifications();
        } catch (IllegalStateException busy) {
            return -1;
        }
    }

    String state() {
        return "webhooks idle " + hubSpot().awaitWebhooksIdle(Duration.ZERO) + ", CDC backlog " + cdcBacklog()
                + ", Outbound Messages pending " + outboundPending()
                + ", copies pending " + redelivery.map(Redelivery::pendingCopies).orElse(0L) + ", notices queued "
                + queued("ChangeQueue") + ", DLQ " + queued("ChangeDeadLetterQueue");
    }

    /** Visible, in flight and delayed messages of one queue. */
    int queued(String logicalId) {
        Map<QueueAttributeName, String> a = aws.sqs().getQueueAttributes(b -> b.queueUrl(aws.queueUrl(logicalId))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToInt(Integer::parseInt).sum();
    }

    /** Messages of one queue held back by a delay (deferred notices). */
    int delayed(String logicalId) {
        return Integer.parseInt(aws.sqs().getQueueAttributes(b -> b.queueUrl(aws.queueUrl(logicalId))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    int changeDlqDepth() {
        return queued("ChangeDeadLetterQueue");
    }

    /** Failed CDC events: the rule's failure destination queue plus what the local rule gave up on. */
    int cdcFailedEvents() {
        return queued("CdcFailedEventsQueue") + deployment.cdcRule().failed().size();
    }

    long crmCalls() {
        return hubSpot().totalCalls() + salesforce().totalCalls();
    }

    void resetCounters() {
        hubSpot().resetCounters();
        salesforce().resetCounters();
    }

    @Override
    public void close() {
        redelivery.ifPresent(Redelivery::close);
        deployment.close();
    }
}
