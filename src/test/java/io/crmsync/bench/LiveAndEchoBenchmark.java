package io.crmsync.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * API calls of live sync, one change at a time, and the writes the echoes of crmsync's own writes cause, from the
 * sandboxes' exact counters (OAuth token calls left out), on a whole local deployment (function.zip under the
 * Lambda runtime interface client, SQS event source with batch 100, two worker instances).
 *
 * <p>Each change — one contact's jobtitle in HubSpot, or one Lead's Title in Salesforce — is made through the
 * sandbox's Java API (a person in the CRM's UI: no API call), then:
 * <ol>
 * <li><b>live</b>: the counters are read before the change and again the moment the other CRM's record holds the
 * value (polled every 2 ms); the difference is what syncing the change cost;
 * <li><b>echo</b>: crmsync's write raises a notification of its own (a HubSpot webhook with crmsync's app as
 * sourceId; a CDC event whose changeOrigin names crmsync's client, or an Outbound Message, which names no
 * writer); the counters are read again once the deployment has settled (webhooks, CDC events and Outbound
 * Messages all handled, the queue empty, the worker done), and the write endpoints counted between "visible" and
 * "settled" are the writes the echo caused: they must be 0. The echo notifications themselves are counted too,
 * by cause (a Salesforce notification during a change made in HubSpot can only be crmsync's write, and the
 * other way round), so a zero cannot come from an echo that never happened.
 * </ol>
 *
 * <p>Salesforce reports changes by CDC in one series and by Outbound Messages (CDC off) in the other, the two
 * ways a deployment is set up. The event source's batching window is 0 here: one isolated change is a batch of
 * one whatever the window, so the window would only add waiting, not calls (the counts are the same with
 * template.yaml's 5 s). The first change each worker instance handles also reads the owner directory (two calls,
 * again every 10 minutes), hence medians.
 */
public final class LiveAndEchoBenchmark {

    static final int WORKER_INSTANCES = 2;
    static final int PAIRS = 10;
    static final int CHANGES_PER_SERIES = 20;
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

    /** Where a change is made → where it must become visible. */
    public enum Direction {
        HUBSPOT_TO_SALESFORCE, SALESFORCE_TO_HUBSPOT
    }

    /** How the Salesforce sandbox reports changes during a series. */
    public enum SalesforceNotices {
        CHANGE_DATA_CAPTURE, OUTBOUND_MESSAGES
    }

    /**
     * One direction's changes under one way of Salesforce reporting them.
     *
     * @param liveCalls           calls per change, from the sandbox write until the value was readable on the other side
     * @param liveWrites          writes among them, all changes together (one per change is the sync itself)
     * @param liveCallsByEndpoint the live calls of all changes together, per endpoint
     * @param echoNotifications   notifications of crmsync's own writes, all changes together
     * @param echoCalls           calls from "visible" until settled, all changes together
     * @param echoWrites          writes among them: must be 0
     */
    public record Series(Direction direction, SalesforceNotices salesforceNotices, List<Long> liveCalls,
            long liveWrites, Map<String, Long> liveCallsByEndpoint, long echoNotifications, long echoCalls,
            long echoWrites, Map<String, Long> echoCallsByEndpoint) {

        public double medianLiveCalls() {
            return median(liveCalls);
        }
    }

    public record Result(List<Series> series, Duration batchingWindow, int workerInstances, double seconds) {

        /** The median over every change in that direction, both series. */
        public double medianLiveCalls(Direction direction) {
            return median(series.stream().filter(s -> s.direction() == direction)
                    .flatMap(s -> s.liveCalls().stream()).toList());
        }

        public long echoWrites() {
            return series.stream().mapToLong(Series::echoWrites).sum();
        }

        public long echoNotifications() {
            return series.stream().mapToLong(Series::echoNotifications).sum();
        }

        public long echoCalls() {
            return series.stream().mapToLong(Series::echoCalls).sum();
        }
    }

    private LiveAndEchoBenchmark() {
    }

    /** 20 changes each way with CDC, then 20 each way with Outbound Messages. Needs emptied local AWS. */
    public static Result run(LocalAws aws) {
        return run(aws, CHANGES_PER_SERIES, Duration.ZERO);
    }

