package io.crmsync.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.faults.HostileKinds.Kind;
import io.crmsync.faults.HostileKinds.Request;
import io.crmsync.localaws.LocalAws;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * The {@code hostile} scenario: {@code faults.hostile.requests} requests (10,000) through the real local Function
 * URLs of the four public doors, against a deployment with one connected tenant whose contact and Lead are synced.
 * All but {@code faults.hostile.replays} of them are hostile in one of {@link HostileKinds}' ways and must be
 * answered with that kind's 4xx, never a 5xx, enqueue nothing (no worker invocation, change queue empty, no CRM
 * call) and echo no marker of their body or a secret. The rest are one valid, fresh webhook request sent again and
 * again within its 5 minutes: HubSpot's signature has no nonce, so the door accepts them as it accepts HubSpot's
 * own redeliveries; each may enqueue one notice (a hint the worker re-reads) and must change no record. Afterwards
 * the doors must still serve real changes both ways and a signed admin call.
 */
final class HostileRequests {

    static final int REQUESTS = Integer.getInteger("faults.hostile.requests", 10_000);
    static final int REPLAYS = Integer.getInteger("faults.hostile.replays", 100);
    static final int CONCURRENCY = Integer.getInteger("faults.hostile.concurrency", 8);

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Answer(Kind kind, int status, long nanos, Optional<String> leaked) {
    }

    private HostileRequests() {
    }

