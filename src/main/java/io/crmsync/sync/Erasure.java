package io.crmsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.crmsync.crm.Side;

/**
 * Erasing a person on request (HubSpot's {@code contact.privacyDeletion}, or the admin API for a Salesforce-side
 * request): everything crmsync keeps that names the person's records goes, table by table ({@link PersonalData}),
 * and a marker per record ({@link ErasureMarks}) keeps them erased while notices naming them are still queued.
 *
 * <p>Order, and why:
 * <ol>
 * <li>The person's records are found first, through the link (the HubSpot contact and its Salesforce twin).</li>
 * <li>The markers are written before anything is removed: from then on every worker step that starts drops the
 * records ({@link #erasedAmong}), so no later notice (queued before the erase, redriven from the dead-letter queue,
 * or a repair the reconciler queues) syncs them again. They cover the Salesforce twin too: a change to that Lead
 * would otherwise create the HubSpot contact again and undo HubSpot's erase. Markers expire (no notice outlives
 * the queues' 14-day retention; the lifetime is at least 15 days) and hold only a hash, no id or value.</li>
 * <li>The tenant's delete policy runs next, unchanged (it needs the link).</li>
 * <li>Then every table is erased ({@link PersonalData}, the link last: a failed erase is retried whole and
 * finds the twin again through it).</li>
 * </ol>
 *
 * <p>A worker racing the erase: links carry a version and a worker's save is conditional on the version it read, so
 * one that read the link before the erase has its save refused (the item is gone) and syncs the record again in
 * its next round, where it may save a new link (version 0: none stored); so may one that read before any link
 * existed. Both are steps that passed the marker check before the markers were written. After every step of
 * person records the worker checks the markers again ({@link #sweepAfter}) and erases what the step wrote, with a
 * warning, so nothing stays resurrected, and not silently. What such a step wrote to a CRM (it started before the
 * request, as if it had finished a moment earlier) stays the tenant's: a contact it re-created in HubSpot is
 * erased from crmsync's tables with the rest, not deleted in HubSpot.
 */
public final class Erasure {

    private static final Logger LOG = Logger.getLogger(Erasure.class);

    /** The queues keep a message 14 days; a marker must outlive every notice that can still name the record. */
    public static final Duration MIN_MARKER_LIFETIME = Duration.ofDays(15);
    /** The objects that stand for a person: their notices are checked against the markers. */
    static final Set<String> PERSON_OBJECTS = Set.of("contact", "Lead", "Contact");
    static final String HUBSPOT_CONTACT = "contact";
    /** One Query page of a contact's audit rows: enough to name every Salesforce record it was paired with. */
    static final int AUDIT_ROWS_READ = 1000;

