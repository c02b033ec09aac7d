package io.crmsync.reconcile;

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
import io.crmsync.ingest.NoticeQueue;
import io.crmsync.mapping.MappingStore;
import io.crmsync.salesforce.SalesforceChangeReader;
import io.crmsync.store.DynamoTenantSettings;
import io.crmsync.sync.CachedMappings;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.OwnerDirectory;
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

        @Produces
        @ApplicationScoped
        Reconciler reconciler(TenantDirectory tenants, HubSpotChangeReader hubSpot, SalesforceChangeReader salesforce,
                LinkStore links, NoticeQueue repairs, CursorStore cursors, Ledger ledger, OwnerDirectory owners,
                TenantCalls tenantCalls, ReconcileReports reports, MappingStore mappings,
                DynamoTenantSettings settings, io.crmsync.sync.SyncErrorLog errors,
                io.crmsync.salesforce.SalesforceDeletedReader deletions) {
            Reconciler.Settings config = new Reconciler.Settings(budgetShare, callsWhenUnlimited,
                    ReconcilePass.Settings.defaults(), deepLookback);
            return new Reconciler(new Reconciler.Ports(tenants, hubSpot, salesforce, links, repairs, cursors, ledger,
                    owners, tenantCalls, reports, errors, deletions),
                    new CachedMappings(mappings, Duration.ofSeconds(60), Clock.systemUTC())::mapping,
                    settings::settings, Clock.systemUTC(), config);
        }
    }
}
