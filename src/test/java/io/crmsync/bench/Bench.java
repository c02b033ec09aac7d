package io.crmsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.crmsync.localaws.LocalAws;

/**
 * {@code make bench}: runs the benchmarks on the local stack, prints a table and writes target/bench.json (one
 * key per figure, with its unit, the median over the runs and their spread, and the scenario size).
 */
public final class Bench {

    static final int RUNS = 3;
    /** Records per side of the reconcile benchmark, as the issue asks; -Dbench.reconcile.records=N for others. */
    static final int RECONCILE_RECORDS = Integer.getInteger("bench.reconcile.records", 100_000);
    /** -Dbench.only=reconcile runs that scenario alone (its figures are call counts, not timings). */
    static final String ONLY = System.getProperty("bench.only", "");
    /** A budget that cannot read everything: 100 calls per CRM. */
    static final int RECONCILE_BUDGET = 100;

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>();
        Instant started = Instant.now();
        if (ONLY.isEmpty()) {
            // First, before the local stack starts, so nothing competes with the benchmark thread.
            MappingThroughputBenchmark.Result mapping = MappingThroughputBenchmark.run();
            String mappingScenario = "JMH, 1 fork, 1 thread, 5 × 2 s after 3 × 2 s warm-up; recommended CONTACT_LEAD "
                    + "mapping (13 fields), 1,000 distinct records, 200 owners a side; spread is JMH's 99.9% interval";
            figures.put("mapping_update_plan_throughput", atLeast(figure("records/s/core", new double[] {
                    mapping.updatePlanPerSecond() - mapping.updatePlanError(), mapping.updatePlanPerSecond(),
                    mapping.updatePlanPerSecond() + mapping.updatePlanError()}, mappingScenario
                            + "; a linked pair changed on both sides, planned field by field", 20_000)));
            figures.put("mapping_create_throughput", atLeast(figure("records/s/core", new double[] {
                    mapping.createPerSecond() - mapping.createError(), mapping.createPerSecond(),
                    mapping.createPerSecond() + mapping.createError()}, mappingScenario
                            + "; a new HubSpot contact planned as a Lead", 20_000)));
        }
        try (LocalAws aws = LocalAws.start()) {
            if (ONLY.isEmpty()) {
                List<WebhookAckBenchmark.Result> runs = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    runs.add(WebhookAckBenchmark.run(aws, 300, 1000));
                }
                String scenario = "hubspot-webhook in-JVM, 100-event requests, 1,000 measured after 300 warm-up, "
                        + "ElasticMQ";
                figures.put("webhook_ack_p50", figure("ms", runs.stream()
                        .mapToDouble(WebhookAckBenchmark.Result::p50Millis).toArray(), scenario, 50.0));
                figures.put("webhook_ack_p99", figure("ms", runs.stream()
                        .mapToDouble(WebhookAckBenchmark.Result::p99Millis).toArray(), scenario, 50.0));
                aws.reset();
                // Call counts are exact (sandbox counters), so one run of 1,000 records each way is enough.
                SyncCallsBenchmark.Result calls = SyncCallsBenchmark.run(aws, 1000);
                String callScenario = "1,000 contacts created in HubSpot, then their 1,000 Leads changed in Salesforce "
                        + "in collections of 200; function.zip locally, batch 100, CDC; counted by the sandboxes";
                figures.put("api_calls_per_record_hubspot_to_salesforce", figure("calls/record",
                        new double[] {calls.callsPerRecordHubSpotToSalesforce()}, callScenario, 0.05));
                figures.put("api_calls_per_record_salesforce_to_hubspot", figure("calls/record",
                        new double[] {calls.callsPerRecordSalesforceToHubSpot()}, callScenario, 0.05));
                aws.reset();
            }
            ReconcileBenchmark.Result reconcile = ReconcileBenchmark.run(aws, RECONCILE_RECORDS, 100, RECONCILE_BUDGET);
            String reconcileScenario = String.format("%,d HubSpot contacts paired with %,d Leads, 1%% changed on each "
                    + "side without notices (%,d drifted records); reconciler from function.zip, one run from no "
                    + "cursor; counted by the sandboxes", reconcile.recordsPerSide(), reconcile.recordsPerSide(),
                    reconcile.planted());
            ReconcileBenchmark.Run full = reconcile.full();
            figures.put("reconcile_calls_hubspot", figure("calls", new double[] {full.hubSpotCalls()},
                    reconcileScenario, Double.NaN));
            figures.put("reconcile_calls_salesforce", figure("calls", new double[] {full.salesforceCalls()},
                    reconcileScenario, Double.NaN));
            figures.put("reconcile_calls_per_1000_records", figure("calls/1000 records", new double[] {
                    1000.0 * full.calls() / (2.0 * reconcile.recordsPerSide())}, reconcileScenario, Double.NaN));
            figures.put("reconcile_records_checked_hubspot", figure("records", new double[] {full.hubSpotChecked()},
                    reconcileScenario, Double.NaN));
            figures.put("reconcile_records_checked_salesforce", figure("records", new double[] {
                    full.salesforceChecked()}, reconcileScenario, Double.NaN));
            figures.put("reconcile_drift_found_share", figure("share", new double[] {reconcile.driftFoundShare()},
                    reconcileScenario + "; must be 1", Double.NaN));
            figures.put("reconcile_repairs_enqueued", figure("records", new double[] {full.repairsEnqueued()},
                    reconcileScenario, Double.NaN));
            figures.put("reconcile_repair_notices", figure("messages", new double[] {full.repairNotices()},
                    reconcileScenario, Double.NaN));
            figures.put("reconcile_wall_time", figure("s", new double[] {full.seconds()}, reconcileScenario,
                    Double.NaN));
            figures.put("reconcile_drift_repaired_share_budget_" + reconcile.budget(), figure("share",
                    new double[] {reconcile.budgetedRepairedShare()}, reconcileScenario + "; one run held to "
                            + reconcile.budget() + " calls per CRM", Double.NaN));
        }
        System.out.println();
        System.out.printf("%-44s %12s %16s %26s %10s%n", "figure", "median", "unit", "spread (min–max)", "goal");
        figures.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) value;
            System.out.printf("%-44s %12.4f %16s %26s %10s%n", name, f.get("median"), f.get("unit"),
                    String.format("%.4f–%.4f", f.get("min"), f.get("max")), goalText(f));
        });
        System.out.printf("%nmake bench took %.1f min on %d cores%n",
                java.time.Duration.between(started, Instant.now()).toSeconds() / 60.0,
                Runtime.getRuntime().availableProcessors());
        Path out = Path.of("target", "bench.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), figures);
        System.out.println("\nwritten to " + out);
    }

    /** No goal for a figure that is only reported (NaN; written as null in the JSON). */
    private static String goalText(Map<String, Object> figure) {
        Object goal = figure.get("goal");
        return goal == null ? "–" : ("at least".equals(figure.get("goalIs")) ? "≥ " : "≤ ") + goal;
    }

    /** A JMH figure: its spread is the 99.9% interval of 5 measured iterations, and its goal a floor. */
    static Map<String, Object> atLeast(Map<String, Object> figure) {
        figure.put("goalIs", "at least");
        figure.put("runs", 5);
        return figure;
    }

    static Map<String, Object> figure(String unit, double[] values, String scenario, double goal) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("unit", unit);
        f.put("median", sorted[sorted.length / 2]);
        f.put("min", sorted[0]);
        f.put("max", sorted[sorted.length - 1]);
        f.put("runs", values.length);
        f.put("goal", Double.isNaN(goal) ? null : goal);
        f.put("goalIs", "at most");
        f.put("scenario", scenario);
        return f;
    }
}
