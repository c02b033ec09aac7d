package io.crmsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

import io.crmsync.crm.Side;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.tenant.TenantScope;

/**
 * Handles one SQS batch of change notices: coalesces them per record, syncs each group in batches, and
 * names the messages to hand back to SQS — only those whose records hit a failure that may pass. Those are
 * kept away for a backoff that grows with each receive; messages that are not notices go straight to the
 * dead-letter queue with the reason, since no retry can fix them. Under a {@link Deadline} it starts no step the
 * time left cannot hold and re-queues what it did not start ({@link UnstartedWork}), so a batch bigger than one
 * invocation can sync is spread over several instead of timing out whole.
 */
public final class SyncWorker {

    private static final Logger LOG = Logger.getLogger(SyncWorker.class);
    /** Field names go into a poison message's reason; only names of this shape, so nothing else of the body does. */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,39}");

    private final ObjectMapper json;
    private final SyncEngine engine;
    private final java.util.function.Supplier<Map<String, Long>> callCounts;
    private final MessageDisposition queue;
    private final RetryBackoff backoff;
    private final int maxReceiveCount;
    private final SuspensionTracker suspensions;
    private final java.time.Clock clock;
    private final TenantScope tenantScope;
    private final ActivityNotices activities;
    private final UnstartedWork unstarted;
    private final Erasure erasure;
    /**
     * The slowest record time of the last invocation in this environment (an instance syncs one invocation at a
     * time): its first step is sized by it instead of guessing, which matters on a slow or loaded host.
     */
    private volatile double knownNanosPerRecord;

    /** SQS delivers a message at most 15 minutes later (DelaySeconds ≤ 900); longer pauses re-queue again. */
    static final java.time.Duration MAX_DEFERRAL = java.time.Duration.ofMinutes(15);
    /** A deferred notice never comes back sooner: a deferral chain cannot spin, even with a resume time now. */
    static final java.time.Duration MIN_DEFERRAL = java.time.Duration.ofSeconds(10);

    /**
     * The most times one notice is deferred; past it, it goes to the dead-letter queue with the reason (14 days'
     * retention, redrive from the admin API), so nothing is lost but the chain ends.
     *
     * <p>Why a bound, and why deferral may loop at all: a deferral re-sends the notice to the change queue, the
     * worker's own trigger. Lambda's recursive loop detection follows the X-Ray trace header through SQS and stops
     * invoking a function with an event that has passed the same Lambda→SQS→Lambda chain about 16 times; a day-long
     * suspension is ~96 deferrals (15 minutes each), so with detection on, notices would stop after ~4 hours of
     * pause and land in the dead-letter queue. template.yaml therefore sets {@code RecursiveLoop: Allow} on
     * SyncWorkerFunction, and this bound takes detection's place: the worker's only path back to its queue is this
     * deferral (the dead-letter queue triggers nothing), each deferral waits at least {@link #MIN_DEFERRAL}, and no
     * notice is deferred more than 1,000 times (≈ 10 days of 15-minute waits). Alternatives weighed: handing the
     * message back with a long visibility timeout (≤ 12 h) spends receives toward maxReceiveCount (5) and holds
     * the tenant's backlog in flight against SQS's 120,000 in-flight limit for the whole queue; parking notices in
     * a table or a second queue with a scheduled re-sender breaks the chain too but adds a function, a schedule and
     * their permissions; sending without the trace header hides the loop from Lambda instead of bounding it.
     */
    static final int MAX_DEFERRALS = 1000;

    /**
     * @param callCounts CRM calls so far per endpoint (the one door every call passes); each group's cost is
     *        logged with its tenant
     * @param queue delays retried messages and quarantines poison ones
     * @param maxReceiveCount the change queue's redrive maxReceiveCount: a message failing on that receive is
     *        left to the redrive policy, which moves it to the dead-letter queue on its next receive
     */
    public SyncWorker(ObjectMapper json, SyncEngine engine, java.util.function.Supplier<Map<String, Long>> callCounts,
            MessageDisposition queue, RetryBackoff backoff, int maxReceiveCount, SuspensionTracker suspensions,
            java.time.Clock clock, TenantScope tenantScope) {
        this(json, engine, ActivityNotices.NONE, callCounts, queue, backoff, maxReceiveCount, suspensions, clock,
                tenantScope);
    }

    /** @param activities syncs the notices about activities (Tasks, HubSpot engagements) */
    public SyncWorker(ObjectMapper json, SyncEngine engine, ActivityNotices activities,
            java.util.function.Supplier<Map<String, Long>> callCounts, MessageDisposition queue, RetryBackoff backoff,
            int maxReceiveCount, SuspensionTracker suspensions, java.time.Clock clock, TenantScope tenantScope) {
        this(json, engine, activities, callCounts, queue, backoff, maxReceiveCount, suspensions, clock, tenantScope,
                Erasure.unavailable());
    }

    /** @param erasure drops erased records' notices and carries out HubSpot's privacy deletions */
    public SyncWorker(ObjectMapper json, SyncEngine engine, ActivityNotices activities,
            java.util.function.Supplier<Map<String, Long>> callCounts, MessageDisposition queue, RetryBackoff backoff,
            int maxReceiveCount, SuspensionTracker suspensions, java.time.Clock clock, TenantScope tenantScope,
            Erasure erasure) {
        this.erasure = erasure;
        this.json = json;
        this.activities = activities;
        this.engine = engine;
        this.callCounts = callCounts;
        this.queue = queue;
        this.backoff = backoff;
        this.maxReceiveCount = maxReceiveCount;
        this.suspensions = suspensions;
        this.clock = clock;
        this.tenantScope = tenantScope;
        this.unstarted = new UnstartedWork(json, queue);
    }

    /** {@link #handle(List, Deadline)} without a deadline: the whole batch is synced. */
    public List<String> handle(List<QueuedMessage> batch) {
        return handle(batch, Deadline.NONE);
    }

    /**
     * Syncs the batch in steps of records of one group sized to the time left ({@link InvocationPace}), and starts
     * no step that would end inside the deadline's margin: what was not started is re-queued, not handed back.
     *
     * @return the ids of the messages to hand back to SQS (the partial batch failures)
     */
    public List<String> handle(List<QueuedMessage> batch, Deadline deadline) {
        InvocationPace pace = new InvocationPace(deadline, clock, knownNanosPerRecord);
        Map<String, QueuedMessage> received = new LinkedHashMap<>();
        List<MessageDisposition.Poison> poisons = new ArrayList<>();
        PendingWork work = new PendingWork();
        for (QueuedMessage message : batch) {
            received.put(message.messageId(), message);
            try {
                work.add(message.messageId(), read(message));
            } catch (NotANotice e) {
                LOG.errorf("message %s is not a change notice (%s); moving it to the dead-letter queue",
                        message.messageId(), e.getMessage());
                poisons.add(new MessageDisposition.Poison(message.messageId(), message.body(), message.receiveCount(),
                        e.getMessage()));
            }
        }
        Set<String> handBack = new LinkedHashSet<>();
        if (!poisons.isEmpty()) {
            Set<String> notQuarantined = queue.quarantine(poisons);
            if (!notQuarantined.isEmpty()) {
                // SQS's redrive policy moves them to the dead-letter queue after maxReceiveCount receives instead.
                LOG.warnf("%d poison messages could not be sent to the dead-letter queue; handing them back: %s",
                        notQuarantined.size(), notQuarantined);
                handBack.addAll(notQuarantined);
            }
        }
        Map<String, String> retryReasons = new LinkedHashMap<>();
        Map<String, java.time.Instant> deferred = new LinkedHashMap<>();
        for (PendingWork.Group group : work.groupsErasingFirst()) {
            try {
                GroupResult result = syncGroup(work, group, pace);
                result.retry().forEach(retryReasons::putIfAbsent);
                result.deferred().forEach((id, at) -> deferred.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
            } catch (RuntimeException e) {
                LOG.errorf(e, "tenant %s: syncing %s %s records failed; their messages will be retried",
                        group.tenantId(), group.source(), group.objectType());
                work.allMessagesOf(group).forEach(id -> retryReasons.putIfAbsent(id, e.getClass().getSimpleName()));
            }
        }
        // A message both deferred and to retry (records of two groups) is deferred: re-queued whole, it retries too.
        deferred.keySet().forEach(retryReasons::remove);
        handBack.addAll(defer(deferred, received));
        // Deferred or handed back, a message comes back whole, its records not started included.
        Set<String> settled = new java.util.HashSet<>(deferred.keySet());
        settled.addAll(retryReasons.keySet());
        settled.addAll(handBack);
        if (pace.slowestNanosPerRecord() > 0) {
            knownNanosPerRecord = pace.slowestNanosPerRecord();
        }
        unstarted.requeue(work, pace, received, settled)
                .forEach(id -> retryReasons.putIfAbsent(id, "not started before the deadline, not re-queued"));
        delay(retryReasons, received);
        handBack.addAll(retryReasons.keySet());
        return List.copyOf(handBack);
    }

    /** Until {@code resumeAt}, within what SQS can delay a message and no sooner than {@link #MIN_DEFERRAL}. */
    static java.time.Duration deferralDelay(java.time.Instant now, java.time.Instant resumeAt) {
        java.time.Duration wait = java.time.Duration.between(now, resumeAt);
        return wait.compareTo(MIN_DEFERRAL) < 0 ? MIN_DEFERRAL : wait.compareTo(MAX_DEFERRAL) > 0 ? MAX_DEFERRAL : wait;
    }

    /** Re-queues paused tenants' messages for when they may run; answers those that must be handed back. */
    private Set<String> defer(Map<String, java.time.Instant> deferred, Map<String, QueuedMessage> received) {
        if (deferred.isEmpty()) {
            return Set.of();
        }
        java.time.Instant now = clock.instant();
        List<MessageDisposition.Deferral> deferrals = new ArrayList<>();
        List<MessageDisposition.Poison> overdue = new ArrayList<>();
        deferred.forEach((messageId, resumeAt) -> {
            QueuedMessage message = received.get(messageId);
            int before = message.deferrals();
            if (before >= MAX_DEFERRALS) {
                overdue.add(new MessageDisposition.Poison(messageId, message.body(), message.receiveCount(),
                        "sync paused: deferred " + before + " times, the most a notice waits; redrive it when the "
                                + "tenant syncs again"));
            } else {
                deferrals.add(new MessageDisposition.Deferral(messageId, message.body(), deferralDelay(now, resumeAt),
                        before + 1));
            }
        });
        Set<String> notDeferred = new LinkedHashSet<>(deferrals.isEmpty() ? Set.of() : queue.defer(deferrals));
        if (!overdue.isEmpty()) {
            LOG.errorf("%d notices deferred %d times already; moving them to the dead-letter queue", overdue.size(),
                    MAX_DEFERRALS);
            notDeferred.addAll(queue.quarantine(overdue));
        }
        if (!notDeferred.isEmpty()) {
            LOG.warnf("%d of %d deferred messages could not be re-queued; handing them back: %s", notDeferred.size(),
                    deferrals.size(), notDeferred);
        }
        LOG.infof("%d messages deferred (sync paused) until up to %s", deferrals.size() - notDeferred.size(),
                deferred.values().stream().max(java.time.Instant::compareTo).orElse(now));
        return notDeferred;
    }

    /** Keeps each retried message away for its backoff; those on their last receive are left to the redrive. */
    private void delay(Map<String, String> retryReasons, Map<String, QueuedMessage> received) {
        List<MessageDisposition.Delay> delays = new ArrayList<>();
        retryReasons.forEach((messageId, reason) -> {
            QueuedMessage message = received.get(messageId);
            int receiveCount = message.receiveCount();
            if (receiveCount >= maxReceiveCount) {
                LOG.errorf("message %s still fails after %d receives (%s); SQS's redrive policy moves it to the "
                        + "dead-letter queue", messageId, receiveCount, reason);
                return;
            }
            delays.add(new MessageDisposition.Delay(messageId, message.receiptHandle(), backoff.delayAfter(receiveCount)));
        });
        if (delays.isEmpty()) {
            return;
        }
        Set<String> notDelayed = queue.delay(delays);
        if (!notDelayed.isEmpty()) {
            // Still handed back: they return after the queue's default visibility timeout instead.
            LOG.warnf("%d of %d retried messages keep the queue's default visibility: %s", notDelayed.size(),
                    delays.size(), notDelayed);
        }
    }

    /**
     * @throws NotANotice with a reason made of fixed words and field names only: it is stored with the message,
     *         and the body may hold personal data
     */
    private ChangeNotice read(QueuedMessage message) throws NotANotice {
        if (message.body() == null || message.body().isBlank()) {
            throw new NotANotice("empty body");
        }
        try {
            JsonNode tree = json.readTree(message.body());
            if (tree == null || !tree.isObject()) {
                throw new NotANotice("not a change notice object");
            }
            // The version first: a notice of another version may be shaped differently, and that is its reason.
            JsonNode version = tree.path("version");
            if (version.isMissingNode() || version.isNull()) {
                throw new NotANotice("missing version");
            }
            if (!version.isInt() || version.intValue() != ChangeNotice.CURRENT_VERSION) {
                throw new NotANotice(version.isInt() ? "unsupported notice version " + version.intValue()
                        : "invalid version");
            }
            return json.treeToValue(tree, ChangeNotice.class);
        } catch (StreamReadException e) {
            throw new NotANotice("not JSON");
        } catch (ValueInstantiationException e) {
            // ChangeNotice's constructor names the missing field (Objects.requireNonNull).
            String field = e.getCause() == null ? null : e.getCause().getMessage();
            throw new NotANotice(field != null && FIELD_NAME.matcher(field).matches() ? "missing " + field
                    : "not a change notice");
        } catch (JsonMappingException e) {
            String field = fieldPath(e);
            throw new NotANotice(field.isEmpty() ? "not a change notice object" : "invalid " + field);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new NotANotice("not a change notice");
        }
    }

    private static String fieldPath(JsonMappingException e) {
        List<String> names = new ArrayList<>();
        for (JsonMappingException.Reference reference : e.getPath()) {
            String name = reference.getFieldName();
            if (name != null) {
                names.add(FIELD_NAME.matcher(name).matches() ? name : "?");
            }
        }
        return String.join(".", names);
    }

    /** A message whose body can never become a change notice, however often it is retried. */
    private static final class NotANotice extends Exception {
        NotANotice(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A group's messages to retry (each with why) and to defer (each until when). */
    private record GroupResult(Map<String, String> retry, Map<String, java.time.Instant> deferred) {
    }

    private GroupResult syncGroup(PendingWork work, PendingWork.Group group, InvocationPace pace) {
        Map<String, String> retry = new LinkedHashMap<>();
        Map<String, java.time.Instant> deferred = new LinkedHashMap<>();
        List<String> ids = List.copyOf(work.recordIds(group));
        if (ids.isEmpty()) {
            // A gap or overflow notice without ids: the scheduled reconciler repairs these.
            LOG.infof("tenant %s: %s %s notice without record ids left to reconciliation", group.tenantId(),
                    group.source(), group.objectType());
            return new GroupResult(retry, deferred);
        }
        boolean fromHubSpot = group.source() == ChangeNotice.SourceSystem.HUBSPOT;
        boolean activity = activities.handles(fromHubSpot, group.objectType());
        if (activity && group.deletions()) {
            // Deleting an activity in one CRM leaves its copy in the other, as HubSpot's connector does.
            LOG.infof("tenant %s: %s %s deletions are not synced", group.tenantId(), group.source(),
                    group.objectType());
            return new GroupResult(retry, deferred);
        }
        for (int from = 0, size; (size = pace.nextStep(ids.size() - from)) > 0; from += size) {
            List<String> step = ids.subList(from, from + size);
            java.time.Instant started = pace.start(group, step);
            try {
                syncStep(work, group, activity, step, retry, deferred);
            } catch (RuntimeException e) {
                LOG.errorf(e, "tenant %s: syncing %s %s records failed; their messages will be retried",
                        group.tenantId(), group.source(), group.objectType());
                step.forEach(id -> work.messagesFor(group, id)
                        .forEach(m -> retry.putIfAbsent(m, e.getClass().getSimpleName())));
            }
            pace.finished(started, step.size());
        }
        return new GroupResult(retry, deferred);
    }

    private void syncStep(PendingWork work, PendingWork.Group group, boolean activity, List<String> ids,
            Map<String, String> retry, Map<String, java.time.Instant> deferred) {
        Map<String, Long> before = callCounts.get();
        boolean fromHubSpot = group.source() == ChangeNotice.SourceSystem.HUBSPOT;
        Map<String, RecordOutcome> outcomes = tenantScope.on(group.tenantId(), () -> activity
                ? activities.sync(group.tenantId(), fromHubSpot, group.objectType(), ids)
                : erasure.step(group.tenantId(), fromHubSpot ? Side.HUBSPOT : Side.SALESFORCE, group.objectType(),
                        ids, work.privacyDeletions(group), group.deletions(), step -> group.deletions()
                        ? (fromHubSpot ? engine.deletedInHubSpot(group.tenantId(), group.objectType(), step)
                                : engine.deletedInSalesforce(group.tenantId(), group.objectType(), step))
                        : fromHubSpot ? engine.fromHubSpot(group.tenantId(), group.objectType(), step)
                                : engine.fromSalesforce(group.tenantId(), group.objectType(), step)));
        suspensions.note(group.tenantId(), outcomes.values());
        outcomes.forEach((recordId, outcome) -> {
            if (outcome.status() == RecordOutcome.Status.DEFERRED) {
                work.messagesFor(group, recordId).forEach(id -> deferred.merge(id, outcome.resumeAt(),
                        (a, b) -> a.isAfter(b) ? a : b));
            } else if (outcome.needsRetry()) {
                String why = outcome.detail() == null || outcome.detail().isEmpty() ? "retryable failure"
                        : outcome.detail();
                work.messagesFor(group, recordId).forEach(id -> retry.putIfAbsent(id, why));
            }
        });
        LOG.infof("tenant %s: %s %s%s: %s; CRM calls %s", group.tenantId(), group.source(), group.objectType(),
                group.deletions() ? " deletions" : "", summary(outcomes), callsBetween(before, callCounts.get()));
    }

    private static Map<String, Long> callsBetween(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> delta = new java.util.TreeMap<>();
        after.forEach((endpoint, count) -> {
            long made = count - before.getOrDefault(endpoint, 0L);
            if (made > 0) {
                delta.put(endpoint, made);
            }
        });
        return delta;
    }

    private static String summary(Map<String, RecordOutcome> outcomes) {
        Map<RecordOutcome.Status, Long> counts = new java.util.EnumMap<>(RecordOutcome.Status.class);
        outcomes.values().forEach(o -> counts.merge(o.status(), 1L, Long::sum));
        return counts.toString();
    }
}
