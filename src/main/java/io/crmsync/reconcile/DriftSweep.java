package io.crmsync.reconcile;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.crm.Side;
import io.crmsync.sync.Link;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.Owners;

/**
 * Checks records read from one side against their links and queues repair notices for the drifted and the
 * never-paired, whichever way they were read (a page of changes or a page of a snapshot). The worker's expected
 * cost of each notice is reserved before the notice is started; with no room left the sweep stops at the last
 * record whose repair is queued.
 */
final class DriftSweep {

    /**
     * @param checked records checked, from the first given, in order
     * @param complete false when the budget stopped the sweep before the last record
     */
    record Outcome(int checked, int drift, int neverPaired, int repairsEnqueued, boolean complete) {
    }

    private final LinkStore links;
    private final NoticeQueue repairs;
    private final Clock clock;
    private final int callsPerRepairNotice;

    DriftSweep(LinkStore links, NoticeQueue repairs, Clock clock, int callsPerRepairNotice) {
        this.links = links;
        this.repairs = repairs;
        this.clock = clock;
        this.callsPerRepairNotice = callsPerRepairNotice;
    }

    /** @throws NoticeQueue.EnqueueFailedException when the repairs could not be queued */
    Outcome check(String tenantId, Side side, List<ObjectMapping> mappings, Owners owners, CallBudget budget,
            List<ChangedRecord> records) {
        Map<String, Link> linked = linksOf(tenantId, side, mappings, records);
        List<String> toRepair = new ArrayList<>();
        int checked = 0;
        int drift = 0;
        int neverPaired = 0;
        boolean complete = true;
        for (ChangedRecord record : records) {
            Optional<Link> link = Optional.ofNullable(linked.get(record.id()));
            ObjectMapping mapping = link.flatMap(l -> mappingFor(mappings, l)).orElse(mappings.get(0));
            DriftCheck.Verdict verdict = DriftCheck.check(side, record, link, mapping, owners).verdict();
            if (verdict != DriftCheck.Verdict.IN_SYNC) {
                if (toRepair.size() % ChangeNotice.IDS_PER_NOTICE == 0 && callsPerRepairNotice > 0
                        && !budget.tryReserve(callsPerRepairNotice)) {
                    complete = false;
                    break;
                }
                toRepair.add(record.id());
                if (verdict == DriftCheck.Verdict.DRIFTED) {
                    drift++;
                } else {
                    neverPaired++;
                }
            }
            checked++;
        }
        enqueue(tenantId, side, mappings, toRepair);
        return new Outcome(checked, drift, neverPaired, toRepair.size(), complete);
    }

    private void enqueue(String tenantId, Side side, List<ObjectMapping> mappings, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        SourceSystem source = side == Side.HUBSPOT ? SourceSystem.HUBSPOT : SourceSystem.SALESFORCE;
        repairs.enqueue(ChangeNotice.batches(tenantId, source, objectOf(side, mappings), ids, ChangeKind.UPDATED,
                clock.instant(), "reconcile"));
    }

    /**
     * The records' links in one batch. A Salesforce record names its HubSpot twin in the external-ID field; one
     * without it (or naming a record linked elsewhere) is looked up by its own id.
     */
    private Map<String, Link> linksOf(String tenantId, Side side, List<ObjectMapping> mappings,
            List<ChangedRecord> records) {
        if (records.isEmpty()) {
            return Map.of();
        }
        ObjectMapping first = mappings.get(0);
        if (side == Side.HUBSPOT) {
            return links.findByHubSpotIds(tenantId, first.hubSpotObject(),
                    records.stream().map(ChangedRecord::id).toList());
        }
        Set<String> twins = new LinkedHashSet<>();
        records.forEach(r -> Optional.ofNullable(r.properties().get(first.salesforceIdField())).filter(s -> !s.isBlank())
                .ifPresent(twins::add));
        Map<String, Link> byHubSpotId = twins.isEmpty() ? Map.of()
                : links.findByHubSpotIds(tenantId, first.hubSpotObject(), twins);
        Map<String, Link> bySalesforceId = new HashMap<>();
        for (ChangedRecord record : records) {
            Link link = byHubSpotId.get(record.properties().getOrDefault(first.salesforceIdField(), ""));
            if (link != null && link.salesforceObject().equals(first.salesforceObject())
                    && link.salesforceId().equals(record.id())) {
                bySalesforceId.put(record.id(), link);
            } else {
                links.findBySalesforceId(tenantId, first.salesforceObject(), record.id())
                        .ifPresent(l -> bySalesforceId.put(record.id(), l));
            }
        }
        return bySalesforceId;
    }

    private static Optional<ObjectMapping> mappingFor(List<ObjectMapping> mappings, Link link) {
        return mappings.stream().filter(m -> m.salesforceObject().equals(link.salesforceObject())).findFirst();
    }

    static String objectOf(Side side, List<ObjectMapping> mappings) {
        if (mappings.isEmpty()) {
            throw new IllegalArgumentException("no mapping to reconcile");
        }
        Set<String> objects = new LinkedHashSet<>();
        mappings.forEach(m -> objects.add(side == Side.HUBSPOT ? m.hubSpotObject() : m.salesforceObject()));
        if (objects.size() != 1) {
            throw new IllegalArgumentException("the mappings of one pass must share their " + side + " object: "
                    + objects);
        }
        return objects.iterator().next();
    }
}
