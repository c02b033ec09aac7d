package io.crmsync.reconcile;

import java.util.Optional;

/** Where each tenant's latest reconcile report is kept, for the health view and for whoever investigates drift. */
public interface ReconcileReports {

    /** Replaces the tenant's last report. */
    void save(Reconciler.TenantReport report);

    /**
     * The tenant's last report, if a run has finished one. A default only so the tests that collect reports with
     * a method reference keep compiling; the stored implementation answers it.
     */
    default Optional<Reconciler.TenantReport> last(String tenantId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot read reports back");
    }
}
