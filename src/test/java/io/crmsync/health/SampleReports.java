package io.crmsync.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.crmsync.budget.Crm;
import io.crmsync.reconcile.Reconciler;
import io.crmsync.crm.Side;

/** A reconcile report as a regular run writes one: both sides' passes, a repair or two, the errored retry. */
final class SampleReports {

    private SampleReports() {
    }

    static Reconciler.TenantReport regularRun(String tenantId, Instant finishedAt) {
        Instant started = finishedAt.minus(Duration.ofSeconds(42));
        return new Reconciler.TenantReport(tenantId, false, started, finishedAt,
                Map.of(Crm.SALESFORCE, 460, Crm.HUBSPOT, 300),
                List.of(new Reconciler.PassReport(Side.SALESFORCE, "Contact", 412, 3, 1, 4, 9, "c1", "c2",
                                "CAUGHT_UP", null),
                        new Reconciler.PassReport(Side.HUBSPOT, "contact", 388, 2, 0, 2, 5, "h1", "h2", "CAUGHT_UP",
                                null),
                        new Reconciler.PassReport(Side.SALESFORCE, "Lead", 97, 0, 0, 0, 2, "l1", "l2", "CAUGHT_UP",
                                null)),
                Reconciler.TenantStop.FINISHED, null, new Reconciler.ErroredRetry(4, 7, null));
    }
}
