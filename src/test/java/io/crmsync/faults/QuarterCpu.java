package io.crmsync.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.bench.SyncCallsBenchmark;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.CpuLimiter;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * The worker at a quarter of the CPU (what a function of about 450 MB gets in Lambda) while a bulk change of
 * thousands of Leads arrives in notices of up to 200 records each, with live changes on both sides. The worker's
 * deadline must keep every invocation inside the function's 60 s Timeout: a timeout fails the scenario, whatever
 * else converged. The records are seeded at full speed; the limiter holds each worker JVM (started with
 * {@code -XX:ActiveProcessorCount=1}) to one core and 25 ms of every 100 ms from the bulk change on.
 */
final class QuarterCpu {

    /** Leads created in Salesforce, synced, then changed at once in collections of 200. */
    static final int BULK_LEADS = Integer.getInteger("faults.bulk.leads", 2000);
    static final double CPU_SHARE = Double.parseDouble(System.getProperty("faults.cpu.share", "0.25"));
    static final int TIMEOUT_SECONDS = Integer.getInteger("faults.slow.timeout.seconds", 900);

    private QuarterCpu() {
    }

    static Outcome run(LocalAws aws) {
        String description = String.format("%d contacts from HubSpot, %d Leads and %d more Leads from Salesforce "
                + "synced; then, with each worker JVM at %.0f%% of one core (taskset, -XX:ActiveProcessorCount=1, "
                + "SIGSTOP/SIGCONT duty cycle), the %d Leads' Title changed at once in collections of 200 and %d "
                + "rounds of changes on both sides", Scenarios.RECORDS, Scenarios.LEADS, BULK_LEADS, CPU_SHARE * 100,
                BULK_LEADS, Scenarios.ROUNDS);
        try (FaultStack stack = FaultStack.start(aws, "slow-cpu", 2, Optional.empty(),
                List.of("-XX:ActiveProcessorCount=1"), Map.of())) {
            SalesforceSandbox salesforce = stack.salesforce();
            Ledger ledger = new Ledger();
            Pairs pairs = Pairs.create(stack, ledger, "q");
            List<String> bulkIds = new ArrayList<>();
            List<String> bulkEmails = new ArrayList<>();
            for (int i = 0; i < BULK_LEADS; i++) {
                String email = "q-bulk" + i + "@faults.example";
                bulkIds.add(salesforce.insert("Lead", Map.of("Email", email, "FirstName", "Bulk", "LastName",
                        "Bulk " + i, "Company", "Faults Inc", "Title", "created")));
                ledger.created(email, "Bulk " + i);
                bulkEmails.add(email);
            }
            Duration timeout = Duration.ofSeconds(TIMEOUT_SECONDS);
            Pairs.awaitContacts(stack, bulkEmails, timeout);
            Convergence.awaitIdle(stack, timeout);
            long invocationsBefore = stack.events().invocations();
            int timeoutsBefore = stack.worker().api().timeouts();
            Outcome outcome;
            try (CpuLimiter limiter = CpuLimiter.start(stack.worker(), CPU_SHARE)) {
                String title = "bulk-title";
                SyncCallsBenchmark.bulkUpdateLeads(salesforce, bulkIds, "Title", title);
                bulkEmails.forEach(email -> ledger.wrote(email, Ledger.JOB_TITLE, title));
                pairs.change(stack, ledger, Scenarios.ROUNDS, Duration.ofSeconds(3));
                outcome = Convergence.await("slow-cpu", description, stack, ledger, timeout);
            }
            long timeouts = stack.worker().api().timeouts() - timeoutsBefore;
            Map<String, Long> figures = new LinkedHashMap<>();
            figures.put("invocations", stack.events().invocations() - invocationsBefore);
            figures.put("invocation_timeouts", timeouts);
            figures.put("failed_invocations", stack.events().failedInvocations());
            System.out.printf("faults: slow-cpu: %s%n", figures);
            return timeouts > 0
                    ? outcome.failedBecause(timeouts + " worker invocations ran past the function's Timeout", figures)
                    : outcome.withFigures(figures);
        }
    }
}