    /** What an erase removed: items per table, and the records (ids only) it erased. */
    public record Report(List<String> records, Map<String, Integer> erasedPerTable) {
        public Report {
            records = List.copyOf(records);
            erasedPerTable = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(erasedPerTable));
        }
    }

    private final LinkStore links;
    private final AuditLog audit;
    private final ErasureMarks marks;
    private final List<PersonalData> tables;
    private final Duration markerLifetime;
    private final Clock clock;

    /**
     * A worker built without crmsync's tables (unit tests of other concerns): nothing can be marked, so no record
     * is dropped, and an erase request fails (its notice is retried, then dead-lettered with the reason) rather
     * than being pretended.
     */
    public static Erasure unavailable() {
        ErasureMarks none = new ErasureMarks() {
            @Override
            public void mark(String tenantId, Collection<String> recordKeys, java.time.Instant expiresAt) {
                throw new IllegalStateException("this worker has no store to erase from");
            }

            @Override
            public Set<String> erased(String tenantId, Collection<String> recordKeys) {
                return Set.of();
            }
        };
        return new Erasure(null, null, none, List.of(), MIN_MARKER_LIFETIME, Clock.systemUTC());
    }

    /** @param audit where the Salesforce records a contact was ever paired with are named, once the link is gone */
    public Erasure(LinkStore links, AuditLog audit, ErasureMarks marks, List<PersonalData> tables,
            Duration markerLifetime, Clock clock) {
        if (markerLifetime.compareTo(MIN_MARKER_LIFETIME) < 0) {
            throw new IllegalArgumentException("an erase marker must live at least " + MIN_MARKER_LIFETIME.toDays()
                    + " days, past the queues' 14-day retention: " + markerLifetime);
        }
        this.links = links;
        this.audit = audit;
        this.marks = marks;
        this.tables = List.copyOf(tables);
        this.markerLifetime = markerLifetime;
        this.clock = clock;
    }

    /** The given records and their twins through the links. Reads only. */
    public ErasedPerson person(String tenantId, Collection<ErasedPerson.Record> given) {
        if (links == null) {
            throw new IllegalStateException("this worker has no store to erase from");
        }
        List<ErasedPerson.Record> records = new ArrayList<>(given);
        List<String> contacts = given.stream().filter(r -> r.side() == Side.HUBSPOT).map(ErasedPerson.Record::id)
                .toList();
        if (!contacts.isEmpty()) {
            links.findByHubSpotIds(tenantId, HUBSPOT_CONTACT, contacts).values().stream()
                    .filter(link -> link.salesforceId() != null)
                    .forEach(link -> records.add(ErasedPerson.Record.salesforce(link.salesforceObject(),
                            link.salesforceId())));
            // The audit rows name every Salesforce record the contact was paired with: a Lead converted since, or
            // the twin of a retried erase whose delete policy already forgot the link.
            for (String contact : contacts) {
                audit.history(tenantId, HUBSPOT_CONTACT, contact, AUDIT_ROWS_READ).stream()
                        .filter(row -> row.salesforceId() != null && row.salesforceObject() != null)
                        .forEach(row -> records.add(ErasedPerson.Record.salesforce(row.salesforceObject(),
                                row.salesforceId())));
            }
        }
        for (ErasedPerson.Record record : given) {
            if (record.side() == Side.SALESFORCE) {
                links.findBySalesforceId(tenantId, record.objectType(), record.id()).ifPresent(link -> records.add(
                        ErasedPerson.Record.hubSpot(link.hubSpotObject(), link.hubSpotId())));
            }
        }
        return new ErasedPerson(tenantId, records);
    }

    /** Marks, then erases every table: the admin API's erase (no CRM record is touched). */
    public Report erase(String tenantId, Collection<ErasedPerson.Record> given) {
        ErasedPerson person = person(tenantId, given);
        mark(person);
        return eraseTables(person);
    }

    /**
     * HubSpot's privacy deletion of contacts: marks the contacts and their twins, lets the tenant's delete policy
     * act as for any deletion, then erases. The policy's outcomes are answered.
     */
    public Map<String, RecordOutcome> eraseAfter(String tenantId, Collection<String> hubSpotContacts,
            Supplier<Map<String, RecordOutcome>> deletePolicy) {
        ErasedPerson person = person(tenantId, hubSpotContacts.stream()
                .map(id -> ErasedPerson.Record.hubSpot(HUBSPOT_CONTACT, id)).toList());
        mark(person);
        Map<String, RecordOutcome> outcomes = deletePolicy.get();
        if (outcomes.values().stream().anyMatch(RecordOutcome::needsRetry)) {
            // The notice comes back; the erase runs whole then (markers and erase are idempotent).
            return outcomes;
        }
        Report report = eraseTables(person);
        LOG.infof("tenant %s: privacy deletion erased %d records: %s", tenantId, person.records().size(),
                report.erasedPerTable());
        return outcomes;
    }

    /**
     * The ids of a worker step that were erased: their notices are dropped. Only records that stand for a person
     * are looked up (one batched read per step); every other object answers empty without a read.
     */
    public Set<String> erasedAmong(String tenantId, Side side, String objectType, Collection<String> ids) {
        if (!PERSON_OBJECTS.contains(objectType) || ids.isEmpty()) {
            return Set.of();
        }
        Map<String, String> byKey = new LinkedHashMap<>();
        ids.forEach(id -> byKey.put(new ErasedPerson.Record(side, objectType, id).key(), id));
        Set<String> erased = new LinkedHashSet<>();
        marks.erased(tenantId, byKey.keySet()).forEach(key -> erased.add(byKey.get(key)));
        return erased;
    }

    /**
     * After a step that synced person records: those marked meanwhile (an erase that ran while the step was under
     * way) are erased again, so what the step wrote for them does not stay.
     */
    public void sweepAfter(String tenantId, Side side, String objectType, Collection<String> synced) {
        Set<String> erased = erasedAmong(tenantId, side, objectType, synced);
        if (!erased.isEmpty()) {
            LOG.warnf("tenant %s: %d %s records were erased while a worker synced them; erasing what it wrote",
                    tenantId, erased.size(), objectType);
            erase(tenantId, erased.stream().map(id -> new ErasedPerson.Record(side, objectType, id)).toList());
        }
    }

    /**
     * One worker step: records marked erased are dropped (skipped, their notices deleted), except those the step
     * erases now ({@code toErase}: a privacy deletion, which goes through {@link #eraseAfter}); the rest are synced
     * by {@code sync}; after a step that synced person records, {@link #sweepAfter}.
     */
    public Map<String, RecordOutcome> step(String tenantId, Side side, String objectType, List<String> ids,
            Set<String> requested, boolean deletions, java.util.function.Function<List<String>,
                    Map<String, RecordOutcome>> sync) {
        // HubSpot sends privacy deletions for contacts only; a hint on anything else is a plain deletion.
        Set<String> toErase = deletions && side == Side.HUBSPOT && HUBSPOT_CONTACT.equals(objectType) ? requested
                : Set.of();
        Set<String> dropped = new LinkedHashSet<>(erasedAmong(tenantId, side, objectType, ids));
        dropped.removeAll(toErase);
        List<String> erasing = ids.stream().filter(toErase::contains).toList();
        List<String> rest = ids.stream().filter(id -> !dropped.contains(id) && !toErase.contains(id)).toList();
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        if (!erasing.isEmpty()) {
            outcomes.putAll(eraseAfter(tenantId, erasing, () -> sync.apply(erasing)));
        }
        if (!rest.isEmpty()) {
            outcomes.putAll(sync.apply(rest));
            if (!deletions) {
                sweepAfter(tenantId, side, objectType, rest);
            }
        }
        dropped.forEach(id -> outcomes.put(id, new RecordOutcome(RecordOutcome.Status.SKIPPED, "erased on request")));
        return outcomes;
    }

    private void mark(ErasedPerson person) {
        marks.mark(person.tenantId(), person.recordKeys(), clock.instant().plus(markerLifetime));
    }

    private Report eraseTables(ErasedPerson person) {
        Map<String, Integer> erased = new LinkedHashMap<>();
        for (PersonalData table : tables) {
            erased.merge(table.table(), table.erase(person), Integer::sum);
        }
        return new Report(List.copyOf(person.recordKeys()), erased);
    }
}
