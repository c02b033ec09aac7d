package io.crmsync.health;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import io.crmsync.sync.AuditLog;
import io.crmsync.sync.Link;
import io.crmsync.sync.LinkStore;

/**
 * One record's history: its link (both ids and types, when it last synced) and the field decisions made about it,
 * newest first. Records are named {@code hubspot:<type>:<id>} or {@code salesforce:<Type>:<id>} (the sync-error
 * keys' {@code hubspot|contact|123} form is accepted too, so an error card can link to it). Every decision is
 * filed under the HubSpot record, so a Salesforce id is first turned into its HubSpot twin through the link.
 */
public final class RecordHistory {

    /** Newest decisions shown; a record's whole life can be far longer, and the page is for investigating. */
    public static final int MAX_ENTRIES = 200;

    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_\\-]{1,80}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_\\-]{1,64}");

    /** A record named by its system, object type and id. */
    public record RecordRef(System system, String type, String id) {

        public enum System {
            HUBSPOT, SALESFORCE
        }

        /**
         * @throws IllegalArgumentException with what is wrong and the expected form
         */
        public static RecordRef parse(String text) {
            String expected = "; name a record as hubspot:<type>:<id> or salesforce:<Type>:<id>,"
                    + " e.g. hubspot:contact:123 or salesforce:Contact:0035g00000AbCdEAAV";
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("No record given" + expected);
            }
            String[] parts = text.trim().split("[:|]", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("'" + shorten(text) + "' is not a record name" + expected);
            }
            System system = switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "hubspot" -> System.HUBSPOT;
                case "salesforce" -> System.SALESFORCE;
                default -> throw new IllegalArgumentException("Unknown system '" + shorten(parts[0]) + "'" + expected);
            };
            if (!TYPE.matcher(parts[1]).matches()) {
                throw new IllegalArgumentException("'" + shorten(parts[1]) + "' is not an object type" + expected);
            }
            if (!ID.matcher(parts[2]).matches()) {
                throw new IllegalArgumentException("'" + shorten(parts[2]) + "' is not a record id" + expected);
            }
            // HubSpot's object types are lower-case names (contact, company, deal); Salesforce's keep their case.
            String type = system == System.HUBSPOT ? parts[1].toLowerCase(Locale.ROOT) : parts[1];
            return new RecordRef(system, type, parts[2]);
        }

        @Override
        public String toString() {
            return system.name().toLowerCase(Locale.ROOT) + ":" + type + ":" + id;
        }
    }

    /**
     * @param found   whether anything is known about the record
     * @param message what the answer means when it is not the whole story (no link, no decisions), or null
     * @param link    the pairing, or null when there is none (never synced, or one side was deleted)
     */
    public record History(String record, boolean found, String message, LinkView link, List<Change> entries) {
        public History {
            entries = List.copyOf(entries);
        }
    }

    public record LinkView(String hubSpotObject, String hubSpotId, String salesforceObject, String salesforceId,
            Instant lastSyncedAt) {
    }

    /**
     * One field decision.
     *
     * @param oldValue  the value on the side written to before the write ({@code writtenTo}); null when nothing
     *                  was written
     * @param newValue  the value written; null when nothing was
     * @param writtenTo HUBSPOT, SALESFORCE or null
     */
    public record Change(Instant at, String field, String oldValue, String newValue, String writtenTo,
            String hubSpotValue, String salesforceValue, String winner, String rule, String reason) {

        static Change of(AuditLog.Entry e) {
            String writtenTo = e.writtenTo() == null || e.writtenTo().isEmpty() ? null : e.writtenTo();
            String old = writtenTo == null ? null
                    : "HUBSPOT".equals(writtenTo) ? e.hubSpotValue() : e.salesforceValue();
            return new Change(e.at(), e.field(), old, writtenTo == null ? null : e.written(), writtenTo,
                    e.hubSpotValue(), e.salesforceValue(), e.winner(), e.rule(), e.reason());
        }
    }

    private final LinkStore links;
    private final AuditLog audit;

    public RecordHistory(LinkStore links, AuditLog audit) {
        this.links = links;
        this.audit = audit;
    }

    /**
     * @throws IllegalArgumentException when {@code record} is not a record name
     */
    public History of(String tenantId, String record) {
        RecordRef ref = RecordRef.parse(record);
        Optional<Link> link = ref.system() == RecordRef.System.HUBSPOT
                ? Optional.ofNullable(links.findByHubSpotIds(tenantId, ref.type(), List.of(ref.id())).get(ref.id()))
                : links.findBySalesforceId(tenantId, ref.type(), ref.id());
        if (ref.system() == RecordRef.System.SALESFORCE && link.isEmpty()) {
            return new History(ref.toString(), false, "No link for " + ref + " in tenant " + tenantId + ": it never"
                    + " synced, or its HubSpot twin was deleted. Decisions are filed under the HubSpot record;"
                    + " search by its HubSpot id.", null, List.of());
        }
        String hubSpotObject = link.map(Link::hubSpotObject).orElse(ref.type());
        String hubSpotId = link.map(Link::hubSpotId).orElse(ref.id());
        List<Change> changes = audit.history(tenantId, hubSpotObject, hubSpotId, MAX_ENTRIES).stream()
                .map(Change::of).toList();
        LinkView view = link.map(l -> new LinkView(l.hubSpotObject(), l.hubSpotId(), l.salesforceObject(),
                l.salesforceId(), l.syncedAt())).orElse(null);
        if (link.isEmpty() && changes.isEmpty()) {
            return new History(ref.toString(), false, "Nothing is known about " + ref + " in tenant " + tenantId
                    + ": no link and no field decisions. Check the object type (e.g. contact, company, deal) and"
                    + " the id.", null, List.of());
        }
        String message = link.isEmpty()
                ? "No link: the record is not paired now (one side was deleted, or it never paired); its past"
                        + " decisions follow."
                : changes.isEmpty() ? "Linked, but no field decisions are recorded: every field already agreed."
                : changes.size() == MAX_ENTRIES ? "The newest " + MAX_ENTRIES + " decisions." : null;
        return new History(ref.toString(), true, message, view, changes);
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
