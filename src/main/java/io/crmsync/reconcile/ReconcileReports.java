package io.crmsync.reconcile;

/** Where each tenant's latest reconcile report is kept, for the health view and for whoever investigates drift. */
public interface ReconcileReports {

    /** Replaces the tenant's last report. */
    void save(Reconciler.TenantReport report);
}
