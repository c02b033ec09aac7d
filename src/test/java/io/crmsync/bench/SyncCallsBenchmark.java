package io.crmsync.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.CpuLimiter;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * API calls per synced record, from the sandboxes' exact counters, with crmsync deployed locally as in AWS
 * (function.zip, event source mapping with batch 100): N contacts created in HubSpot and synced to Salesforce,
 * then N of their Leads changed in Salesforce and synced back. Webhooks, CDC events and the OAuth token are
 * not API calls against the allocation; everything else both CRMs answered is counted.
 */
public final class SyncCallsBenchmark {

    /**
     * @param workerTimeouts worker invocations that ran past the function's Timeout, both directions
     * @param hubSpotToSalesforceWorkerMillis time the worker instances spent in invocations during that leg (summed)
     */
    public record Result(int records, long hubSpotToSalesforceCalls, double hubSpotToSalesforceSeconds,
            long salesforceToHubSpotCalls, double salesforceToHubSpotSeconds, int workerTimeouts,
            long hubSpotToSalesforceWorkerMillis, long salesforceToHubSpotWorkerMillis) {

        public double callsPerRecordHubSpotToSalesforce() {
            return (double) hubSpotToSalesforceCalls / records;
        }

        public double callsPerRecordSalesforceToHubSpot() {
            return (double) salesforceToHubSpotCalls / records;
        }

        public double workerMillisPerRecordHubSpotToSalesforce() {
            return (double) hubSpotToSalesforceWorkerMillis / records;
        }

        public double workerMillisPerRecordSalesforceToHubSpot() {
            return (double) salesforceToHubSpotWorkerMillis / records;
        }
    }

    private SyncCallsBenchmark() {
    }

    public static Result run(LocalAws aws, int records) {
        return run(aws, records, 1, Duration.ofMinutes(5));
    }

    /**
     * @param workerCpu below 1, each worker JVM is held to that share of one core ({@link CpuLimiter}), as a slower
     *        machine or a smaller function would run it
     * @param settleTimeout how long each direction may take to settle
     */
    public static Result run(LocalAws aws, int records, double workerCpu, Duration settleTimeout) {
        LocalDeployment.Options options = new LocalDeployment.Options(Path.of("target", "bench-sync"), 0, 0, 0, 0, 2,
                Duration.ofSeconds(1), LocalDeployment.SalesforceChanges.CDC_ONLY);
        if (workerCpu < 1) {
            options = options.withWorkerJvmOptions(List.of("-XX:ActiveProcessorCount=1"));
        }
        try (LocalDeployment deployment = LocalDeployment.start(aws, options);
                AutoCloseable limiter = workerCpu < 1 ? CpuLimiter.start(deployment.worker(), workerCpu) : () -> {
                }) {
            HubSpotSandbox hubSpot = deployment.hubSpot();
            SalesforceSandbox salesforce = deployment.salesforce();
            deployment.registerTenant(aws);

            Instant start = Instant.now();
            long workerStart = deployment.worker().api().busyMillis();
            List<String> contacts = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                contacts.add(hubSpot.createContact(Map.of("email", "bench" + i + "@example.com", "firstname", "Bench",
                        "lastname", "Contact " + i, "jobtitle", "Tester")));
            }
            await(() -> salesforce.count("Lead") >= records, settleTimeout, "all Leads created");
            Settling.awaitSettled(aws, deployment, settleTimeout);
            long toSalesforce = apiCalls(hubSpot, salesforce);
            double toSalesforceSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            long toSalesforceWorker = deployment.worker().api().busyMillis() - workerStart;

            hubSpot.resetCounters();
            salesforce.resetCounters();
            start = Instant.now();
            workerStart = deployment.worker().api().busyMillis();
            // "Changed at once" the way a Data Loader or mass update does it: collections of 200 per transaction,
            // which Salesforce reports as one change event per transaction naming all its records.
            long userCalls = bulkUpdateLeads(salesforce, "Title", "Changed in Salesforce");
            await(() -> contacts.stream().allMatch(id -> "Changed in Salesforce".equals(
                    hubSpot.contact(id).orElseThrow().get("jobtitle"))), settleTimeout, "all contacts updated");
            Settling.awaitSettled(aws, deployment, settleTimeout);
            long toHubSpot = apiCalls(hubSpot, salesforce) - userCalls;
            double toHubSpotSeconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
            long toHubSpotWorker = deployment.worker().api().busyMillis() - workerStart;
            return new Result(records, toSalesforce, toSalesforceSeconds, toHubSpot, toHubSpotSeconds,
                    deployment.worker().api().timeouts(), toSalesforceWorker, toHubSpotWorker);
        } catch (Exception e) {
            // Only the limiter's close declares Exception; everything else is unchecked already.
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }

    /** Updates every Lead through the REST API as a user's tool would; returns the calls it made. */
    static long bulkUpdateLeads(SalesforceSandbox salesforce, String field, String value) {
        return bulkUpdateLeads(salesforce, salesforce.leads().stream().map(lead -> lead.get("Id").toString())
                .toList(), field, value);
    }

    /** Updates these Leads through the REST API in collections of 200; returns the calls it made. */
    public static long bulkUpdateLeads(SalesforceSandbox salesforce, List<String> leadIds, String field, String value) {
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            String form = "grant_type=client_credentials&client_id=" + LocalDeployment.SALESFORCE_CLIENT_ID
                    + "&client_secret=" + LocalDeployment.SALESFORCE_CLIENT_SECRET;
            String token = json.readTree(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                    salesforce.baseUrl() + "/services/oauth2/token")).header("Content-Type",
                            "application/x-www-form-urlencoded").POST(java.net.http.HttpRequest.BodyPublishers
                                    .ofString(form)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body())
                    .get("access_token").asText();
            long calls = 0;
            for (int from = 0; from < leadIds.size(); from += 200) {
                List<Map<String, Object>> records = new ArrayList<>();
                for (String id : leadIds.subList(from, Math.min(leadIds.size(), from + 200))) {
                    records.add(Map.of("attributes", Map.of("type", "Lead"), "Id", id, field, value));
                }
                java.net.http.HttpResponse<String> response = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(salesforce.baseUrl() + "/services/data/v62.0/composite/sobjects"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString(json.writeValueAsString(
                                Map.of("allOrNone", true, "records", records)))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new IllegalStateException("bulk update answered " + response.statusCode());
                }
                calls++;
            }
            return calls;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every counted API call on both sides except the OAuth token (one per worker instance, not per record). */
    static long apiCalls(HubSpotSandbox hubSpot, SalesforceSandbox salesforce) {
        return hubSpot.totalCalls() + salesforce.callCounts().entrySet().stream()
                .filter(e -> !e.getKey().contains("/oauth2/token")).mapToLong(Map.Entry::getValue).sum();
    }

    private static void await(java.util.function.BooleanSupplier condition, Duration timeout, String what) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("benchmark: not reached within " + timeout + ": " + what);
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        LocalHttp.answerWithoutDelayedAcks();
        try (LocalAws aws = LocalAws.start()) {
            Result r = run(aws, args.length > 0 ? Integer.parseInt(args[0]) : 1000);
            System.out.printf("%s%nHubSpot→Salesforce: %.4f calls/record; Salesforce→HubSpot: %.4f calls/record%n", r,
                    r.callsPerRecordHubSpotToSalesforce(), r.callsPerRecordSalesforceToHubSpot());
        }
    }
}
