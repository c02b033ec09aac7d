package io.crmsync.reconcile;

import java.util.Optional;

/** Where each tenant's latest reconcile report is kept, for the health view and for whoever investigates drift. */
public interface ReconcileReports {

    /** Replaces the tenant's last report. */
    void save(Reconciler.TenantReport report);

    /** The tenant's last report, if a run has finished one. */
    Optional<Reconciler.TenantReport> last(String tenantId);
}
