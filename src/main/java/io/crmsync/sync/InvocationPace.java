package io.crmsync.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One invocation's steps against its {@link Deadline}: which records were started, and whether the next step may
 * start. Once a step is refused, no later one starts either (what is left is re-queued in one go, in order).
 *
 * <p>The first step always starts, whatever the time left: every invocation then syncs something, so re-queued
 * work shrinks from one invocation to the next and cannot circle the queue for ever. Should that one step outlast
 * the deadline, the batch comes back through the queue's visibility timeout, as any timed-out batch does.
 */
final class InvocationPace {

    /**
     * Records per step. A multiple of every CRM batch the engine cuts the ids into (Salesforce SOQL 300 ids,
     * sObject Collections 200, HubSpot batch 100), so a group cut into steps costs the same read calls as the
     * group whole; small enough to finish inside the margin: at the 12 ms per record measured locally for a
     * bulk change (5,600 records in 69 s), 600 records take about 7 s of the 12 s margin.
     */
    static final int STEP_RECORDS = 600;

    private final Deadline deadline;
    private final Clock clock;
    private final Map<PendingWork.Group, Set<String>> started = new HashMap<>();
    private Duration slowestStep = Duration.ZERO;
    private boolean anyStarted;
    private boolean stopped;

    InvocationPace(Deadline deadline, Clock clock) {
        this.deadline = deadline;
        this.clock = clock;
    }

    /** Whether the next step may start now; false from the first refusal on. */
    boolean mayStart() {
        if (stopped) {
            return false;
        }
        if (!anyStarted || deadline.allowsStep(clock.instant(), slowestStep)) {
            return true;
        }
        stopped = true;
        return false;
    }

    /** Notes a step's records as started; answers when, for {@link #finished}. */
    Instant start(PendingWork.Group group, Collection<String> recordIds) {
        anyStarted = true;
        started.computeIfAbsent(group, g -> new HashSet<>()).addAll(recordIds);
        return clock.instant();
    }

    void finished(Instant startedAt) {
        Duration took = Duration.between(startedAt, clock.instant());
        if (took.compareTo(slowestStep) > 0) {
            slowestStep = took;
        }
    }

    boolean stopped() {
        return stopped;
    }

    Duration left() {
        return deadline.left(clock.instant());
    }

    /** The ids among {@code recordIds} (a notice's, of {@code group}) that no step started, in their order. */
    List<String> notStarted(PendingWork.Group group, List<String> recordIds) {
        Set<String> done = started.getOrDefault(group, Set.of());
        return recordIds.stream().filter(id -> !done.contains(id)).toList();
    }
}
