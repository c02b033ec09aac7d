package io.crmsync.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.bench.LiveAndEchoBenchmark.Direction;
import io.crmsync.deploy.SamTemplate;
import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;

/**
 * Change-to-visible latency on a whole local deployment (function.zip under the Lambda runtime interface client,
 * two worker instances behind the SQS event source, batch 100; HubSpot webhooks; Salesforce CDC): a contact's
 * jobtitle changed in the HubSpot sandbox until the Lead's Title holds it, and a Lead's Title changed in the
 * Salesforce sandbox until the contact's jobtitle holds it, timed from the sandbox write (Java API, as a person in
 * the UI) to the first poll of the other sandbox's Java API that sees the value (every few ms).
 *
 * <p>Changes arrive as live traffic does, at a steady rate whether or not earlier ones are done (one every 250 ms,
 * alternating directions), each on a record with no change of its own in flight. The first ones warm the
 * functions up and are not counted.
 *
 * <p>What adds delay, as deployed: the event source's batching window, read from template.yaml
 * (MaximumBatchingWindowInSeconds; a notice waits up to that long for others to fill its batch), which dominates.
 * SQS long polling returns as soon as a notice arrives, and the visibility timeout only matters for a failed
 * batch (none here). The sandboxes send at once: HubSpot webhooks after a 25 ms batching window, CDC events and
 * Outbound Messages on commit; real CRMs take longer, which this does not model.
 */
public final class ChangeToVisibleBenchmark {

    static final int WORKER_INSTANCES = 2;
    static final Duration INTERVAL = Duration.ofMillis(250);
    static final int WARM_UP = 20;
    /** Records per direction: enough that a record's earlier change is always done before it is changed again. */
    static final int PAIRS_PER_DIRECTION = 40;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    public record Latencies(int changes, double p50Millis, double p95Millis, double maxMillis) {

        static Latencies of(List<Double> millis) {
            double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return new Latencies(sorted.length, WebhookAckBenchmark.percentile(sorted, 50),
                    WebhookAckBenchmark.percentile(sorted, 95), WebhookAckBenchmark.percentile(sorted, 100));
        }
    }

    /**
     * @param batchingWindow the event source's batching window the run used
     * @param interval       time between two changes
     * @param maxInFlight    most changes made but not yet visible at one time
     */
    public record Result(Latencies hubSpotToSalesforce, Latencies salesforceToHubSpot, Latencies all,
            Duration batchingWindow, Duration interval, int workerInstances, int maxInFlight, double seconds) {
    }

    /** A change made and not yet seen on the other side; warm-up changes are not counted. */
    private record Pending(Direction direction, SyncedPair pair, String value, long writtenNanos, boolean counted) {
    }

    private ChangeToVisibleBenchmark() {
    }

    /** {@code changes} measured changes (plus the warm-up) with the batching window template.yaml deploys. */
    public static Result run(LocalAws aws, int changes) {
        return run(aws, changes, deployedBatchingWindow(), INTERVAL);
    }

