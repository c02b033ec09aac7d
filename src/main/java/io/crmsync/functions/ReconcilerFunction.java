package io.crmsync.functions;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.crmsync.budget.Ledger;
import io.crmsync.budget.TenantCalls;
import io.crmsync.hubspot.HubSpotChangeReader;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.mapping.MappingStore;
import io.crmsync.reconcile.ActivityPoll;
import io.crmsync.reconcile.CursorStore;
import io.crmsync.reconcile.ImportStore;
import io.crmsync.reconcile.ReconcilePass;
import io.crmsync.reconcile.ReconcileReports;
import io.crmsync.reconcile.Reconciler;
import io.crmsync.reconcile.SnapshotImport;
import io.crmsync.salesforce.SalesforceChangeReader;
import io.crmsync.salesforce.SalesforceDeletedReader;
import io.crmsync.salesforce.SalesforceSnapshotReader;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.sync.CachedMappings;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.OwnerDirectory;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.tenant.TenantDirectory;
import io.quarkus.funqy.Funq;

/**
 * The {@code reconciler} Lambda, invoked by EventBridge Scheduler: every 15 minutes, and nightly with
 * {@code {"deep": true}} for a longer lookback. Returns each tenant's report (also logged and stored).
 */
public class ReconcilerFunction {

    /**
     * What the schedule sends. Any JSON object is accepted (a schedule without input, an EventBridge event):
     * only {@code deep} is read.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Trigger(Boolean deep) {
        public boolean isDeep() {
            return Boolean.TRUE.equals(deep);
        }
    }

    @Inject
    Reconciler reconciler;

    @Funq("reconciler")
    public List<Reconciler.TenantReport> reconcile(Trigger trigger) {
        return reconciler.run(trigger != null && trigger.isDeep());
    }

    @ApplicationScoped
    static class Wiring {
        @ConfigProperty(name = "crmsync.reconcile.budget-share", defaultValue = "0.2")
        double budgetShare;

        @ConfigProperty(name = "crmsync.reconcile.calls-when-unlimited", defaultValue = "2000")
        int callsWhenUnlimited;

        @ConfigProperty(name = "crmsync.reconcile.deep-lookback", defaultValue = "PT24H")
        Duration deepLookback;

        /** An import of more records than this reads a Salesforce object through a Bulk API 2.0 query job. */
        @ConfigProperty(name = "crmsync.reconcile.snapshot-above", defaultValue = "10000")
        long snapshotAbove;

        @ConfigProperty(name = "crmsync.reconcile.snapshot-page-size", defaultValue = "20000")
        int snapshotPageSize;

        @Produces
        @ApplicationScoped
        Reconciler reconciler(TenantDirectory tenants, HubSpotChangeReader hubSpot, SalesforceChangeReader salesforce,
                LinkStore links, NoticeQueue repairs, CursorStore cursors, Ledger ledger, OwnerDirectory owners,
                TenantCalls tenantCalls, ReconcileReports reports, MappingStore mappings,
                DynamoTenantSettings settings, SyncErrorLog errors,
                SalesforceDeletedReader deletions,
                SalesforceSnapshotReader snapshots, ImportStore imports,
                io.crmsync.salesforce.SalesforceSession sessions) {
            ReconcilePass.Settings pass = ReconcilePass.Settings.defaults();
            Reconciler.Settings config = new Reconciler.Settings(budgetShare, callsWhenUnlimited,
                    new ReconcilePass.Settings(pass.pageSize(), pass.lookback(), pass.callsPerRepairNotice(),
                            snapshotAbove, snapshotPageSize), deepLookback, SnapshotImport.Sleeper.REAL);
            return new Reconciler(new Reconciler.Ports(tenants, hubSpot, salesforce, java.util.Optional.of(snapshots),
                    links, repairs, cursors, imports, ledger, owners, tenantCalls, reports, errors, deletions,
                    java.util.Optional.of(new ActivityPoll(hubSpot, cursors, repairs, ledger, Clock.systemUTC(),
                            pass.callsPerRepairNotice())),
                    // Who the tenant's grant logs in as (the session it reads with anyway: no extra call).
                    tenantId -> tenantCalls.on(tenantId, sessions::currentUserId)),
                    new CachedMappings(mappings, Duration.ofSeconds(60), Clock.systemUTC())::mapping,
                    settings::settings, Clock.systemUTC(), config);
        }
    }
}