    static Result run(LocalAws aws, int changesPerSeries, Duration batchingWindow) {
        SyncedPair.requireEmptyLinks(aws);
        Instant start = Instant.now();
        try (LocalDeployment deployment = LocalDeployment.start(aws, new LocalDeployment.Options(
                Path.of("target", "bench-live"), 0, 0, 0, 0, WORKER_INSTANCES, batchingWindow,
                LocalDeployment.SalesforceChanges.CDC_ONLY))) {
            List<SyncedPair> pairs = SyncedPair.seed(aws, deployment, PAIRS, "live");
            List<Series> series = new ArrayList<>();
            series.addAll(measure(aws, deployment, pairs, SalesforceNotices.CHANGE_DATA_CAPTURE, changesPerSeries));
            useOutboundMessagesOnly(deployment);
            series.addAll(measure(aws, deployment, pairs, SalesforceNotices.OUTBOUND_MESSAGES, changesPerSeries));
            return new Result(series, batchingWindow, WORKER_INSTANCES,
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
        }
    }

    /** Salesforce as set up without Event Relay: CDC off, an Outbound Message per object (as LocalDeployment adds). */
    private static void useOutboundMessagesOnly(LocalDeployment deployment) {
        SalesforceSandbox salesforce = deployment.salesforce();
        salesforce.changeDataCapture().disable();
        URI endpoint = URI.create(deployment.outboundUrl() + "?token=" + LocalDeployment.OUTBOUND_TOKEN);
        LocalDeployment.SALESFORCE_OBJECTS.forEach(type -> salesforce.addOutboundMessage(type, List.of("Id"),
                endpoint));
    }

    /** Alternating: one contact changed in HubSpot, one Lead changed in Salesforce, each settled before the next. */
    private static List<Series> measure(LocalAws aws, LocalDeployment deployment, List<SyncedPair> pairs,
            SalesforceNotices notices, int changes) {
        Map<Direction, Tally> tallies = new EnumMap<>(Direction.class);
        for (Direction direction : Direction.values()) {
            tallies.put(direction, new Tally());
        }
        HubSpotSandbox hubSpot = deployment.hubSpot();
        SalesforceSandbox salesforce = deployment.salesforce();
        for (int i = 0; i < changes; i++) {
            for (Direction direction : Direction.values()) {
                SyncedPair pair = pairs.get(i % pairs.size());
                String value = direction + " " + notices + " #" + i;
                Settling.awaitSettled(aws, deployment, SETTLE_TIMEOUT);
                SandboxCalls before = SandboxCalls.of(hubSpot, salesforce);
                long echoesBefore = echoNotifications(direction, deployment);
                change(direction, deployment, pair, value);
                Settling.await(() -> visible(direction, deployment, pair, value), VISIBLE_TIMEOUT,
                        direction + " change visible");
                SandboxCalls visible = SandboxCalls.of(hubSpot, salesforce);
                Settling.awaitSettled(aws, deployment, SETTLE_TIMEOUT);
                SandboxCalls settled = SandboxCalls.of(hubSpot, salesforce);
                tallies.get(direction).add(visible.since(before), settled.since(visible),
                        echoNotifications(direction, deployment) - echoesBefore);
            }
        }
        List<Series> series = new ArrayList<>();
        tallies.forEach((direction, tally) -> {
            if (tally.echoNotifications == 0) {
                throw new IllegalStateException("benchmark: crmsync's writes raised no notification (" + direction
                        + ", " + notices + "): the echo figure would say nothing");
            }
            series.add(tally.series(direction, notices));
        });
        return series;
    }

    private static void change(Direction direction, LocalDeployment deployment, SyncedPair pair, String value) {
        if (direction == Direction.HUBSPOT_TO_SALESFORCE) {
            deployment.hubSpot().updateContact(pair.contactId(), Map.of("jobtitle", value));
        } else {
            deployment.salesforce().update("Lead", pair.leadId(), Map.of("Title", value));
        }
    }

    static boolean visible(Direction direction, LocalDeployment deployment, SyncedPair pair, String value) {
        if (direction == Direction.HUBSPOT_TO_SALESFORCE) {
            return deployment.salesforce().record(pair.leadId()).map(lead -> value.equals(lead.get("Title")))
                    .orElse(false);
        }
        return deployment.hubSpot().contact(pair.contactId()).map(contact -> value.equals(contact.get("jobtitle")))
                .orElse(false);
    }

    /**
     * Notifications the CRM that crmsync writes to in this direction has sent so far: during a change made in the
     * other CRM, every one of them is about crmsync's own write.
     */
    private static long echoNotifications(Direction direction, LocalDeployment deployment) {
        if (direction == Direction.SALESFORCE_TO_HUBSPOT) {
            return deployment.hubSpot().deliveries().stream().mapToLong(d -> d.events().size()).sum();
        }
        SalesforceSandbox salesforce = deployment.salesforce();
        return salesforce.changeDataCapture().events().size() + salesforce.outboundMessages().attempts().stream()
                .mapToLong(a -> a.notificationIds().size()).sum();
    }

    static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** One direction's counts, change by change. */
    private static final class Tally {
        private final List<Long> liveCalls = new ArrayList<>();
        private SandboxCalls live = new SandboxCalls(Map.of());
        private SandboxCalls echo = new SandboxCalls(Map.of());
        private long echoNotifications;

        void add(SandboxCalls liveCallsOfChange, SandboxCalls echoCallsOfChange, long notifications) {
            liveCalls.add(liveCallsOfChange.total());
            live = live.plus(liveCallsOfChange);
            echo = echo.plus(echoCallsOfChange);
            echoNotifications += notifications;
        }

        Series series(Direction direction, SalesforceNotices notices) {
            return new Series(direction, notices, List.copyOf(liveCalls), live.writes(), live.sorted(),
                    echoNotifications, echo.total(), echo.writes(), echo.sorted());
        }
    }

    public static void main(String[] args) {
        LocalHttp.answerWithoutDelayedAcks();
        try (LocalAws aws = LocalAws.start()) {
            Result r = args.length > 0 ? run(aws, Integer.parseInt(args[0]), args.length > 1
                    ? Duration.ofMillis(Long.parseLong(args[1])) : Duration.ZERO) : run(aws);
            r.series().forEach(System.out::println);
            System.out.printf("live calls per change (median): HubSpot→Salesforce %.1f, Salesforce→HubSpot %.1f; "
                    + "echo: %d notifications, %d calls, %d writes; batching window %s, %d worker instances; %.1f s%n",
                    r.medianLiveCalls(Direction.HUBSPOT_TO_SALESFORCE),
                    r.medianLiveCalls(Direction.SALESFORCE_TO_HUBSPOT), r.echoNotifications(), r.echoCalls(),
                    r.echoWrites(), r.batchingWindow(), r.workerInstances(), r.seconds());
        }
    }
}