    static Outcome run(LocalAws aws) {
        try (FaultStack stack = FaultStack.start(aws, "hostile", 1, Optional.empty())) {
            LocalDeployment deployment = stack.deployment();
            String email = "hostile0@faults.example";
            String contactId = stack.hubSpot().createContact(Map.of("email", email, "firstname", "Hostile",
                    "lastname", "Target", "jobtitle", "start"));
            String leadId = Pairs.awaitLeads(stack, List.of(email), Duration.ofSeconds(Scenarios.TIMEOUT_SECONDS))
                    .get(0);
            Convergence.awaitIdle(stack, Duration.ofSeconds(Scenarios.TIMEOUT_SECONDS));
            deployment.requireSignedAdminCalls();
            HostileKinds kinds = new HostileKinds(deployment, contactId, leadId);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();

            long invocationsBefore = deployment.events().invocations();
            long callsBefore = stack.crmCalls();
            int hostile = REQUESTS - REPLAYS;
            List<Answer> answers = sendHostile(http, kinds.all(), hostile);
            Convergence.sleep(3000); // longer than the event source's batching window and a poll
            long enqueued = deployment.events().invocations() - invocationsBefore + stack.queued("ChangeQueue");
            long callsDuringHostile = stack.crmCalls() - callsBefore;

            Replays replays = replay(http, kinds, stack, contactId, leadId);
            List<String> problems = new ArrayList<>();
            Map<String, int[]> byKind = new TreeMap<>();
            for (Answer a : answers) {
                int[] counts = byKind.computeIfAbsent(a.kind().door() + ": " + a.kind().name(), k -> new int[3]);
                counts[0]++;
                counts[a.status() == a.kind().expected() ? 1 : 2]++;
                if (a.status() != a.kind().expected() && problems.size() < 20) {
                    problems.add(a.kind().door() + " " + a.kind().name() + ": " + a.status() + " (expected "
                            + a.kind().expected() + ")");
                }
                a.leaked().filter(l -> problems.size() < 20).ifPresent(l -> problems.add(a.kind().door() + " "
                        + a.kind().name() + " echoed " + l));
            }
            long fourxx = answers.stream().filter(a -> a.status() >= 400 && a.status() < 500).count();
            long fivexx = answers.stream().filter(a -> a.status() >= 500).count();
            long other = answers.size() - fourxx - fivexx;
            long unexpected = answers.stream().filter(a -> a.status() != a.kind().expected()).count();
            long leaks = answers.stream().filter(a -> a.leaked().isPresent()).count();
            List<Long> latencies = new ArrayList<>(answers.stream().map(Answer::nanos).toList());
            latencies.addAll(replays.latencies());
            Collections.sort(latencies);
            double p99 = latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1) / 1e6;
            List<Long> small = answers.stream().filter(a -> !a.kind().name().startsWith("over "))
                    .map(Answer::nanos).sorted().toList();
            double p99Small = small.isEmpty() ? 0 : small.get((int) Math.ceil(small.size() * 0.99) - 1) / 1e6;

            long goodStarted = System.nanoTime();
            List<String> goodFailures = goodRequestsServed(stack, deployment, contactId, leadId);
            problems.addAll(goodFailures);
            problems.addAll(replays.problems());
            if (enqueued > 0) {
                problems.add(enqueued + " worker invocations or queued notices after the hostile requests");
            }
            if (callsDuringHostile > 0) {
                problems.add(callsDuringHostile + " CRM calls during the hostile requests");
            }
            System.out.printf("faults: hostile by kind (sent / expected answer / other answer):%n");
            byKind.forEach((k, c) -> System.out.printf("  %-52s %6d %6d %6d%n", k, c[0], c[1], c[2]));
            String figures = String.format("%d requests sent: %d 4xx, %d 5xx, %d other; %d not the expected 4xx; "
                    + "%d echoed a marker or secret; enqueued by refused requests: %d (worker invocations + queued), "
                    + "CRM calls %d; p99 latency %.0f ms (%.0f ms without the oversized bodies); %d replays of one valid "
                    + "fresh webhook: %s", REQUESTS, fourxx, fivexx, other + replays.accepted(), unexpected, leaks,
                    enqueued, callsDuringHostile, p99, p99Small, replays.sent(), replays.summary());
            System.out.println("faults: hostile: " + figures);
            String description = String.format("%d requests through the 4 public Function URLs (HubSpot webhook, "
                    + "Outbound Message, OAuth callback, admin API with IAM auth), %d kinds of hostile request "
                    + "+ %d replays; %s", REQUESTS, byKind.size(), replays.sent(), figures);
            double goodSeconds = (System.nanoTime() - goodStarted) / 1e9;
            return new Outcome("hostile", description, REQUESTS, REQUESTS - unexpected - leaks
                    - replays.problems().size(), 0, unexpected + leaks + enqueued + callsDuringHostile
                    + replays.problems().size(), stack.changeDlqDepth(), stack.cdcFailedEvents(), stack.crmCalls(),
                    goodSeconds, goodFailures.isEmpty(), problems);
        }
    }

    private static List<Answer> sendHostile(HttpClient http, List<Kind> kinds, int count) {
        int totalWeight = kinds.stream().mapToInt(Kind::weight).sum();
        Random random = new Random(Scenarios.SEED);
        List<Kind> plan = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int w = random.nextInt(totalWeight);
            for (Kind k : kinds) {
                w -= k.weight();
                if (w < 0) {
                    plan.add(k);
                    break;
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        List<Answer> answers = Collections.synchronizedList(new ArrayList<>(count));
        AtomicLong done = new AtomicLong();
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                Kind kind = plan.get(i);
                long seed = random.nextLong();
                String marker = "hostile-marker-" + Long.toHexString(seed & Long.MAX_VALUE);
                sent.add(pool.submit(() -> {
                    Request request = kind.make().apply(new Random(seed), marker);
                    answers.add(send(http, kind, request, marker));
                    long n = done.incrementAndGet();
                    if (n % 2000 == 0) {
                        System.out.printf("faults: hostile: %d of %d sent%n", n, count);
                    }
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("sending the hostile requests failed", e);
        } finally {
            pool.shutdownNow();
        }
        return answers;
    }

    /** Secrets of the deployment no answer may contain, whatever was asked. */
    private static final List<String> SECRETS = List.of(LocalDeployment.HUBSPOT_CLIENT_SECRET,
            LocalDeployment.SALESFORCE_CLIENT_SECRET, LocalDeployment.OUTBOUND_TOKEN, LocalDeployment.HUBSPOT_TOKEN);

    private static Answer send(HttpClient http, Kind kind, Request request, String marker) {
        long t0 = System.nanoTime();
        int status;
        String body;
        try {
            HttpResponse<String> response = http.send(toHttp(request), HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body() + response.headers().map();
        } catch (java.io.IOException e) {
            // The server closed the connection: not an answer at all.
            return new Answer(kind, 0, System.nanoTime() - t0, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        long nanos = System.nanoTime() - t0;
        Optional<String> leaked = body.contains(marker) ? Optional.of("the request's marker")
                : SECRETS.stream().filter(body::contains).findFirst().map(s -> "a secret");
        return new Answer(kind, status, nanos, leaked);
    }

    private static HttpRequest toHttp(Request request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(request.uri()).timeout(Duration.ofSeconds(60))
                .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(b::header);
        return b.build();
    }

    private record Replays(int sent, int accepted, long notices, Map<String, Long> crmCalls,
            List<Long> latencies, List<String> problems) {
        String summary() {
            return String.format("%d answered 200 (as HubSpot's own redeliveries are), %d notices enqueued (at most "
                    + "one each), CRM calls they caused %s, no record changed: %s", accepted, notices, crmCalls,
                    problems.isEmpty() ? "yes" : problems);
        }
    }

    /**
     * One valid webhook request (its jobtitle event names the value the contact already has), then sent again
     * byte for byte: each is accepted and yields at most one notice, and after the worker re-read them neither
     * record has changed.
     */
    private static Replays replay(HttpClient http, HostileKinds kinds, FaultStack stack, String contactId,
            String leadId) {
        Map<String, Long> hubSpotBefore = stack.hubSpot().callCounts();
        Map<String, Long> salesforceBefore = stack.salesforce().callCounts();
        Request valid = kinds.validWebhook("start");
        List<Long> latencies = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int accepted = 0;
        long notices = 0;
        for (int i = 0; i < REPLAYS; i++) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(toHttp(valid), HttpResponse.BodyHandlers.ofString());
                latencies.add(System.nanoTime() - t0);
                if (response.statusCode() == 200) {
                    accepted++;
                    JsonNode answer = JSON.readTree(response.body());
                    notices += answer.path("notices").asLong();
                    if (answer.path("notices").asLong() > 1) {
                        problems.add("a replay enqueued " + answer.path("notices").asLong() + " notices");
                    }
                } else if (response.statusCode() >= 500) {
                    problems.add("a replay was answered " + response.statusCode());
                }
            } catch (Exception e) {
                problems.add("a replay failed: " + e);
            }
        }
        Convergence.awaitIdle(stack, Duration.ofSeconds(Scenarios.TIMEOUT_SECONDS));
        Map<String, Long> calls = new TreeMap<>();
        diff(stack.hubSpot().callCounts(), hubSpotBefore, "hubspot ", calls);
        diff(stack.salesforce().callCounts(), salesforceBefore, "salesforce ", calls);
        String jobTitle = stack.hubSpot().contact(contactId).map(c -> c.get("jobtitle")).orElse(null);
        Object title = stack.salesforce().record(leadId).map(l -> l.get("Title")).orElse(null);
        if (!"start".equals(jobTitle) || !"start".equals(title)) {
            problems.add("the replays changed the records: jobtitle " + jobTitle + ", Title " + title);
        }
        if (stack.hubSpot().contactCount() != 1 || stack.salesforce().count("Lead") != 1) {
            problems.add("the replays created records");
        }
        return new Replays(REPLAYS, accepted, notices, calls, latencies, problems);
    }

    private static void diff(Map<String, Long> after, Map<String, Long> before, String prefix, Map<String, Long> out) {
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.put(prefix + k, d);
            }
        });
    }

    /** Real changes still flow both ways through the doors, and a signed admin call is served. */
    private static List<String> goodRequestsServed(FaultStack stack, LocalDeployment deployment, String contactId,
            String leadId) {
        List<String> failures = new ArrayList<>();
        stack.hubSpot().updateContact(contactId, Map.of("jobtitle", "after-hostile-hs"));
        if (!awaitValue(() -> stack.salesforce().record(leadId).map(l -> l.get("Title")).orElse(null),
                "after-hostile-hs")) {
            failures.add("a HubSpot change after the hostile requests did not reach Salesforce");
        }
        stack.salesforce().update("Lead", leadId, Map.of("Title", "after-hostile-sf"));
        if (!awaitValue(() -> stack.hubSpot().contact(contactId).map(c -> c.get("jobtitle")).orElse(null),
                "after-hostile-sf")) {
            failures.add("a Salesforce change after the hostile requests did not reach HubSpot");
        }
        int status = signedAdminGet(deployment.adminUrl().replaceAll("/+$", "") + "/tenants");
        if (status != 200) {
            failures.add("a signed admin GET /tenants was answered " + status);
        }
        return failures;
    }

    private static boolean awaitValue(java.util.function.Supplier<Object> read, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (expected.equals(read.get())) {
                return true;
            }
            Convergence.sleep(250);
        }
        return false;
    }

    /** GET signed as the CLI signs for a deployed Function URL, with local AWS's administrator key. */
    private static int signedAdminGet(String url) {
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsBasicCredentials.create(LocalAws.ACCESS_KEY, LocalAws.SECRET_KEY))
                .request(SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(URI.create(url)).build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "lambda")
                .putProperty(AwsV4HttpSigner.REGION_NAME, LocalAws.REGION)
                .putProperty(software.amazon.awssdk.http.auth.spi.signer.HttpSigner.SIGNING_CLOCK,
                        Clock.systemUTC())).request();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(30));
        signed.forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                b.header(name, String.join(",", values));
            }
        });
        try {
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }

}
