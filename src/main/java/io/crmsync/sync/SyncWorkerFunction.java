package io.crmsync.sync;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.lambda.SqsBatchEvent;
import io.crmsync.lambda.SqsBatchResponse;
import io.crmsync.mapping.MappingStore;
import io.quarkus.funqy.Funq;

/** The {@code sync-worker} Lambda: SQS batches of change notices in, partial batch failures out. */
public class SyncWorkerFunction {

    @Inject
    SyncWorker worker;

    @Funq("sync-worker")
    public SqsBatchResponse syncWorker(SqsBatchEvent batch) {
        return SqsBatchResponse.failing(worker.handle(batch));
    }

    @ApplicationScoped
    static class Wiring {
        /** Must equal ChangeQueue's RedrivePolicy.maxReceiveCount in template.yaml (TemplateTest checks it). */
        @ConfigProperty(name = "crmsync.queue.changes-max-receive-count")
        int maxReceiveCount;

        @Produces
        @ApplicationScoped
        SyncWorker worker(ObjectMapper json, HubSpotRecords hubSpot, SalesforceRecords salesforce,
                OwnerDirectory owners, InclusionList inclusionList, HubSpotAssociations associations,
                LinkStore links, AuditLog audit, SyncErrorLog errors, AssociationWaits waits, MappingStore mappings,
                io.crmsync.store.DynamoTenantSettings settings, io.crmsync.budget.CrmCalls calls,
                MessageDisposition queue, TenantSuspensions suspensions, io.crmsync.budget.TenantCalls tenantCalls,
                io.crmsync.budget.Ledger ledger) {
            SyncEngine engine = new SyncEngine(new SyncEngine.Ports(hubSpot, salesforce, owners, inclusionList,
                    associations, links, audit, errors, waits),
                    new CachedMappings(mappings, java.time.Duration.ofSeconds(60), Clock.systemUTC())::mapping,
                    settings::settings, Clock.systemUTC());
            // SecureRandom, not Random: a Random made here is in the SnapStart snapshot, and every restored instance
            // would replay its sequence (the same jitter everywhere); AWS lists SecureRandom as snapshot-safe.
            java.security.SecureRandom random = new java.security.SecureRandom();
            io.crmsync.activity.ActivitySync activities = new io.crmsync.activity.ActivitySync(
                    new io.crmsync.activity.ActivitySync.Ports(salesforce, hubSpot, associations, links, ledger, owners),
                    settings::settings, Clock.systemUTC());
            return new SyncWorker(json, engine, activities, calls::snapshot, queue, RetryBackoff.standard(random::nextDouble),
                    maxReceiveCount, new SuspensionTracker(suspensions, Clock.systemUTC(), java.time.Duration.ofMinutes(5)),
                    Clock.systemUTC(), tenantCalls);
        }
    }
}
