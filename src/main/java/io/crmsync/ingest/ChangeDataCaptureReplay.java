package io.crmsync.ingest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.DeadLetters;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.notice.ParkedEventReplay;
import io.crmsync.notice.ParkedEvents;

/**
 * Replays the Change Data Capture events parked in cdc-failed-events through {@link ChangeDataCaptureIntake}, so
 * each becomes exactly the notice the live intake would have queued. Ten at a time: take, convert, queue the
 * batch's notices in one call, then delete what was queued — an event is never deleted before the change queue
 * accepted its notice, and one that cannot be read stays parked and is reported.
 *
 * <p>Two senders park events there: EventBridge's dead-letter queue puts the event itself as the body (the failure
 * in message attributes), Lambda's on-failure destination an invocation record with the event as
 * {@code requestPayload}. Both are read.
 */
public final class ChangeDataCaptureReplay implements ParkedEventReplay {

    private static final Logger LOG = Logger.getLogger(ChangeDataCaptureReplay.class);
    /** Longer than one admin call may run (120 s), so a call never reads an event twice. */
    static final Duration HIDE_FOR = Duration.ofMinutes(2);
    static final int BATCH = 10;
    static final int MAX_PROBLEMS = 20;
    /** Reads in a row that brought only events counted already: what is visible now is only kept events. */
    static final int MAX_STALE_BATCHES = 3;

    private final ParkedEvents parked;
    private final ChangeDataCaptureIntake intake;
    private final NoticeQueue queue;
    private final ObjectMapper json;
    private final Duration hideFor;

    public ChangeDataCaptureReplay(ParkedEvents parked, ChangeDataCaptureIntake intake, NoticeQueue queue,
            ObjectMapper json) {
        this(parked, intake, queue, json, HIDE_FOR);
    }

    /** @param hideFor how long an event read stays hidden (tests shorten it to see kept events again) */
    ChangeDataCaptureReplay(ParkedEvents parked, ChangeDataCaptureIntake intake, NoticeQueue queue, ObjectMapper json,
            Duration hideFor) {
        this.parked = parked;
        this.intake = intake;
        this.queue = queue;
        this.json = json;
        this.hideFor = hideFor;
    }

    @Override
    public DeadLetters.Count count() {
        return parked.count();
    }

    @Override
    public Report replay(int maxEvents) {
        int replayed = 0;
        int notices = 0;
        int unparseable = 0;
        boolean complete = false;
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int staleBatches = 0;
        while (replayed + unparseable < maxEvents) {
            List<ParkedEvents.Parked> batch = parked.take(Math.min(BATCH, maxEvents - replayed - unparseable),
                    hideFor);
            if (batch.isEmpty()) {
                complete = true;
                break;
            }
            // Events whose hiding ran out during this call (kept ones, read again) were counted already.
            List<ParkedEvents.Parked> fresh = batch.stream().filter(event -> seen.add(event.id())).toList();
            if (fresh.isEmpty()) {
                if (++staleBatches == MAX_STALE_BATCHES) {
                    break;
                }
                continue;
            }
            staleBatches = 0;
            List<ChangeNotice> toQueue = new ArrayList<>();
            List<ParkedEvents.Parked> handled = new ArrayList<>();
            for (ParkedEvents.Parked event : fresh) {
                try {
                    toQueue.addAll(intake.toNotices(eventOf(event)).notices());
                    handled.add(event);
                } catch (Unreadable | ChangeDataCaptureIntake.Rejected e) {
                    unparseable++;
                    if (problems.size() < MAX_PROBLEMS) {
                        problems.add(event.id() + ": " + e.getMessage() + parkedBecause(event.attributes()));
                    }
                }
            }
            if (!toQueue.isEmpty()) {
                queue.enqueue(toQueue); // throws: this batch stays parked
            }
            if (!handled.isEmpty()) {
                parked.delete(handled);
            }
            replayed += handled.size();
            notices += toQueue.size();
        }
        DeadLetters.Count left = parked.count();
        LOG.infof("cdc-failed replay: %d events replayed (%d notices), %d unparseable, about %d left", replayed,
                notices, unparseable, left.waiting() + left.inFlight());
        return new Report(replayed, notices, unparseable, left.waiting() + left.inFlight(), complete,
                List.copyOf(problems));
    }

    /** The EventBridge event: the body itself, or a Lambda invocation record's requestPayload. */
    private EventBridgeEvent eventOf(ParkedEvents.Parked event) {
        JsonNode body;
        try {
            body = json.readTree(event.body());
        } catch (JsonProcessingException e) {
            throw new Unreadable("not JSON");
        }
        if (body != null && body.path("requestPayload").isObject() && body.path("requestContext").isObject()) {
            body = body.get("requestPayload");
        }
        if (body == null || !body.isObject() || !body.path("source").isTextual() || !body.path("detail").isObject()) {
            throw new Unreadable("not an EventBridge event (no source and detail)");
        }
        try {
            return json.treeToValue(body, EventBridgeEvent.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new Unreadable("not an EventBridge event");
        }
    }

    private static String parkedBecause(Map<String, String> attributes) {
        String code = attributes.get("ERROR_CODE");
        String message = attributes.get("ERROR_MESSAGE");
        if (code == null && message == null) {
            return "";
        }
        return " (parked after " + (code == null ? "" : code) + (code != null && message != null ? ": " : "")
                + (message == null ? "" : message) + ")";
    }

    private static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }
}
