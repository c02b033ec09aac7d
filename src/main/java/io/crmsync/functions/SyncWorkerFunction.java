package io.crmsync.functions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.activity.ActivitySync;
import io.crmsync.budget.CrmCalls;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.TenantCalls;
import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.lambda.SqsBatchResponse;
import io.crmsync.mapping.MappingStore;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.sync.AssociationWaits;
import io.crmsync.sync.AuditLog;
import io.crmsync.sync.CachedMappings;
import io.crmsync.sync.Deadline;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.InclusionList;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.MessageDisposition;
import io.crmsync.sync.OwnerDirectory;
import io.crmsync.sync.QueuedMessage;
import io.crmsync.sync.RetryBackoff;
import io.crmsync.sync.SalesforceRecords;
import io.crmsync.sync.SuspensionTracker;
import io.crmsync.sync.SyncEngine;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.sync.SyncWorker;
import io.crmsync.sync.TenantSuspensions;
import io.quarkus.funqy.Funq;

/** The {@code sync-worker} Lambda: SQS batches of change notices in, partial batch failures out. */
public class SyncWorkerFunction {

    @Inject
    SyncWorker worker;

    @Inject
    InvocationDeadlines deadlines;

    /** The time an invocation may take when Lambda gave no deadline (Quarkus tests, dev mode): the Timeout's. */
    @ConfigProperty(name = "crmsync.worker.invocation-budget")
    Duration invocationBudget;

    @ConfigProperty(name = "crmsync.worker.stop-margin")
    Duration stopMargin;

    @ConfigProperty(name = "crmsync.worker.stop-margin-share")
    double stopMarginShare;

    @Funq("sync-worker")
    public SqsBatchResponse syncWorker(SqsBatchEvent batch) {
        return SqsBatchResponse.failing(worker.handle(queued(batch), deadline(Instant.now())));
    }

    /** The invocation's deadline from Lambda's context, or the configured budget from now without one. */
    Deadline deadline(Instant now) {
        Duration left = deadlines.current().map(at -> Duration.between(now, at)).orElse(invocationBudget);
        return Deadline.after(now, left, stopMargin, stopMarginShare);
    }

    /** Lambda's SQS event as the worker reads it. */
    public static List<QueuedMessage> queued(SqsBatchEvent batch) {
        return batch.messages().stream().map(SyncWorkerFunction::queued).toList();
    }

    static QueuedMessage queued(SqsBatchEvent.Message message) {
        return new QueuedMessage(message.messageId(), message.receiptHandle(), message.body(),
                message.receiveCount(), deferralsOf(message));
    }

    /** The deferral count the worker put on the notice's copy; 0 for a notice never deferred (or a mangled count). */
    static int deferralsOf(SqsBatchEvent.Message message) {
        try {
            return message.messageAttribute(MessageDisposition.DEFERRALS_ATTRIBUTE).map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @ApplicationScoped
    static class Wiring {
        /** Must equal ChangeQueue's RedrivePolicy.maxReceiveCount in template.yaml (TemplateTest checks it). */
        @ConfigProperty(name = "crmsync.queue.changes-max-receive-count")
        int maxReceiveCount;

        /** The first receive's backoff (30 s deployed; scaled down by the fault suite's compressed outages). */
        @ConfigProperty(name = "crmsync.worker.retry-backoff")
        java.time.Duration retryBackoff;

        @Produces
        @ApplicationScoped
        SyncWorker worker(ObjectMapper json, HubSpotRecords hubSpot, SalesforceRecords salesforce,
                OwnerDirectory owners, InclusionList inclusionList, HubSpotAssociations associations,
                LinkStore links, AuditLog audit, SyncErrorLog errors, AssociationWaits waits, MappingStore mappings,
                DynamoTenantSettings settings, CrmCalls calls,
                MessageDisposition queue, TenantSuspensions suspensions, TenantCalls tenantCalls,
                Ledger ledger, io.crmsync.sync.Erasure erasure, io.crmsync.tenant.TenantDirectory tenants,
                io.crmsync.sync.IdentityFieldClaims idFieldClaims) {
            // The claims of the tenant's id fields are read with its mappings: a field another tenant on the org
            // holds pauses this tenant's sync of that object (read only: the worker never claims).
            CachedMappings cached = new CachedMappings(mappings, java.util.Optional.of(new CachedMappings.Claims(
                    idFieldClaims, tenants::byId, settings::settings)), java.time.Duration.ofSeconds(60),
                    Clock.systemUTC());
            SyncEngine engine = new SyncEngine(new SyncEngine.Ports(hubSpot, salesforce, owners, inclusionList,
                    associations, links, audit, errors, waits), cached::mapping, settings::settings,
                    Clock.systemUTC());
            // SecureRandom, not Random: a Random made here is in the SnapStart snapshot, and every restored instance
            // would replay its sequence (the same jitter everywhere); AWS lists SecureRandom as snapshot-safe.
            java.security.SecureRandom random = new java.security.SecureRandom();
            ActivitySync activities = new ActivitySync(
                    new ActivitySync.Ports(salesforce, hubSpot, associations, links, ledger, owners),
                    settings::settings, Clock.systemUTC(), cached::requireOwnTaskField);
            return new SyncWorker(json, engine, activities, calls::snapshot, queue, new RetryBackoff(retryBackoff,
                    java.time.Duration.ofMinutes(15), 0.2, random::nextDouble),
                    maxReceiveCount, new SuspensionTracker(suspensions, Clock.systemUTC(), java.time.Duration.ofMinutes(5)),
                    Clock.systemUTC(), tenantCalls, erasure);
        }
    }
}
