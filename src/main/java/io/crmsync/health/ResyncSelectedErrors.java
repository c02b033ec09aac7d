package io.crmsync.health;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;

/**
 * "Resync selected" on an error card: queues a notice for each chosen record, as a webhook would, so the worker
 * reads both sides again and retries. Records are grouped by system and object type, at most
 * {@link ChangeNotice#IDS_PER_NOTICE} ids per notice (the worker's batch). Every key is checked first; one bad key and
 * nothing is queued. The admin API resyncs by id or HubSpot list through {@link io.crmsync.admin.ResyncByIdOrList}.
 */
public final class ResyncSelectedErrors {

    /** Far more than an error card lists; a bound so one request cannot flood the queue. */
    public static final int MAX_RECORDS = 10_000;
    private static final int MAX_ERRORS_SHOWN = 20;

    /**
     * @param records distinct records queued
     * @param notices notices queued for them
     */
    public record Result(List<String> errors, int records, int notices) {
        public Result {
            errors = List.copyOf(errors);
        }
    }

    private final NoticeQueue queue;
    private final Clock clock;

    public ResyncSelectedErrors(NoticeQueue queue, Clock clock) {
        this.queue = queue;
        this.clock = clock;
    }

    /**
     * @param recordKeys sync-error keys: {@code hubspot|contact|123}, {@code salesforce|Lead|00Q…} (the
     *                   {@code hubspot:contact:123} form is accepted too)
     * @throws NoticeQueue.EnqueueFailedException when the queue refuses them
     */
    public Result resync(String tenantId, List<String> recordKeys) {
        List<String> errors = new ArrayList<>();
        if (recordKeys.isEmpty()) {
            return new Result(List.of("No records given: send {\"records\": [\"hubspot|contact|123\", ...]}"), 0, 0);
        }
        if (recordKeys.size() > MAX_RECORDS) {
            return new Result(List.of("At most " + MAX_RECORDS + " records at once, not " + recordKeys.size()), 0, 0);
        }
        Map<String, LinkedHashSet<String>> idsByObject = new LinkedHashMap<>();
        for (String key : recordKeys) {
            RecordHistory.RecordRef ref;
            try {
                ref = RecordHistory.RecordRef.parse(key);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
                continue;
            }
            idsByObject.computeIfAbsent(ref.system() + "|" + ref.type(), k -> new LinkedHashSet<>()).add(ref.id());
        }
        if (!errors.isEmpty()) {
            int bad = errors.size();
            List<String> shown = new ArrayList<>(errors.subList(0, Math.min(bad, MAX_ERRORS_SHOWN)));
            if (bad > MAX_ERRORS_SHOWN) {
                shown.add("… and " + (bad - MAX_ERRORS_SHOWN) + " more records that are not record keys");
            }
            return new Result(shown, 0, 0);
        }
        Instant now = clock.instant();
        List<ChangeNotice> notices = new ArrayList<>();
        idsByObject.forEach((object, idSet) -> {
            String[] parts = object.split("\\|", 2);
            ChangeNotice.SourceSystem source = ChangeNotice.SourceSystem.valueOf(parts[0]);
            List<String> ids = List.copyOf(idSet);
            notices.addAll(ChangeNotice.batches(tenantId, source, parts[1], ids, ChangeNotice.ChangeKind.UPDATED, now,
                    "resync"));
        });
        queue.enqueue(notices);
        return new Result(List.of(), idsByObject.values().stream().mapToInt(LinkedHashSet::size).sum(),
                notices.size());
    }
}
