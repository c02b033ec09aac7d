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

    private Bench() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, Object> figures = new LinkedHashMap<>();
        try (LocalAws aws = LocalAws.start()) {
            List<WebhookAckBenchmark.Result> runs = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                runs.add(WebhookAckBenchmark.run(aws, 300, 1000));
            }
            String scenario = "hubspot-webhook in-JVM, 100-event requests, 1,000 measured after 300 warm-up, ElasticMQ";
            figures.put("webhook_ack_p50", figure("ms", runs.stream().mapToDouble(WebhookAckBenchmark.Result::p50Millis)
                    .toArray(), scenario, 50.0));
            figures.put("webhook_ack_p99", figure("ms", runs.stream().mapToDouble(WebhookAckBenchmark.Result::p99Millis)
                    .toArray(), scenario, 50.0));
            aws.reset();
            // Call counts are exact (sandbox counters), so one run of 1,000 records each way is enough.
            SyncCallsBenchmark.Result calls = SyncCallsBenchmark.run(aws, 1000);
            String callScenario = "1,000 contacts created in HubSpot, then their 1,000 Leads changed in Salesforce in "
                    + "collections of 200; function.zip locally, batch 100, CDC; counted by the sandboxes";
            figures.put("api_calls_per_record_hubspot_to_salesforce", figure("calls/record",
                    new double[] {calls.callsPerRecordHubSpotToSalesforce()}, callScenario, 0.05));
            figures.put("api_calls_per_record_salesforce_to_hubspot", figure("calls/record",
                    new double[] {calls.callsPerRecordSalesforceToHubSpot()}, callScenario, 0.05));
        }
        System.out.println();
        System.out.printf("%-44s %10s %14s %18s %8s%n", "figure", "median", "unit", "spread (min–max)", "goal");
        figures.forEach((name, value) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> f = (Map<String, Object>) value;
            System.out.printf("%-44s %10.4f %14s %18s %8s%n", name, f.get("median"), f.get("unit"),
                    f.get("min") + "–" + f.get("max"), "≤ " + f.get("goal"));
        });
        Path out = Path.of("target", "bench.json");
        Files.createDirectories(out.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), figures);
        System.out.println("\nwritten to " + out);
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
        f.put("goal", goal);
        f.put("scenario", scenario);
        return f;
    }
}
