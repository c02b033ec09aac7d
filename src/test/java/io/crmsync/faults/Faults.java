package io.crmsync.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.crmsync.localaws.LocalAws;

/**
 * {@code make faults}: the fault scenarios on the local stack (function.zip under the Lambda runtime interface
 * client, local AWS, both CRM sandboxes), each from a clean stack. Prints a table, writes target/faults.json and
 * exits non-zero when any scenario lost or duplicated a change, left something in a dead-letter queue or did not
 * converge. {@code -Dfaults.only=redelivery,race} runs some of them; sizes are {@code -Dfaults.*} properties
 * (see {@link Scenarios}).
 */
public final class Faults {

    private static final Map<String, Function<LocalAws, Outcome>> SCENARIOS = scenarios();

    private Faults() {
    }

    private static Map<String, Function<LocalAws, Outcome>> scenarios() {
        Map<String, Function<LocalAws, Outcome>> all = new LinkedHashMap<>();
        all.put("redelivery", Scenarios::redelivery);
        all.put("outage", Scenarios::outage);
        all.put("allocation", Scenarios::allocation);
        all.put("race", Scenarios::race);
        all.put("hostile", HostileRequests::run);
        all.put("intake-outage", IntakeOutage::run);
        all.put("kills", WorkerKills::run);
        all.put("slow-cpu", QuarterCpu::run);
        all.put("downtime", Downtime::run);
        return all;
    }

    public static void main(String[] args) throws IOException {
        Set<String> only = Set.of(System.getProperty("faults.only", String.join(",", SCENARIOS.keySet())).split(","));
        Instant started = Instant.now();
        List<Outcome> outcomes = new ArrayList<>();
        try (LocalAws aws = LocalAws.start()) {
            SCENARIOS.forEach((name, scenario) -> {
                if (!only.contains(name)) {
                    return;
                }
                long t0 = System.nanoTime();
                Outcome outcome;
                try {
                    outcome = scenario.apply(aws);
                } catch (RuntimeException e) {
                    // A scenario that could not even finish its set-up is a failure with nothing verified.
                    e.printStackTrace();
                    outcome = new Outcome(name, "aborted: " + e.getMessage(), 0, 0, 0, 0, 0, 0, 0, 0, false,
                            List.of(String.valueOf(e.getMessage())));
                }
                outcomes.add(outcome);
                System.out.printf("faults: %s took %.0f s: %s%n", name, (System.nanoTime() - t0) / 1e9,
                        outcome.passed() ? "passed" : "FAILED " + outcome.lostExamples());
            });
        }
        print(outcomes, Duration.between(started, Instant.now()));
        Path out = Path.of("target", "faults.json");
        Files.createDirectories(out.getParent());
        Map<String, Object> json = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("description", o.description());
            row.put("passed", o.passed());
            row.put("changes_made", o.changesMade());
            row.put("changes_applied", o.changesApplied());
            row.put("duplicates", o.duplicates());
            row.put("lost", o.lost());
            row.put("change_dlq_depth", o.changeDlq());
            row.put("cdc_failed_events", o.cdcFailedEvents());
            row.put("crm_calls", o.crmCalls());
            row.put("converged", o.converged());
            row.put("converge_seconds", Math.round(o.convergeSeconds() * 10) / 10.0);
            row.put("lost_examples", o.lostExamples());
            row.putAll(o.figures());
            json.put(o.scenario(), row);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
        System.out.println("written to " + out);
        boolean allPassed = !outcomes.isEmpty() && outcomes.stream().allMatch(Outcome::passed);
        // Exit explicitly: the sandboxes' and relays' threads must not keep a failed run alive.
        System.exit(allPassed ? 0 : 1);
    }

    private static void print(List<Outcome> outcomes, Duration took) {
        System.out.println();
        System.out.printf("%-11s %8s %8s %6s %6s %5s %7s %9s %12s %7s%n", "scenario", "changes", "applied", "dups",
                "lost", "DLQ", "CDC-DLQ", "CRM calls", "converge (s)", "result");
        for (Outcome o : outcomes) {
            System.out.printf("%-11s %8d %8d %6d %6d %5d %7d %9d %12s %7s%n", o.scenario(), o.changesMade(),
                    o.changesApplied(), o.duplicates(), o.lost(), o.changeDlq(), o.cdcFailedEvents(), o.crmCalls(),
                    String.format("%.1f%s", o.convergeSeconds(), o.converged() ? "" : " (never)"),
                    o.passed() ? "pass" : "FAIL");
        }
        outcomes.forEach(o -> System.out.println("  " + o.scenario() + ": " + o.description()
                + (o.figures().isEmpty() ? "" : "; " + o.figures())));
        System.out.printf("%nmake faults took %.1f min on %d cores%n", took.toSeconds() / 60.0,
                Runtime.getRuntime().availableProcessors());
    }
}
