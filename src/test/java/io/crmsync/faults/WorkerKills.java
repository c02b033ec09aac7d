package io.crmsync.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.FunctionInstance;
import io.crmsync.locallambda.LocalFunctions;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The worker process killed with SIGKILL at random points while records are created and changed on both sides.
 * Half the kills are aimed just after crmsync's own CRM write (seen in the sandboxes' call counters), so they fall
 * between that write and the link write or the SQS delete; the other half at a random point of an invocation (a
 * uniform share of the invocation time measured so far). The local runtime then does what Lambda does: the
 * invocation fails (Runtime.ExitError), a fresh process takes the slot (a cold start) and the batch comes back
 * after the queue's visibility timeout.
 *
 * <p>The change queue's visibility timeout is lowered from 360 s to 60 s for this scenario only (the function's
 * own Timeout, the least AWS accepts for an event source of a 60 s function): with 360 s the last killed batch
 * alone would add six minutes to the run. It is set back afterwards.
 */
final class WorkerKills {

    /** Kills to make at least; changes continue in rounds until they are made. */
    static final int KILLS = Integer.getInteger("faults.kills", 55);
    /** Rounds of changes at most, whatever the kills. */
    static final int MAX_ROUNDS = Integer.getInteger("faults.kills.rounds", 40);
    /** A round of changes waits at most this long for the last one to sync. */
    static final int ROUND_SECONDS = Integer.getInteger("faults.kills.round.seconds", 45);
    static final int VISIBILITY_SECONDS = Integer.getInteger("faults.kills.visibility.seconds", 60);
    /** A batch is killed only while none of its messages has been received more often than this. */
    static final int MAX_KILLS_PER_MESSAGE = 2;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** An aimed kill falls within this many milliseconds after a CRM write was seen. */
    static final int AIM_SPREAD_MILLIS = 25;

    private WorkerKills() {
    }

    static Outcome run(LocalAws aws) {
        String description = String.format("%d contacts created in HubSpot and %d Leads in Salesforce, then rounds "
                + "of changes on both sides while the sync-worker process is killed (SIGKILL) at least %d times, half "
                + "just after a CRM write by crmsync, half at a random point of an invocation; 2 worker instances; "
                + "ChangeQueue visibility timeout %d s for this scenario", Scenarios.RECORDS, Scenarios.LEADS, KILLS,
                VISIBILITY_SECONDS);
        String queueUrl = aws.queueUrl("ChangeQueue");
        String deployed = aws.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes()
                .get(QueueAttributeName.VISIBILITY_TIMEOUT);
        setVisibility(aws, queueUrl, Integer.toString(VISIBILITY_SECONDS));
        try (FaultStack stack = FaultStack.start(aws, "kills", 2, Optional.empty());
                Killer killer = new Killer(stack, new Random(Scenarios.SEED))) {
            Ledger ledger = new Ledger();
            killer.start();
            Pairs pairs = Pairs.create(stack, ledger, "k");
            int rounds = 0;
            while (rounds < MAX_ROUNDS && killer.kills() < KILLS) {
                rounds++;
                pairs.change(stack, ledger, 1, Duration.ZERO);
                awaitIdleOrPause(stack, Duration.ofSeconds(ROUND_SECONDS));
            }
            killer.stop();
            Outcome outcome = Convergence.await("kills", description + "; " + rounds + " rounds", stack, ledger,
                    Duration.ofSeconds(Scenarios.TIMEOUT_SECONDS));
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("kills", killer.kills());
            figures.put("kills_after_crm_write", killer.aimedKills());
            figures.put("invocations", stack.events().invocations());
            figures.put("failed_invocations", stack.events().failedInvocations());
            figures.put("rounds", (long) rounds);
            System.out.printf("faults: kills: %d kills (%d just after a CRM write), %d invocations, %d failed%n",
                    killer.kills(), killer.aimedKills(), stack.events().invocations(),
                    stack.events().failedInvocations());
            return killer.kills() < KILLS
                    ? outcome.failedBecause("only " + killer.kills() + " kills made of " + KILLS, figures)
                    : outcome.withFigures(figures);
        } finally {
            setVisibility(aws, queueUrl, deployed);
        }
    }

    /** The next round once the last one is synced, or after {@code most} (killed batches wait for visibility). */
    private static void awaitIdleOrPause(FaultStack stack, Duration most) {
        long deadline = System.nanoTime() + most.toNanos();
        Convergence.sleep(2000);
        while (!stack.idle() && System.nanoTime() < deadline) {
            Convergence.sleep(500);
        }
    }

