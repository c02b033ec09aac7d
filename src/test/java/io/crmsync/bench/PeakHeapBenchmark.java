package io.crmsync.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.FunctionInstance;
import io.crmsync.locallambda.LocalFunctions;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * Peak heap of the sync-worker for one full SQS batch: 10 messages, each a notice of 100 HubSpot contacts (email,
 * name, company, job title) that the worker syncs into 1,000 new Leads, in ONE invocation of a worker from
 * function.zip running with the JVM options of Lambda's managed Java runtime for template.yaml's memory size (heap
 * limit 85% of it, serial collector; see {@link FunctionInstance}).
 *
 * <p>Method: the worker runs with GC logging. Between two collections the used heap only grows (allocation adds,
 * only a collection frees), so its maximum over the invocation is reached either just before one of the collections
 * during the invocation or at the invocation's end. The peak is therefore the greatest of the "used before" figures
 * the GC log gives for the collections during the invocation and the heap used when the worker has answered, read
 * with {@code jcmd GC.heap_info} while the instance is idle. That is heap occupied, live or garbage not yet
 * collected: what the heap had to hold. The live part is bounded by the largest "used after" of those collections,
 * and what the batch leaves behind by the heap after a full collection ({@code jcmd GC.run}) once it is done. Peak
 * RSS (VmHWM, the whole life of the process) compares with Lambda's "Max Memory Used".
 */
public final class PeakHeapBenchmark {

    static final int MESSAGES = 10;
    static final int RECORDS_PER_MESSAGE = 100;

    /**
     * Sizes in MB (2^20 bytes).
     *
     * @param maxHeapAfterGcMb the largest heap left by a collection during the batch; empty if none ran
     * @param peakRssMb the process's peak resident memory since it started (init included)
     */
    public record Result(int memorySizeMb, double maxHeapMb, double initialHeapMb, int leadsCreated,
            double heapUsedBeforeBatchMb, double peakHeapUsedMb, int collectionsDuringBatch,
            OptionalDouble maxHeapAfterGcMb, double heapRetainedAfterBatchMb, double peakRssMb, double batchSeconds) {

        @Override
        public String toString() {
            return String.format("peak heap of sync-worker, one invocation of %d messages × %d contacts "
                    + "(%d Leads created in %.1f s):%n"
                    + "  peak heap used %.0f MB (before the batch %.0f MB; %d collections during it, the largest heap "
                    + "left by one %s; %.0f MB retained after a full GC)%n"
                    + "  heap limit -Xmx %.0f MB (initial %.0f MB) for a %d MB function; peak RSS %.0f MB",
                    MESSAGES, RECORDS_PER_MESSAGE, leadsCreated, batchSeconds, peakHeapUsedMb, heapUsedBeforeBatchMb,
                    collectionsDuringBatch, maxHeapAfterGcMb.isPresent() ? String.format("%.0f MB",
                            maxHeapAfterGcMb.getAsDouble()) : "–", heapRetainedAfterBatchMb, maxHeapMb, initialHeapMb,
                    memorySizeMb, peakRssMb);
        }
    }

    /** One collection in the GC log: heap used before and after it, in MB. */
    record Collection(double beforeMb, double afterMb) {
    }

    private static final Pattern COLLECTION = Pattern.compile("GC\\(\\d+\\) Pause .*? (\\d+)M->(\\d+)M\\(\\d+M\\)");
    /** A heap space line of GC.heap_info, any collector: "def new generation   total 9792K, used 3456K [...". */
    private static final Pattern SPACE_USED = Pattern.compile("\\btotal (\\d+)K, used (\\d+)K");
    private static final long ANSWER_TIMEOUT_SECONDS = 90;

    private PeakHeapBenchmark() {
    }

