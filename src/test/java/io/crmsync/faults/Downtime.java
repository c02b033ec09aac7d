package io.crmsync.faults;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.crmsync.localaws.LocalAws;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.FaultInjector.Settings;

/**
 * (e) Each CRM in turn down for "2 hours of sandbox time" — every call answered 503 — while every record keeps
 * changing on both sides; then it is back. Two hours of wall time would not fit the suite, so the deployment runs
 * with its time constants divided by {@code faults.downtime.scale} (60 unless told: breaker cool-downs, the in-call
 * retries' waits, the queue's retry backoff, floored at SQS's one second) and each outage lasts 2 h / scale of wall
 * time (2 minutes at 60). Not scaled: the worker's shortest deferral (10 s, so 10 "minutes"), SQS, and the sandboxes'
 * own retries of webhooks and Outbound Messages, which keep running as they do.
 *
 * <p>{@code -Dfaults.downtime.breaker=false} runs the same scenario without the breaker and the in-call retries (the
 * code before them): notices then burn their five receives during the outage and end in the dead-letter queue.
 */
final class Downtime {

    static final int SCALE = Integer.getInteger("faults.downtime.scale", 60);
    static final Duration SANDBOX_OUTAGE = Duration.ofHours(2);
    static final boolean BREAKER = Boolean.parseBoolean(System.getProperty("faults.downtime.breaker", "true"));
    /**
     * After the last change: the notices deferred during the outages (three intake routes per change, re-sent every
     * 10 s or more) drain after both CRMs are back, as in the outage scenario (540 s).
     */
    static final int TIMEOUT_SECONDS = Integer.getInteger("faults.downtime.timeout.seconds", 540);

    private Downtime() {
    }

    static Outcome run(LocalAws aws) {
        Duration outage = SANDBOX_OUTAGE.dividedBy(SCALE);
        // A change on both sides every 20 "minutes" of sandbox time, through both outages.
        Duration every = Duration.ofMinutes(20).dividedBy(SCALE);
        int rounds = (int) (outage.multipliedBy(2).toMillis() / every.toMillis());
        String description = String.format("%d contacts from HubSpot and %d Leads from Salesforce synced; then HubSpot, "
                + "then Salesforce, down for 2 h of sandbox time each (every call answered 503), time compressed %dx "
                + "(so %d s of wall time each; cool-downs, retry waits and backoff scaled alike), every record changing "
                + "on both sides every 20 sandbox minutes (%d rounds); then both back%s", Scenarios.RECORDS,
                Scenarios.LEADS, SCALE, outage.toSeconds(), rounds, BREAKER ? "" : "; WITHOUT the breaker and retries");
        try (FaultStack stack = FaultStack.start(aws, "downtime", 2, Optional.empty(), List.of(), settings())) {
            Ledger ledger = new Ledger();
            Pairs pairs = Pairs.create(stack, ledger, "e");
            Convergence.awaitIdle(stack, Duration.ofSeconds(Scenarios.TIMEOUT_SECONDS));
            stack.resetCounters();
            AtomicInteger mostDeferred = new AtomicInteger();
            Thread changes = new Thread(() -> pairs.change(stack, ledger, rounds, every), "downtime-changes");
            changes.start();
            try {
                for (FaultInjector crm : List.of(stack.hubSpot().faults(), stack.salesforce().faults())) {
                    crm.configure(new Settings(Scenarios.SEED, 1.0, List.of(503), Duration.ZERO, 0, 0));
                    long end = System.nanoTime() + outage.toNanos();
                    while (System.nanoTime() < end) {
                        mostDeferred.accumulateAndGet(stack.delayed("ChangeQueue"), Math::max);
                        Convergence.sleep(1000);
                    }
                    crm.configure(Settings.none());
                }
                changes.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                stack.hubSpot().faults().configure(Settings.none());
                stack.salesforce().faults().configure(Settings.none());
            }
            System.out.printf("faults: downtime: at most %d notices deferred at once during the outages; DLQ %d%n",
                    mostDeferred.get(), stack.changeDlqDepth());
            return Convergence.await("downtime", description + String.format("; up to %d notices deferred at once",
                    mostDeferred.get()), stack, ledger, Duration.ofSeconds(TIMEOUT_SECONDS));
        }
    }

    /** The deployment's time constants divided by the scale; without the breaker, neither it nor retries. */
    static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("crmsync.breaker.cool-down", Duration.ofSeconds(30).dividedBy(SCALE).toString());
        settings.put("crmsync.breaker.max-cool-down", Duration.ofMinutes(5).dividedBy(SCALE).toString());
        settings.put("crmsync.retry.base-delay", max(Duration.ofMillis(200).dividedBy(SCALE), Duration.ofMillis(1)));
        settings.put("crmsync.retry.max-delay", max(Duration.ofSeconds(2).dividedBy(SCALE), Duration.ofMillis(1)));
        settings.put("crmsync.retry.max-retry-after", max(Duration.ofSeconds(5).dividedBy(SCALE), Duration.ofMillis(1)));
        // SQS counts visibility in whole seconds.
        settings.put("crmsync.worker.retry-backoff", max(Duration.ofSeconds(30).dividedBy(SCALE), Duration.ofSeconds(1)));
        if (!BREAKER) {
            settings.put("crmsync.breaker.failure-threshold", Integer.toString(Integer.MAX_VALUE));
            settings.put("crmsync.retry.max-retries", "0");
        }
        return settings;
    }

    private static String max(Duration a, Duration b) {
        return (a.compareTo(b) >= 0 ? a : b).toString();
    }
}
