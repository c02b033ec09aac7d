package io.crmsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        System.out.printf("%-44s %10s %14s %18s %8s%n", "figure", "median", "unit", "spread (min–max)", "goal");
        figures.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) value;
            System.out.printf("%-44s %10.4f %14s %18s %8s%n", name, f.get("median"), f.get("unit"),
                    f.get("min") + "–" + f.get("max"), goalText(f.get("goal")));
        });
        Path out = Path.of("target", "bench.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), figures);
        System.out.println("\nwritten to " + out);
    }

    /** No goal for a figure that is only reported (NaN; written as null in the JSON). */
    private static String goalText(Object goal) {
        return goal == null ? "–" : "≤ " + goal;
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
        f.put("scenario", scenario);
        return f;
    }
}