    /** With another batching window (AWS allows 1–300 s with batches over 10) or rate of changes. */
    public static Result run(LocalAws aws, int changes, Duration batchingWindow, Duration interval) {
        SyncedPair.requireEmptyLinks(aws);
        Instant start = Instant.now();
        try (LocalDeployment deployment = LocalDeployment.start(aws, new LocalDeployment.Options(
                Path.of("target", "bench-latency"), 0, 0, 0, 0, WORKER_INSTANCES, batchingWindow,
                LocalDeployment.SalesforceChanges.CDC_ONLY))) {
            List<SyncedPair> pairs = SyncedPair.seed(aws, deployment, 2 * PAIRS_PER_DIRECTION, "latency");
            Map<Direction, Deque<SyncedPair>> idle = new EnumMap<>(Direction.class);
            idle.put(Direction.HUBSPOT_TO_SALESFORCE, new ArrayDeque<>(pairs.subList(0, PAIRS_PER_DIRECTION)));
            idle.put(Direction.SALESFORCE_TO_HUBSPOT, new ArrayDeque<>(pairs.subList(PAIRS_PER_DIRECTION,
                    pairs.size())));
            Map<Direction, List<Double>> millis = new EnumMap<>(Direction.class);
            Arrays.stream(Direction.values()).forEach(d -> millis.put(d, new ArrayList<>()));

            int total = WARM_UP + changes;
            List<Pending> pending = new ArrayList<>();
            int made = 0;
            int maxInFlight = 0;
            long begin = System.nanoTime();
            long deadline = begin + TIMEOUT.toNanos() + interval.toNanos() * total;
            while (made < total || !pending.isEmpty()) {
                if (made < total && System.nanoTime() >= begin + interval.toNanos() * made) {
                    Direction direction = made % 2 == 0 ? Direction.HUBSPOT_TO_SALESFORCE
                            : Direction.SALESFORCE_TO_HUBSPOT;
                    SyncedPair pair = idle.get(direction).poll();
                    if (pair != null) {
                        String value = "latency #" + made;
                        pending.add(change(deployment, direction, pair, value, made < WARM_UP));
                        made++;
                        maxInFlight = Math.max(maxInFlight, pending.size());
                    }
                }
                for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
                    Pending p = it.next();
                    if (LiveAndEchoBenchmark.visible(p.direction(), deployment, p.pair(), p.value())) {
                        long seenNanos = System.nanoTime();
                        it.remove();
                        idle.get(p.direction()).add(p.pair());
                        if (p.counted()) {
                            millis.get(p.direction()).add((seenNanos - p.writtenNanos()) / 1e6);
                        }
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("benchmark: " + pending.size() + " changes never became visible");
                }
                Settling.sleep(2);
            }
            List<Double> both = new ArrayList<>(millis.get(Direction.HUBSPOT_TO_SALESFORCE));
            both.addAll(millis.get(Direction.SALESFORCE_TO_HUBSPOT));
            return new Result(Latencies.of(millis.get(Direction.HUBSPOT_TO_SALESFORCE)),
                    Latencies.of(millis.get(Direction.SALESFORCE_TO_HUBSPOT)), Latencies.of(both), batchingWindow,
                    interval, WORKER_INSTANCES, maxInFlight, Duration.between(start, Instant.now()).toMillis() / 1000.0);
        }
    }

    /** Makes the change and notes when the sandbox had it. */
    private static Pending change(LocalDeployment deployment, Direction direction, SyncedPair pair, String value,
            boolean warmUp) {
        if (direction == Direction.HUBSPOT_TO_SALESFORCE) {
            deployment.hubSpot().updateContact(pair.contactId(), Map.of("jobtitle", value));
        } else {
            deployment.salesforce().update("Lead", pair.leadId(), Map.of("Title", value));
        }
        return new Pending(direction, pair, value, System.nanoTime(), !warmUp);
    }

    /** MaximumBatchingWindowInSeconds of the sync-worker's SQS event in template.yaml. */
    static Duration deployedBatchingWindow() {
        SamTemplate template = SamTemplate.load();
        for (Map.Entry<String, JsonNode> function : template.functions().entrySet()) {
            JsonNode export = template.environment(function.getKey()).get("QUARKUS_FUNQY_EXPORT");
            if (export != null && export.asText().equals("sync-worker")) {
                for (JsonNode event : function.getValue().path("Properties").path("Events")) {
                    if (event.path("Type").asText().equals("SQS")) {
                        return Duration.ofSeconds(event.path("Properties").path("MaximumBatchingWindowInSeconds")
                                .asLong(0));
                    }
                }
            }
        }
        throw new IllegalStateException("template.yaml gives sync-worker no SQS event source");
    }

    public static void main(String[] args) {
        LocalHttp.answerWithoutDelayedAcks();
        try (LocalAws aws = LocalAws.start()) {
            int changes = args.length > 0 ? Integer.parseInt(args[0]) : 200;
            Result r = args.length > 1 ? run(aws, changes, Duration.ofMillis(Long.parseLong(args[1])),
                    args.length > 2 ? Duration.ofMillis(Long.parseLong(args[2])) : INTERVAL) : run(aws, changes);
            System.out.println(r);
            System.out.printf("change to visible, ms: all p50 %.0f, p95 %.0f, max %.0f (HubSpot→Salesforce p95 %.0f, "
                    + "Salesforce→HubSpot p95 %.0f); batching window %s; %.1f s%n", r.all().p50Millis(),
                    r.all().p95Millis(), r.all().maxMillis(), r.hubSpotToSalesforce().p95Millis(),
                    r.salesforceToHubSpot().p95Millis(), r.batchingWindow(), r.seconds());
        }
    }
}
