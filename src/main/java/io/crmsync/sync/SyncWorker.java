package io.crmsync.sync;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.ingest.ChangeNotice;
import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.mapping.ObjectMapping;

/**
 * Handles one SQS batch of change notices: coalesces them per record, syncs each group in batches, and
 * names the messages to hand back to SQS — only those whose records hit a failure that may pass.
 */
public final class SyncWorker {

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);

    private final ObjectMapper json;
    private final HubSpotToSalesforceSync hubSpotToSalesforce;
    private final BiFunction<String, String, Optional<ObjectMapping>> hubSpotMappings;

    /**
     * @param hubSpotMappings the mapping for (tenant, HubSpot object type), empty when that object does not sync
     */
    public SyncWorker(ObjectMapper json, HubSpotToSalesforceSync hubSpotToSalesforce,
            BiFunction<String, String, Optional<ObjectMapping>> hubSpotMappings) {
        this.json = json;
        this.hubSpotToSalesforce = hubSpotToSalesforce;
        this.hubSpotMappings = hubSpotMappings;
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
        if (group.source() != ChangeNotice.SourceSystem.HUBSPOT) {
            LOG.infof("tenant %s: no sync from %s yet; %d %s notices dropped", group.tenantId(), group.source(),
                    work.recordIds(group).size(), group.objectType());
            return retry;
        }
        Optional<ObjectMapping> mapping = hubSpotMappings.apply(group.tenantId(), group.objectType());
        if (mapping.isEmpty()) {
            LOG.debugf("tenant %s: HubSpot %s does not sync", group.tenantId(), group.objectType());
            return retry;
        }
        Map<String, RecordOutcome> outcomes = hubSpotToSalesforce.sync(group.tenantId(), mapping.get(),
                work.recordIds(group));
        outcomes.forEach((recordId, outcome) -> {
            if (outcome.needsRetry()) {
                retry.addAll(work.messagesFor(group, recordId));
            }
        });
        LOG.infof("tenant %s: HubSpot %s → Salesforce %s: %s", group.tenantId(), group.objectType(),
                mapping.get().salesforceObject(), summary(outcomes));
        return retry;
    }

    private static String summary(Map<String, RecordOutcome> outcomes) {
        Map<RecordOutcome.Status, Long> counts = new java.util.EnumMap<>(RecordOutcome.Status.class);
        outcomes.values().forEach(o -> counts.merge(o.status(), 1L, Long::sum));
        return counts.toString();
    }
}