    public static Result run(LocalAws aws) {
        // Links or ledger entries left by another scenario would change what the sync does.
        aws.reset();
        try (HubSpotSandbox hubSpot = WorkerScenario.startHubSpot();
                SalesforceSandbox salesforce = WorkerScenario.startSalesforce();
                LocalFunctions functions = LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP,
                        Path.of("target", "bench-peak-heap"))) {
            Map<String, String> config = WorkerScenario.workerConfig(aws, hubSpot, salesforce);
            Path gcLog = functions.logDir().resolve("sync-worker-gc.log");
            LocalFunctions.Function worker = functions.launch(WorkerScenario.WORKER, 1, config,
                    Duration.ofSeconds(ANSWER_TIMEOUT_SECONDS), List.of("-Xlog:gc:file=" + gcLog));
            // The worker boots while the contacts are created.
            List<String> notices = new ArrayList<>();
            for (int m = 0; m < MESSAGES; m++) {
                List<String> contacts = new ArrayList<>();
                for (int r = 0; r < RECORDS_PER_MESSAGE; r++) {
                    int i = m * RECORDS_PER_MESSAGE + r;
                    contacts.add(hubSpot.createContact(Map.of("email", "heap" + i + "@example.com", "firstname",
                            "Heap", "lastname", "Contact " + i, "company", "Bench Inc " + (i % 50), "jobtitle",
                            "Tester")));
                }
                notices.add(WorkerScenario.contactsCreated(contacts));
            }
            WorkerScenario.Batch batch = WorkerScenario.sqsBatch(aws, notices);
            functions.awaitReady(worker);
            FunctionInstance instance = worker.instances().get(0);

            double usedBefore = heapUsedMb(instance);
            int collectionsBefore = collections(gcLog).size();
            long start = System.nanoTime();
            WorkerScenario.awaitSuccess(worker, worker.api().invoke(batch.event()), ANSWER_TIMEOUT_SECONDS,
                    functions.logDir());
            double batchSeconds = (System.nanoTime() - start) / 1e9;
            double usedAtEnd = heapUsedMb(instance);
            List<Collection> during = collections(gcLog);
            during = during.subList(collectionsBefore, during.size());
            WorkerScenario.delete(aws, batch);

            int leads = salesforce.count("Lead");
            if (leads != MESSAGES * RECORDS_PER_MESSAGE) {
                throw new IllegalStateException("peak heap bench: " + leads + " Leads created, not "
                        + MESSAGES * RECORDS_PER_MESSAGE + "; see " + functions.logDir());
            }
            double peak = Math.max(usedAtEnd, during.stream().mapToDouble(Collection::beforeMb).max().orElse(0));
            OptionalDouble maxAfterGc = during.stream().mapToDouble(Collection::afterMb).max();
            String flags = jcmd(instance, "VM.flags");
            double peakRss = peakRssMb(instance);
            jcmd(instance, "GC.run");
            double retained = heapUsedMb(instance);
            return new Result(FunctionInstance.MEMORY_SIZE_MB, flagMb(flags, "MaxHeapSize"),
                    flagMb(flags, "InitialHeapSize"), leads, usedBefore, peak, during.size(), maxAfterGc, retained,
                    peakRss, batchSeconds);
        }
    }

    /** The collections the GC log lists so far, in order. */
    static List<Collection> collections(Path gcLog) {
        try {
            return parseCollections(Files.readAllLines(gcLog, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + gcLog, e);
        }
    }

    static List<Collection> parseCollections(List<String> gcLogLines) {
        List<Collection> found = new ArrayList<>();
        for (String line : gcLogLines) {
            Matcher m = COLLECTION.matcher(line);
            if (m.find()) {
                found.add(new Collection(Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))));
            }
        }
        return found;
    }

    /** Heap in use now (every heap space, live and garbage), in MB. */
    static double heapUsedMb(FunctionInstance instance) {
        return parseHeapUsedMb(jcmd(instance, "GC.heap_info"));
    }

    static double parseHeapUsedMb(String heapInfo) {
        Matcher m = SPACE_USED.matcher(heapInfo);
        long usedKb = 0;
        boolean any = false;
        while (m.find()) {
            usedKb += Long.parseLong(m.group(2));
            any = true;
        }
        if (!any) {
            throw new IllegalStateException("GC.heap_info names no heap space: " + heapInfo);
        }
        return usedKb / 1024.0;
    }

    private static double flagMb(String vmFlags, String flag) {
        Matcher m = Pattern.compile("-XX:" + flag + "=(\\d+)").matcher(vmFlags);
        if (!m.find()) {
            throw new IllegalStateException("VM.flags does not list " + flag + ": " + vmFlags);
        }
        return Long.parseLong(m.group(1)) / (1024.0 * 1024.0);
    }

    /** VmHWM: the most resident memory the process has had. */
    private static double peakRssMb(FunctionInstance instance) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(instance.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmHWM for process " + instance.pid());
    }

    /** Runs a diagnostic command in the worker's JVM (the JDK's jcmd attaches to it) and returns its output. */
    private static String jcmd(FunctionInstance instance, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(instance.pid()), command)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd + " (a JDK is needed, not a JRE)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        try (LocalAws aws = LocalAws.start()) {
            System.out.println(run(aws));
        }
    }
}
