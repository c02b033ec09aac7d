package io.crmsync.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.FunctionInstance;
import io.crmsync.locallambda.LocalFunctions;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * Cold start of function.zip's sync-worker: each run starts a fresh worker JVM under the AWS Lambda runtime interface
 * client against the local Runtime API, with the JVM options of Lambda's managed Java runtime (see
 * {@link FunctionInstance}), and one SQS event already waiting — as when Lambda starts an execution environment for
 * an invocation. The event is one notice of one contact that exists in the HubSpot sandbox, so the worker really
 * syncs it (reads the contact, creates the Lead, stores the link and the ledger entries).
 *
 * <p>Two moments are timed from the instant the JVM process is started: the instance's first poll of the Runtime
 * API for an event (Quarkus booted, handler loaded: Lambda's init phase done), and its first response to that event.
 * Without SnapStart: in AWS, template.yaml's SnapStart restores an initialised JVM instead, so this is the cold
 * start of an unsnapshotted version (or with SnapStart off), and an upper bound for a restore.
 *
 * <p>One run before the measured ones warms this JVM's sandboxes and the local AWS stand-ins, so that their first
 * requests do not count against the worker.
 */
public final class ColdStartBenchmark {

    /**
     * One cold start: wall time in milliseconds from the JVM's process start, and the CPU time the JVM had used by
     * then (all threads; the OS counts it in 10 ms ticks). CPU time hardly changes when other work shares the
     * machine; wall time does.
     */
    public record Run(double initMillis, double firstResponseMillis, double initCpuMillis,
            double firstResponseCpuMillis) {
    }

    /** Median (mean of the middle two for an even count), least and greatest of some runs. */
    public record Spread(double median, double min, double max) {
        static Spread of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Spread(median, sorted[0], sorted[n - 1]);
        }
    }

    /** The measured runs, in order. */
    public record Result(List<Run> runs) {
        public Result {
            runs = List.copyOf(runs);
        }

        public double[] initMillis() {
            return runs.stream().mapToDouble(Run::initMillis).toArray();
        }

        public double[] firstResponseMillis() {
            return runs.stream().mapToDouble(Run::firstResponseMillis).toArray();
        }

        /** JVM start → first poll for an event. */
        public Spread init() {
            return Spread.of(initMillis());
        }

        /** JVM start → first response to the waiting event. */
        public Spread firstResponse() {
            return Spread.of(firstResponseMillis());
        }

        /** CPU time used by the first poll. */
        public Spread initCpu() {
            return Spread.of(runs.stream().mapToDouble(Run::initCpuMillis).toArray());
        }

        /** CPU time used by the first response. */
        public Spread firstResponseCpu() {
            return Spread.of(runs.stream().mapToDouble(Run::firstResponseCpuMillis).toArray());
        }

        @Override
        public String toString() {
            return String.format("cold start of sync-worker over %d runs, median (min–max) in ms:%n"
                    + "  JVM start → init done (first poll):  wall %s, CPU %s%n"
                    + "  JVM start → first response:          wall %s, CPU %s", runs.size(), text(init()),
                    text(initCpu()), text(firstResponse()), text(firstResponseCpu()));
        }

        private static String text(Spread s) {
            return String.format("%.0f (%.0f–%.0f)", s.median(), s.min(), s.max());
        }
    }

    private static final long ANSWER_TIMEOUT_SECONDS = 90;

    private ColdStartBenchmark() {
    }

    public static Result run(LocalAws aws, int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
        // Links or ledger entries left by another scenario would change what the first sync does.
        aws.reset();
        try (HubSpotSandbox hubSpot = WorkerScenario.startHubSpot();
                SalesforceSandbox salesforce = WorkerScenario.startSalesforce();
                LocalFunctions functions = LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP,
                        Path.of("target", "bench-cold-start"))) {
            Map<String, String> config = WorkerScenario.workerConfig(aws, hubSpot, salesforce);
            coldStart(aws, hubSpot, salesforce, functions, config, "warm-up");
            List<Run> measured = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Run run = coldStart(aws, hubSpot, salesforce, functions, config, "run" + i);
                System.out.printf("cold start bench: run %d: init %.0f ms (CPU %.0f ms), first response %.0f ms "
                        + "(CPU %.0f ms)%n", i + 1, run.initMillis(), run.initCpuMillis(), run.firstResponseMillis(),
                        run.firstResponseCpuMillis());
                measured.add(run);
            }
            return new Result(measured);
        }
    }

    /** A fresh worker JVM with one event waiting for it; the event's contact must end up as a Lead. */
    private static Run coldStart(LocalAws aws, HubSpotSandbox hubSpot, SalesforceSandbox salesforce,
            LocalFunctions functions, Map<String, String> config, String label) {
        String contact = hubSpot.createContact(Map.of("email", "cold-" + label + "@example.com", "firstname", "Cold",
                "lastname", "Start " + label, "company", "Bench Inc", "jobtitle", "Tester"));
        WorkerScenario.Batch batch = WorkerScenario.sqsBatch(aws, List.of(WorkerScenario.contactsCreated(
                List.of(contact))));
        LocalFunctions.Function worker = functions.launch(WorkerScenario.WORKER, 1, config,
                Duration.ofSeconds(ANSWER_TIMEOUT_SECONDS));
        FunctionInstance instance = worker.instances().get(0);
        // Read on the Runtime API's thread as the poll or the response arrives, before the runtime gets an answer.
        CompletableFuture<java.time.Duration> cpuAtInit = worker.api().firstPollNanos()
                .thenApply(at -> instance.cpuTime());
        CompletableFuture<java.time.Duration> cpuAtResponse = worker.api().firstResponseNanos()
                .thenApply(at -> instance.cpuTime());
        try {
            CompletableFuture<byte[]> answer = worker.api().invoke(batch.event());
            WorkerScenario.awaitSuccess(worker, answer, ANSWER_TIMEOUT_SECONDS, functions.logDir());
            WorkerScenario.delete(aws, batch);
            if (salesforce.leadByExternalId("HubSpot_Contact_Id__c", contact).isEmpty()) {
                throw new IllegalStateException("cold start bench: the worker answered but created no Lead for "
                        + contact + "; see " + functions.logDir());
            }
            long started = instance.startedNanos();
            long firstPoll = worker.api().firstPollNanos().get(1, TimeUnit.SECONDS);
            long firstResponse = worker.api().firstResponseNanos().get(1, TimeUnit.SECONDS);
            return new Run((firstPoll - started) / 1e6, (firstResponse - started) / 1e6,
                    cpuAtInit.get(1, TimeUnit.SECONDS).toNanos() / 1e6,
                    cpuAtResponse.get(1, TimeUnit.SECONDS).toNanos() / 1e6);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cold start bench: no timestamps from the Runtime API", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            functions.stop(worker);
        }
    }

    public static void main(String[] args) {
        try (LocalAws aws = LocalAws.start()) {
            System.out.println(run(aws, args.length > 0 ? Integer.parseInt(args[0]) : 5));
            System.out.println("load average (1, 5, 15 min) at the end: " + loadAverage());
        }
    }

    /** Other work on this machine stretches wall times: worth printing beside them. */
    static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2] + " on " + Runtime.getRuntime().availableProcessors()
                    + " CPUs";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
