package io.crmsync.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.reconcile.Reconciler.ErroredRetry;
import io.crmsync.sync.SyncErrorLog;

/**
 * The reconcile run's last step, as HubSpot's connector does it: records a CRM refused are queued again every
 * {@link #EVERY}, and none once either CRM's window is at 75% of its allocation. Apart from the passes because it
 * reads the open sync errors, not the CRMs, and runs even after a pass failed.
 */
final class ErroredRecordsRetry {

    /** Under the reconciler's name: the line belongs with the run's report. */
    private static final Logger LOG = Logger.getLogger(Reconciler.class);

    /** HubSpot's connector: "Any contact that is related to a sync error will be automatically resynced every 30 minutes." */
    static final Duration EVERY = Duration.ofMinutes(30);

    private final Ledger ledger;
    private final SyncErrorLog errors;
    private final NoticeQueue repairs;

    ErroredRecordsRetry(Ledger ledger, SyncErrorLog errors, NoticeQueue repairs) {
        this.ledger = ledger;
        this.errors = errors;
        this.repairs = repairs;
    }

    /** Queues notices again for records a CRM refused at least 30 minutes ago, unless the 75% rule stops it. */
    ErroredRetry run(String tenantId, Instant now) {
        try {
            for (Crm crm : Crm.values()) {
                if (!ledger.usage(tenantId, crm, now).retriesAllowed()) {
                    return new ErroredRetry(0, 0, crm + " window at 75% of its allocation");
                }
            }
            List<SyncErrorLog.SyncError> open = errors.open(tenantId);
            Map<String, List<String>> idsByObject = new LinkedHashMap<>();
            int requeued = 0;
            for (SyncErrorLog.SyncError error : open) {
                String[] key = error.recordKey().split("\\|", 3);
                if (key.length != 3 || error.at().isAfter(now.minus(EVERY))) {
                    continue;
                }
                idsByObject.computeIfAbsent(key[0] + "|" + key[1], k -> new ArrayList<>()).add(key[2]);
                requeued++;
            }
            List<ChangeNotice> notices = new ArrayList<>();
            idsByObject.forEach((object, ids) -> {
                String[] parts = object.split("\\|", 2);
                ChangeNotice.SourceSystem source = "hubspot".equals(parts[0]) ? ChangeNotice.SourceSystem.HUBSPOT
                        : ChangeNotice.SourceSystem.SALESFORCE;
                notices.addAll(ChangeNotice.batches(tenantId, source, parts[1], ids, ChangeNotice.ChangeKind.UPDATED, now,
                        "errored-retry"));
            });
            if (!notices.isEmpty()) {
                repairs.enqueue(notices);
            }
            return new ErroredRetry(requeued, open.size(), null);
        } catch (RuntimeException e) {
            LOG.warnf("tenant %s: errored records not retried this run: %s", tenantId, e.toString());
            return new ErroredRetry(0, 0, "failed: " + e.getClass().getSimpleName());
        }
    }
}
