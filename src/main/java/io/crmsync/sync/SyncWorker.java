package io.crmsync.sync;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.ingest.ChangeNotice;
import io.crmsync.lambda.SqsBatchEvent;

/**
 * Handles one SQS batch of change notices: coalesces them per record, syncs each group in batches, and
 * names the messages to hand back to SQS — only those whose records hit a failure that may pass.
 */
public final class SyncWorker {

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);

    private final ObjectMapper json;
    private final SyncEngine engine;
    private final java.util.function.Supplier<Map<String, Long>> callCounts;

    /**
     * @param callCounts CRM calls so far per endpoint (the one door every call passes); each group's cost is
     *        logged with its tenant
     */
    public SyncWorker(ObjectMapper json, SyncEngine engine, java.util.function.Supplier<Map<String, Long>> callCounts) {
        this.json = json;
        this.engine = engine;
        this.callCounts = callCounts;
    }

    /** @return the ids of the messages to retry */
    public List<String> handle(SqsBatchEvent batch) {
        Set<String> retry = new LinkedHashSet<>();
        PendingWork work = new PendingWork();
        for (SqsBatchEvent.Message message : batch.messages()) {
            try {
                work.add(message.messageId(), json.readValue(message.body(), ChangeNotice.class));
            } catch (Exception e) {
                // Handed back every time, so SQS moves it to the dead-letter queue after maxReceiveCount.
                LOG.errorf("message %s is not a change notice (%s); leaving it for the dead-letter queue",
                        message.messageId(), e.getClass().getSimpleName());
                retry.add(message.messageId());
            }
        }
        for (PendingWork.Group group : work.groups()) {
            try {
                retry.addAll(syncGroup(work, group));
            } catch (RuntimeException e) {
                LOG.errorf(e, "tenant %s: syncing %s %s records failed; their messages will be retried",
                        group.tenantId(), group.source(), group.objectType());
                retry.addAll(work.allMessagesOf(group));
            }
        }
        return List.copyOf(retry);
    }

    private Set<String> syncGroup(PendingWork work, PendingWork.Group group) {
        Set<String> retry = new LinkedHashSet<>();
        List<String> ids = List.copyOf(work.recordIds(group));
        if (ids.isEmpty()) {
            // A gap or overflow notice without ids: the scheduled reconciler repairs these.
            LOG.infof("tenant %s: %s %s notice without record ids left to reconciliation", group.tenantId(),
                    group.source(), group.objectType());
            return retry;
        }
        Map<String, Long> before = callCounts.get();
        Map<String, RecordOutcome> outcomes = group.source() == ChangeNotice.SourceSystem.HUBSPOT
                ? engine.fromHubSpot(group.tenantId(), group.objectType(), ids)
                : engine.fromSalesforce(group.tenantId(), group.objectType(), ids);
        outcomes.forEach((recordId, outcome) -> {
            if (outcome.needsRetry()) {
                retry.addAll(work.messagesFor(group, recordId));
            }
        });
        LOG.infof("tenant %s: %s %s: %s; CRM calls %s", group.tenantId(), group.source(), group.objectType(),
                summary(outcomes), callsBetween(before, callCounts.get()));
        return retry;
    }

    private static Map<String, Long> callsBetween(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new java.util.TreeMap<>();
        after.forEach((endpoint, count) -> {
            long made = count - before.getOrDefault(endpoint, 0L);
            if (made > 0) {
                delta.put(endpoint, made);
            }
        });
        return delta;
    }

    private static String summary(Map<String, RecordOutcome> outcomes) {
        Map<RecordOutcome.Status, Long> counts = new java.util.EnumMap<>(RecordOutcome.Status.class);
        outcomes.values().forEach(o -> counts.merge(o.status(), 1L, Long::sum));
        return counts.toString();
    }
}
