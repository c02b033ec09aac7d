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
 * One invocation's steps against its {@link Deadline}: how many records the next step takes, and which records
 * were started. Once a step is refused, no later one starts either (what is left is re-queued in one go, in order).
 *
 * <p>Step sizes follow the time a record took so far, since it varies fortyfold (12 ms a record locally on an idle
 * machine, over 100 ms on a loaded one, about 450 ms with a quarter of a core; in AWS each record's DynamoDB writes
 * take milliseconds): each step takes as many records as fit, at half as long again as the slowest record time
 * known, between now and the deadline's margin. The time known is this invocation's, else the previous one's in
 * the same environment ({@link #slowestNanosPerRecord()}, kept by the worker); the first step of a fresh
 * environment, knowing nothing, takes {@link #FIRST_STEP_RECORDS}. Sizes are multiples of the CRM batches the
 * engine cuts ids into (HubSpot 100, sObject Collections 200, SOQL 300: multiples of 600 where they fit, else of
 * 100), so cutting a group into steps costs few or no extra calls.
 *
 * <p>The first step always starts, whatever the time left, with at least one record: every invocation then syncs
 * something, so re-queued work shrinks from one invocation to the next and cannot circle the queue for ever.
 * Should that one step outlast the deadline, the batch comes back through the queue's visibility timeout, as any
 * timed-out batch does.
 */
final class InvocationPace {

    /**
     * The first step of a fresh environment, before any record time is known: 100 records took 46 s with a quarter
     * of a core on a loaded machine, inside a 60 s timeout's 48 s before the margin.
     */
    static final int FIRST_STEP_RECORDS = 100;
    static final int ALIGNED_RECORDS = 600;
    static final int SMALLEST_STEP_RECORDS = 100;

    private final Deadline deadline;
    private final Clock clock;
    private final Map<PendingWork.Group, Set<String>> started = new HashMap<>();
    private double slowestNanosPerRecord;
    private boolean anyStarted;
    private boolean stopped;

    InvocationPace(Deadline deadline, Clock clock) {
        this(deadline, clock, 0);
    }

    /** @param knownNanosPerRecord the slowest record time of the previous invocation here; 0 when none */
    InvocationPace(Deadline deadline, Clock clock, double knownNanosPerRecord) {
        this.deadline = deadline;
        this.clock = clock;
        this.slowestNanosPerRecord = knownNanosPerRecord;
    }

    /** How many of the {@code remaining} records of a group the next step takes; 0: stop here. */
    int nextStep(int remaining) {
        if (stopped || remaining == 0) {
            return 0;
        }
        if (deadline.equals(Deadline.NONE)) {
            return remaining;
        }
        if (!anyStarted && slowestNanosPerRecord == 0) {
            return Math.min(remaining, FIRST_STEP_RECORDS);
        }
        Duration available = deadline.left(clock.instant()).minus(deadline.margin());
        long fit = available.isNegative() ? 0
                : (long) (available.toMillis() * 1e6 / (Math.max(1, slowestNanosPerRecord) * 1.5));
        long size = fit >= remaining ? remaining
                : fit >= ALIGNED_RECORDS ? fit / ALIGNED_RECORDS * ALIGNED_RECORDS
                : fit / SMALLEST_STEP_RECORDS * SMALLEST_STEP_RECORDS;
        if (!anyStarted) {
            // The first step starts whatever the estimate says, as small as it says: progress, inside the time.
            return (int) Math.min(remaining, Math.max(1, size == 0 ? fit : size));
        }
        if (size == 0) {
            stopped = true;
            return 0;
        }
        return (int) Math.min(remaining, size);
    }

    /** Notes a step's records as started; answers when, for {@link #finished}. */
    Instant start(PendingWork.Group group, Collection<String> recordIds) {
        anyStarted = true;
        started.computeIfAbsent(group, g -> new HashSet<>()).addAll(recordIds);
        return clock.instant();
    }

    /**
     * Notes a step's time per record. A step of fewer than {@link #SMALLEST_STEP_RECORDS} records counts as that
     * many: its time is mostly its fixed calls (a read per side, the owners), which a bigger step pays once too.
     */
    void finished(Instant startedAt, int records) {
        double perRecord = (double) Duration.between(startedAt, clock.instant()).toNanos()
                / Math.max(SMALLEST_STEP_RECORDS, records);
        slowestNanosPerRecord = Math.max(slowestNanosPerRecord, perRecord);
    }

    /** The slowest record time seen, for the next invocation in this environment; 0 when no step finished. */
    double slowestNanosPerRecord() {
        return slowestNanosPerRecord;
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
