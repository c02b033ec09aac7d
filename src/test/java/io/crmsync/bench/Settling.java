package io.crmsync.bench;

import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.EventBridgeRule;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * When a local deployment has nothing left to do. Every hop of the pipeline keeps its work counted until the next
 * hop has it: HubSpot's webhook batch stays unfinished until the webhook function answered (after enqueueing);
 * Outbound Messages stay pending until the function acknowledged (after enqueueing); a CDC event counts as
 * undelivered until the function returned (after enqueueing); a notice stays in SQS (not visible) until the worker
 * returned and the event source deleted it, and the worker's CRM writes raise their own notices before the CRM
 * answers. So "all counts zero", seen twice in a row, means settled, without sleeping seconds to be sure.
 */
final class Settling {

    private static final long RECHECK_MILLIS = 30;

    private Settling() {
    }

    /** Waits until the pipeline is idle (checked twice, a moment apart). */
    static void awaitSettled(LocalAws aws, LocalDeployment deployment, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (idle(aws, deployment)) {
                sleep(RECHECK_MILLIS);
                if (idle(aws, deployment)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark: the deployment did not settle within " + timeout
                        + " (" + state(aws, deployment) + ")");
            }
            sleep(5);
        }
    }

    static boolean idle(LocalAws aws, LocalDeployment deployment) {
        return deployment.hubSpot().awaitWebhooksIdle(Duration.ZERO) && cdcBacklog(deployment) == 0
                && deployment.salesforce().outboundMessages().pendingNotifications() == 0 && queued(aws) == 0;
    }

    /** CDC events published but not yet handled (or given up on) by the salesforce-cdc function. */
    static long cdcBacklog(LocalDeployment deployment) {
        EventBridgeRule rule = deployment.cdcRule();
        SalesforceSandbox salesforce = deployment.salesforce();
        return salesforce.changeDataCapture().events().size() - rule.delivered() - rule.failed().size();
    }

    /** Notices visible, in flight (being worked on) or delayed (retries with backoff). */
    static int queued(LocalAws aws) {
        Map<QueueAttributeName, String> a = aws.sqs().getQueueAttributes(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
        return a.values().stream().mapToInt(Integer::parseInt).sum();
    }

    private static String state(LocalAws aws, LocalDeployment deployment) {
        return "webhooks idle " + deployment.hubSpot().awaitWebhooksIdle(Duration.ZERO) + ", CDC backlog "
                + cdcBacklog(deployment) + ", Outbound Messages pending "
                + deployment.salesforce().outboundMessages().pendingNotifications() + ", notices queued " + queued(aws);
    }

    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark: not reached within " + timeout + ": " + what);
            }
            sleep(2);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
