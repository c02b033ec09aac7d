package io.crmsync.ingest;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

/**
 * What the doors do with {@link SeenDeliveries}: look a request's deliveries up before enqueuing, so those already
 * enqueued are not enqueued again, and record them only after the enqueue succeeded. The order is what keeps
 * "nothing lost": a delivery is recorded only once it is on the queue, and a failure to record costs at most a
 * later duplicate notice. Two copies arriving at the same moment (both looked up before either is recorded) are
 * both enqueued: claiming ids before the enqueue would close that gap only by risking a claimed id whose enqueue
 * failed, i.e. a loss, for what is at worst a duplicate hint.
 *
 * <p>When the memory cannot answer, the door <em>fails open</em>: it enqueues as if nothing were seen and logs a
 * warning (ids and counts only). A notice is a hint and the worker is idempotent (it re-reads the record and writes
 * nothing when nothing changed), so a duplicate costs a little work; failing closed would turn an outage of this
 * table into refused deliveries and, past the senders' 24 hours of retries, lost changes. When the lookup failed,
 * recording is skipped for that request: the table is most likely down, and a second timeout would only bring the
 * door closer to its Lambda timeout.
 */
final class ReplayWindow {

    private static final Logger LOG = Logger.getLogger(ReplayWindow.class);

    /** A request's lookup: the deliveries already enqueued, and whether the memory answered at all. */
    record Lookup(Set<SeenDeliveries.Delivery> seen, boolean answered) {
        boolean alreadyEnqueued(SeenDeliveries.Delivery delivery) {
            return seen.contains(delivery);
        }
    }

    private final SeenDeliveries seen;
    private final String door;

    ReplayWindow(SeenDeliveries seen, String door) {
        this.seen = seen;
        this.door = door;
    }

    Lookup lookUp(Collection<SeenDeliveries.Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return new Lookup(Set.of(), true);
        }
        try {
            return new Lookup(seen.seen(deliveries), true);
        } catch (SeenDeliveries.UnavailableException e) {
            LOG.warnf("%s: the replay window cannot answer (%s); enqueuing all %d deliveries, replays included",
                    door, StoreOutage.describe(e), deliveries.size());
            return new Lookup(Set.of(), false);
        }
    }

    /** After the enqueue succeeded: remembers the enqueued deliveries, unless this request's lookup failed. */
    void enqueued(Lookup lookup, List<SeenDeliveries.Delivery> deliveries) {
        if (deliveries.isEmpty() || !lookup.answered()) {
            return;
        }
        try {
            seen.record(deliveries);
        } catch (SeenDeliveries.UnavailableException e) {
            LOG.warnf("%s: %d enqueued deliveries not recorded in the replay window (%s); a re-sent one will be"
                    + " enqueued again", door, deliveries.size(), StoreOutage.describe(e));
        }
    }
}
