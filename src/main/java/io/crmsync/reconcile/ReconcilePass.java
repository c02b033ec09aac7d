package io.crmsync.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.crmsync.ingest.ChangeNotice;
import io.crmsync.ingest.ChangeNotice.ChangeKind;
import io.crmsync.ingest.ChangeNotice.SourceSystem;
import io.crmsync.ingest.NoticeQueue;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.sync.CrmUnavailableException;
import io.crmsync.sync.FieldResolver.Side;
import io.crmsync.sync.Link;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.Owners;

/**
 * One reconcile pass over one side's object for one tenant: reads what changed since the stored cursor (less a
 * lookback window), checks each record against its link, and queues repair notices for drift and for records
 * never paired — the sync worker then re-reads and syncs them as it would after a webhook.
 *
 * <p>It spends at most what the {@link CallBudget} grants: a read is reserved before it is made, and the calls the
 * worker will spend on a repair notice before the notice is started. The cursor is saved after each page and never
 * passes a record whose repair was not queued, so a pass stopped anywhere resumes exactly there.
 */
public final class ReconcilePass {

    /** HubSpot's batch limit: the worker reads and writes up to 100 records per call. */
    static final int IDS_PER_NOTICE = 100;

    public enum StopReason {
        /** Everything changed up to the pass's start time was checked. */
        CAUGHT_UP,
        /** The budget had no room for the next call or repair; the next pass resumes at {@code to}. */
        BUDGET_SPENT,
        /** The CRM could not answer (rate limit, outage); the next pass resumes at {@code to}. */
        CRM_UNAVAILABLE
    }

    /**
     * @param from where reading began (the stored cursor less the lookback)
     * @param to the stored cursor after the pass
     * @param callsUsed CRM calls the pass itself made (repairs are spent later, by the worker)
     */
    public record Report(int recordsChecked, int drift, int neverPaired, int repairsEnqueued, int callsUsed,
            Cursor from, Cursor to, StopReason stopReason) {
    }

    /**
     * @param pageSize records per read (the readers cap it at what their CRM serves)
     * @param lookback how far before the stored cursor each pass re-reads, for changes that became visible late
     * @param callsPerRepairNotice calls the worker is expected to spend syncing one notice of up to 100 records (a
     *        read on each side and a write); reserved from the budget before the notice is started
     */
    public record Settings(int pageSize, Duration lookback, int callsPerRepairNotice) {
        public static Settings defaults() {
            return new Settings(2_000, Duration.ofMinutes(10), 4);
        }
    }

    private final ChangeReader reader;
    private final LinkStore links;
    private final NoticeQueue repairs;
    private final CursorStore cursors;
    private final Clock clock;
    private final Settings settings;

