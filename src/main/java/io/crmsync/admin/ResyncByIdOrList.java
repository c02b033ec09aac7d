package io.crmsync.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.crmsync.crm.HubSpotActivity;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.sync.HubSpotListMembers;

/**
 * Asks the worker to sync records again, as if they had just changed: change notices on the change queue, up to
 * 100 record ids each (a HubSpot batch). Notices are hints — the worker re-reads every record — so asking twice
 * is harmless. Records are named by id (up to 1,000 a call) or by a HubSpot list, whose members are read a page at
 * a time and queued as they come. The admin API's resync; an error card's "Resync selected" is
 * {@link io.crmsync.health.ResyncSelectedErrors}.
 */
public final class ResyncByIdOrList {

    public static final int MAX_IDS = 1000;
    /** 250 members a page: 50,000 records a call keeps a call well inside the function's timeout. */
    static final int MAX_LIST_PAGES = 200;
    static final String VIA = "admin-resync";

    /** The HubSpot object types the worker syncs: records and the activities it copies to Salesforce. */
    static final Set<String> HUBSPOT_TYPES;
    static {
        Set<String> types = new TreeSet<>(List.of("contact", "company", "deal"));
        for (HubSpotActivity activity : HubSpotActivity.values()) {
            types.add(activity.objectType());
        }
        HUBSPOT_TYPES = Set.copyOf(types);
    }
    /** The Salesforce objects the worker syncs, with the key prefix every id of theirs starts with. */
    static final Map<String, String> SALESFORCE_PREFIXES = Map.of("Lead", "00Q", "Contact", "003", "Account", "001",
            "Opportunity", "006", "Task", "00T");
    /** HubSpot list object type ids of the types that sync. */
    static final Map<String, String> LIST_TYPES = Map.of("0-1", "contact", "0-2", "company", "0-3", "deal");

    private static final Pattern HUBSPOT_ID = Pattern.compile("[1-9][0-9]{0,18}");
    private static final Pattern SALESFORCE_ID = Pattern.compile("[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?");

    /**
     * @param records how many records were queued
     * @param continueAfter for a list too long for one call: the cursor to pass as {@code after} to go on
     */
    public record Queued(String objectType, int records, int notices, Optional<String> continueAfter) {
    }

    private final NoticeQueue queue;
    private final HubSpotListMembers lists;
    private final Clock clock;

    public ResyncByIdOrList(NoticeQueue queue, HubSpotListMembers lists, Clock clock) {
        this.queue = queue;
        this.lists = lists;
        this.clock = clock;
    }

    /**
     * What is wrong with a request to resync {@code ids} of {@code type}, each message starting with
     * {@code field} (the request's key): empty when it can be queued.
     */
    public static List<String> check(String field, SourceSystem source, String type, List<String> ids) {
        List<String> errors = new ArrayList<>();
        if (source == SourceSystem.HUBSPOT && !HUBSPOT_TYPES.contains(type)) {
            errors.add(field + ".type: \"" + type + "\" is not one of " + String.join(", ", new TreeSet<>(HUBSPOT_TYPES)));
        }
        if (source == SourceSystem.SALESFORCE && !SALESFORCE_PREFIXES.containsKey(type)) {
            errors.add(field + ".type: \"" + type + "\" is not one of " + String.join(", ",
                    new TreeSet<>(SALESFORCE_PREFIXES.keySet())));
        }
        if (ids.isEmpty()) {
            errors.add(field + ".ids: give at least one id");
        } else if (ids.size() > MAX_IDS) {
            errors.add(field + ".ids: " + ids.size() + " ids; at most " + MAX_IDS + " a call (for more, resync a"
                    + " HubSpot list, or call again)");
        }
        for (int i = 0; i < ids.size() && errors.size() < 10; i++) {
            String id = ids.get(i);
            if (source == SourceSystem.HUBSPOT && !HUBSPOT_ID.matcher(id).matches()) {
                errors.add(field + ".ids[" + i + "]: \"" + id + "\" is not a HubSpot record id (digits)");
            } else if (source == SourceSystem.SALESFORCE && !SALESFORCE_ID.matcher(id).matches()) {
                errors.add(field + ".ids[" + i + "]: \"" + id + "\" is not a 15- or 18-character Salesforce id");
            } else if (source == SourceSystem.SALESFORCE && SALESFORCE_PREFIXES.containsKey(type)
                    && !id.startsWith(SALESFORCE_PREFIXES.get(type))) {
                errors.add(field + ".ids[" + i + "]: \"" + id + "\" is not a " + type + " id (" + type + " ids start"
                        + " with " + SALESFORCE_PREFIXES.get(type) + ")");
            }
        }
        return errors;
    }

    /** Queues records already {@linkplain #check checked}; duplicates are queued once. */
    public Queued records(String tenantId, SourceSystem source, String type, List<String> ids) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(ids));
        List<ChangeNotice> notices = ChangeNotice.batches(tenantId, source, type, distinct, ChangeNotice.ChangeKind.UPDATED,
                clock.instant(), VIA);
        queue.enqueue(notices);
        return new Queued(type, distinct.size(), notices.size(), Optional.empty());
    }

    /**
     * Queues the members of a HubSpot list, page by page, from {@code after} (empty: from the start).
     *
     * @throws IllegalArgumentException when the list holds a type crmsync does not sync
     * @throws HubSpotListMembers.ListNotFoundException when there is no such list
     */
    public Queued list(String tenantId, String listId, Optional<String> after) {
        String typeId = lists.objectTypeId(listId);
        String type = LIST_TYPES.get(typeId);
        if (type == null) {
            throw new IllegalArgumentException("list " + listId + " holds object type " + typeId
                    + "; crmsync syncs contacts (0-1), companies (0-2) and deals (0-3)");
        }
        int records = 0;
        int notices = 0;
        Optional<String> cursor = after;
        for (int page = 0; page < MAX_LIST_PAGES; page++) {
            HubSpotListMembers.Page members = lists.members(listId, cursor.orElse(null));
            if (!members.recordIds().isEmpty()) {
                List<ChangeNotice> batch = ChangeNotice.batches(tenantId, SourceSystem.HUBSPOT, type,
                        members.recordIds(), ChangeNotice.ChangeKind.UPDATED, clock.instant(), VIA);
                queue.enqueue(batch);
                records += members.recordIds().size();
                notices += batch.size();
            }
            if (members.after().isEmpty()) {
                return new Queued(type, records, notices, Optional.empty());
            }
            if (members.after().equals(cursor)) {
                throw new IllegalStateException("HubSpot list memberships repeat their cursor");
            }
            cursor = members.after();
        }
        return new Queued(type, records, notices, cursor);
    }
}