    private static void setVisibility(LocalAws aws, String queueUrl, String seconds) {
        aws.sqs().setQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, seconds)));
    }

    /** A thread that kills a busy worker instance, waits for its replacement to poll, and does it again. */
    private static final class Killer implements AutoCloseable {

        private final FaultStack stack;
        private final Random random;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong kills = new AtomicLong();
        private final AtomicLong aimed = new AtomicLong();
        private final Thread thread;
        /** Per slot: System.nanoTime() when its current invocation was first seen running, or 0. */
        private final Map<Integer, Long> busySince = new java.util.HashMap<>();
        private long invocationNanos;
        private long invocationsTimed;

        Killer(FaultStack stack, Random random) {
            this.stack = stack;
            this.random = random;
            this.thread = new Thread(this::killRepeatedly, "worker-killer");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        long kills() {
            return kills.get();
        }

        long aimedKills() {
            return aimed.get();
        }

        private void killRepeatedly() {
            long attempts = 0;
            while (running.get()) {
                boolean aim = attempts++ % 2 == 0;
                Optional<Integer> slot = aim ? afterCrmWrite() : atRandomPoint();
                if (slot.isEmpty()) {
                    continue;
                }
                FunctionInstance victim = stack.worker().instances().get(slot.get());
                victim.crash();
                kills.incrementAndGet();
                if (aim) {
                    aimed.incrementAndGet();
                }
                awaitReplaced(slot.get(), victim);
                // Let the fresh instance take some work before the next kill.
                pause(1000 + random.nextInt(2000));
            }
        }

        /** A busy slot just after crmsync wrote to either CRM, or empty if none came within a few seconds. */
        private Optional<Integer> afterCrmWrite() {
            long before = crmWrites();
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (running.get() && System.nanoTime() < deadline) {
                if (crmWrites() > before) {
                    pause(random.nextInt(AIM_SPREAD_MILLIS));
                    return anyBusy();
                }
                pause(2);
            }
            return Optional.empty();
        }

        /** A slot busy for a random share of the invocation time measured so far. */
        private Optional<Integer> atRandomPoint() {
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            long average = invocationsTimed == 0 ? 2_000_000_000L : invocationNanos / invocationsTimed;
            long target = (long) (random.nextDouble() * average);
            while (running.get() && System.nanoTime() < deadline) {
                long now = System.nanoTime();
                watchInvocations(now);
                Set<Integer> killable = killable();
                for (Map.Entry<Integer, Long> busy : busySince.entrySet()) {
                    if (busy.getValue() > 0 && now - busy.getValue() >= target && killable.contains(busy.getKey())) {
                        return Optional.of(busy.getKey());
                    }
                }
                pause(2);
            }
            return Optional.empty();
        }

        /** Keeps the start of each slot's current invocation, and times those that ended. */
        private void watchInvocations(long now) {
            Set<Integer> busy = stack.worker().api().busySlots();
            for (int slot = 0; slot < stack.worker().instances().size(); slot++) {
                long since = busySince.getOrDefault(slot, 0L);
                if (busy.contains(slot) && since == 0) {
                    busySince.put(slot, now);
                } else if (!busy.contains(slot) && since > 0) {
                    invocationNanos += now - since;
                    invocationsTimed++;
                    busySince.put(slot, 0L);
                }
            }
        }

        private Optional<Integer> anyBusy() {
            List<Integer> busy = new ArrayList<>(killable());
            return busy.isEmpty() ? Optional.empty() : Optional.of(busy.get(random.nextInt(busy.size())));
        }

        /**
         * The busy slots whose batch holds no message received {@link #MAX_KILLS_PER_MESSAGE} times already. A
         * message killed five times goes to the dead-letter queue by the queue's redrive policy, as in AWS, where
         * that marks a message that crashes the worker; random kills at this density would otherwise hit the same
         * backlog again and again, which no real failure rate does.
         */
        private Set<Integer> killable() {
            Set<Integer> slots = new java.util.HashSet<>();
            stack.worker().api().running().forEach((slot, event) -> {
                if (maxReceiveCount(event) <= MAX_KILLS_PER_MESSAGE) {
                    slots.add(slot);
                }
            });
            return slots;
        }

        private static int maxReceiveCount(byte[] event) {
            try {
                int max = 0;
                for (com.fasterxml.jackson.databind.JsonNode record : JSON.readTree(event).path("Records")) {
                    max = Math.max(max, record.path("attributes").path("ApproximateReceiveCount").asInt(1));
                }
                return max;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** Writes crmsync made to either CRM: HubSpot's batch create/update/upsert, Salesforce's collections. */
        private long crmWrites() {
            return writes(stack.hubSpot().callCounts()) + writes(stack.salesforce().callCounts());
        }

        private static long writes(Map<String, Long> counts) {
            return counts.entrySet().stream().filter(e -> e.getKey().contains("/batch/create")
                    || e.getKey().contains("/batch/update") || e.getKey().contains("/batch/upsert")
                    || e.getKey().contains("/composite/sobjects")).mapToLong(Map.Entry::getValue).sum();
        }

        /** Until a fresh instance polls in the killed one's slot (its cold start done). */
        private void awaitReplaced(int slot, FunctionInstance victim) {
            busySince.put(slot, 0L);
            LocalFunctions.Function worker = stack.worker();
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < deadline) {
                FunctionInstance current = worker.instances().get(slot);
                if (current != victim && current.isAlive()
                        && worker.api().idleInstances() + worker.api().busySlots().size() >= worker.instances().size()) {
                    return;
                }
                pause(20);
            }
            throw new IllegalStateException("worker slot " + slot + " was not replaced within 90 s after a kill");
        }

        void stop() {
            running.set(false);
            try {
                thread.join(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            stop();
        }
    }
}