    public ReconcilePass(ChangeReader reader, LinkStore links, NoticeQueue repairs, CursorStore cursors, Clock clock,
            Settings settings) {
        this.reader = reader;
        this.links = links;
        this.repairs = repairs;
        this.cursors = cursors;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Reconciles one object on one side.
     *
     * @param mappings the mappings of that object (a HubSpot contact maps to a Lead or a Contact; the link says
     *        which)
     * @throws NoticeQueue.EnqueueFailedException when repairs could not be queued (the cursor stays before them)
     */
    public Report run(String tenantId, Side side, List<ObjectMapping> mappings, Owners owners, CallBudget budget) {
        String objectType = objectOf(side, mappings);
        Optional<Cursor> stored = cursors.load(tenantId, side, objectType);
        Cursor floor = stored.orElse(Cursor.START);
        Cursor from = stored.map(c -> c.lookback(settings.lookback())).orElse(Cursor.START);
        Instant until = clock.instant();
        List<String> properties = propertiesToRead(side, mappings);
        Progress progress = new Progress(from);
        StopReason stop;
        while (true) {
            if (!budget.tryReserve(1)) {
                stop = StopReason.BUDGET_SPENT;
                break;
            }
            Page page;
            try {
                page = reader.read(tenantId, objectType, properties, progress.position, settings.pageSize(), until);
            } catch (CrmUnavailableException e) {
                progress.calls++;
                stop = StopReason.CRM_UNAVAILABLE;
                break;
            }
            progress.calls += page.callsMade();
            boolean complete = check(tenantId, side, mappings, owners, budget, page, progress);
            if (complete && page.next().isPresent()) {
                progress.position = Cursor.max(progress.position, page.next().get());
            }
            save(tenantId, side, objectType, floor, progress.position);
            if (!complete) {
                stop = StopReason.BUDGET_SPENT;
                break;
            }
            if (page.next().isEmpty()) {
                stop = StopReason.CAUGHT_UP;
                break;
            }
        }
        return new Report(progress.checked, progress.drift, progress.neverPaired, progress.repairsEnqueued,
                progress.calls, from, Cursor.max(floor, progress.position), stop);
    }

    private static final class Progress {
        Cursor position;
        int checked;
        int drift;
        int neverPaired;
        int repairsEnqueued;
        int calls;

        Progress(Cursor position) {
            this.position = position;
        }
    }

    /**
     * Checks a page in order and queues its repairs; false when the budget ran out for a repair (the position
     * then stands at the last record checked, whose repairs are queued).
     */
    private boolean check(String tenantId, Side side, List<ObjectMapping> mappings, Owners owners,
            CallBudget budget, Page page, Progress progress) {
        Map<String, Link> linked = linksOf(tenantId, side, mappings, page.records());
        List<String> toRepair = new ArrayList<>();
        boolean complete = true;
        for (ChangedRecord record : page.records()) {
            Optional<Link> link = Optional.ofNullable(linked.get(record.id()));
            ObjectMapping mapping = link.flatMap(l -> mappingFor(mappings, l)).orElse(mappings.get(0));
            DriftCheck.Verdict verdict = DriftCheck.check(side, record, link, mapping, owners).verdict();
            if (verdict != DriftCheck.Verdict.IN_SYNC) {
                if (toRepair.size() % IDS_PER_NOTICE == 0 && settings.callsPerRepairNotice() > 0
                        && !budget.tryReserve(settings.callsPerRepairNotice())) {
                    complete = false;
                    break;
                }
                toRepair.add(record.id());
                if (verdict == DriftCheck.Verdict.DRIFTED) {
                    progress.drift++;
                } else {
                    progress.neverPaired++;
                }
            }
            progress.checked++;
            progress.position = record.cursor();
        }
        enqueue(tenantId, side, mappings, toRepair);
        progress.repairsEnqueued += toRepair.size();
        return complete;
    }

    private void enqueue(String tenantId, Side side, List<ObjectMapping> mappings, List<String> ids) {
        if (ids.isEmpty()) {
            return;
        }
        SourceSystem source = side == Side.HUBSPOT ? SourceSystem.HUBSPOT : SourceSystem.SALESFORCE;
        String objectType = objectOf(side, mappings);
        List<ChangeNotice> notices = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += IDS_PER_NOTICE) {
            notices.add(new ChangeNotice(ChangeNotice.CURRENT_VERSION, tenantId, source, objectType,
                    ids.subList(i, Math.min(ids.size(), i + IDS_PER_NOTICE)), ChangeKind.UPDATED, clock.instant(),
                    List.of(), null, Map.of("via", "reconcile")));
        }
        repairs.enqueue(notices);
    }

    /**
     * The page's links in one batch. A Salesforce record names its HubSpot twin in the external-ID field; one
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
        records.forEach(r -> Optional.ofNullable(r.properties().get(first.externalIdField())).filter(s -> !s.isBlank())
                .ifPresent(twins::add));
        Map<String, Link> byHubSpotId = twins.isEmpty() ? Map.of()
                : links.findByHubSpotIds(tenantId, first.hubSpotObject(), twins);
        Map<String, Link> bySalesforceId = new java.util.HashMap<>();
        for (ChangedRecord record : records) {
            Link link = byHubSpotId.get(record.properties().getOrDefault(first.externalIdField(), ""));
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

    private void save(String tenantId, Side side, String objectType, Cursor floor, Cursor position) {
        // Re-reading the lookback window must not move the stored cursor back to where reading began.
        if (position.isAfter(floor)) {
            cursors.save(tenantId, side, objectType, position);
        }
    }

    private static Optional<ObjectMapping> mappingFor(List<ObjectMapping> mappings, Link link) {
        return mappings.stream().filter(m -> m.salesforceObject().equals(link.salesforceObject())).findFirst();
    }

    private static String objectOf(Side side, List<ObjectMapping> mappings) {
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

    private static List<String> propertiesToRead(Side side, List<ObjectMapping> mappings) {
        Set<String> names = new LinkedHashSet<>();
        for (ObjectMapping m : mappings) {
            names.addAll(side == Side.HUBSPOT ? m.hubSpotProperties() : m.salesforceFields());
            if (side == Side.SALESFORCE) {
                names.add(m.externalIdField());
            }
        }
        return List.copyOf(names);
    }
}
