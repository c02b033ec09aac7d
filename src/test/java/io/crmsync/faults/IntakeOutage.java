package io.crmsync.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.ingest.HubSpotSignatureV3;
import io.crmsync.localaws.LocalAws;
import io.crmsync.locallambda.EventBridgeRule;
import io.crmsync.sandbox.hubspot.WebhookDelivery;
import io.crmsync.sandbox.hubspot.WebhookRetries;
import io.crmsync.sandbox.salesforce.OutboundMessaging;

/**
 * The {@code intake-outage} scenario: SQS down for the intake functions for {@code faults.intake.outage.seconds}
 * (60), then DynamoDB down for them as long, while every record changes on both sides every 15 s. The doors must
 * answer 503 with Retry-After (no acknowledgement, nothing half-enqueued), and the CRMs' own redelivery must bring
 * every change in: HubSpot's webhook retries (its schedule, shortened), Salesforce's Outbound Message retries
 * (growing intervals, shortened), and Lambda's two retries of the CDC function's asynchronous invocation (its
 * real 1 and 2 minute waits). The worker keeps its access: only intake is down.
 */
final class IntakeOutage {

    static final int OUTAGE_SECONDS = Integer.getInteger("faults.intake.outage.seconds", 60);
    /** HubSpot's webhook retry schedule (1 min doubling to 8 h) divided by this: 1 s doubling to 8 min. */
    static final long HUBSPOT_RETRY_SHORTENING = Long.getLong("faults.intake.hubspot.retry.shortening", 60);
    /** The functions that take changes in: only their calls fail during the outage. */
    static final Set<String> INTAKE = Set.of("hubspot-webhook", "salesforce-outbound", "salesforce-cdc");

    private IntakeOutage() {
    }

    static Outcome run(LocalAws aws) {
        int rounds = Math.max(2, 2 * OUTAGE_SECONDS / 15);
        String description = String.format("%d contacts from HubSpot and %d Leads from Salesforce synced; then SQS down "
                + "for the intake functions for %d s, then DynamoDB for %d s (their calls answered 503), while every "
                + "record changes on both sides every 15 s (%d rounds); HubSpot's webhook retries on its schedule "
                + "shortened %dx, Outbound Message retries 1 s growing to 16 s, CDC invocations retried after 1 and "
                + "2 min as Lambda does", Scenarios.RECORDS, Scenarios.LEADS, OUTAGE_SECONDS, OUTAGE_SECONDS, rounds,
                HUBSPOT_RETRY_SHORTENING);
        try (FaultStack stack = FaultStack.start(aws, "intake-outage", 2, Optional.empty())) {
            LocalDeployment deployment = stack.deployment();
            stack.hubSpot().webhookRetries(WebhookRetries.hubSpotShortenedBy(HUBSPOT_RETRY_SHORTENING));
            stack.salesforce().outboundMessages().retryPolicy(new OutboundMessaging.RetryPolicy(Duration.ofSeconds(1),
                    Duration.ofSeconds(16)));
            deployment.cdcRule().retryDelays(EventBridgeRule.LAMBDA_RETRY_DELAYS);
            Ledger ledger = new Ledger();
            Pairs pairs = Pairs.create(stack, ledger, "e");
            Convergence.awaitIdle(stack, Duration.ofSeconds(Scenarios.TIMEOUT_SECONDS));
            int webhooksBefore = stack.hubSpot().deliveries().size();
            int outboundBefore = stack.salesforce().outboundMessages().attempts().size();

            CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> pairs.change(stack, ledger, rounds,
                    Duration.ofSeconds(15)));
            List<String> probes = new ArrayList<>();
            try {
                for (String service : List.of("sqs", "dynamodb")) {
                    aws.iam().outage(service, INTAKE);
                    System.out.printf("faults: intake-outage: %s down for the intake functions%n", service);
                    Convergence.sleep(OUTAGE_SECONDS * 500L);
                    probes.add(service + ": " + probe(deployment, pairs));
                    Convergence.sleep(OUTAGE_SECONDS * 500L);
                    aws.iam().endOutage(service);
                }
            } finally {
                aws.iam().endOutage("sqs");
                aws.iam().endOutage("dynamodb");
            }
            System.out.println("faults: intake-outage: intake is up again; " + probes);
            changes.join();
            Outcome outcome = Convergence.await("intake-outage", description, stack, ledger,
                    Duration.ofSeconds(Integer.getInteger("faults.intake.timeout.seconds", 600)));
            List<WebhookDelivery> allWebhooks = stack.hubSpot().deliveries();
            List<WebhookDelivery> webhooks = allWebhooks.subList(webhooksBefore, allWebhooks.size());
            List<OutboundMessaging.Attempt> allOutbound = stack.salesforce().outboundMessages().attempts();
            String figures = "doors during the outage: " + probes + "; webhook POSTs by status "
                    + histogram(webhooks, IntakeOutage::statusOf) + ", resends "
                    + webhooks.stream().filter(d -> d.attempt() > 0).count()
                    + "; Outbound Message attempts by status " + histogram(allOutbound.subList(outboundBefore,
                            allOutbound.size()), a -> String.valueOf(a.status()))
                    + "; CDC events delivered " + deployment.cdcRule().delivered() + ", parked "
                    + deployment.cdcRule().failed().size();
            System.out.println("faults: intake-outage: " + figures);
            List<String> problems = new ArrayList<>(outcome.lostExamples());
            probes.stream().filter(p -> !p.contains("503 with Retry-After") || p.contains("not 503"))
                    .forEach(p -> problems.add("a door did not answer 503 with Retry-After: " + p));
            boolean doorsRight = problems.size() == outcome.lostExamples().size();
            return new Outcome(outcome.scenario(), description + ". " + figures, outcome.changesMade(),
                    outcome.changesApplied(), outcome.duplicates(), outcome.lost(), outcome.changeDlq(),
                    outcome.cdcFailedEvents(), outcome.crmCalls(), outcome.convergeSeconds(),
                    outcome.converged() && doorsRight, problems);
        }
    }

    private static String statusOf(WebhookDelivery d) {
        return d.status().map(String::valueOf).orElse("no answer");
    }

    private static <T> Map<String, Long> histogram(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
    }

    /**
     * A valid, freshly signed webhook and a valid Outbound Message (for records that exist) sent to the doors
     * while intake is down: each must be answered 503 with Retry-After. Were one accepted, it would only enqueue a
     * hint for a record the scenario changes anyway.
     */
    private static String probe(LocalDeployment deployment, Pairs pairs) {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String contactId = pairs.contactsFromHubSpot().get(0);
        String webhookBody = "[{\"eventId\":1,\"subscriptionId\":1001,\"portalId\":" + LocalDeployment.PORTAL_ID
                + ",\"appId\":" + LocalDeployment.APP_ID + ",\"occurredAt\":" + System.currentTimeMillis()
                + ",\"subscriptionType\":\"contact.propertyChange\",\"attemptNumber\":0,\"objectId\":" + contactId
                + ",\"propertyName\":\"jobtitle\",\"propertyValue\":\"x\",\"changeSource\":\"CRM_UI\"}]";
        String ts = Long.toString(System.currentTimeMillis());
        HttpRequest webhook = HttpRequest.newBuilder(URI.create(deployment.webhookUrl()))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .header("x-hubspot-request-timestamp", ts)
                .header("x-hubspot-signature-v3", HubSpotSignatureV3.signatureFor(LocalDeployment.HUBSPOT_CLIENT_SECRET,
                        "POST", deployment.webhookUrl(), webhookBody.getBytes(StandardCharsets.UTF_8), ts))
                .POST(HttpRequest.BodyPublishers.ofString(webhookBody)).build();
        String outboundBody = """
                <?xml version="1.0" encoding="UTF-8"?>
                <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" \
                xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
                 <soapenv:Body>
                  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
                   <OrganizationId>%s</OrganizationId>
                   <ActionId>04k5g000000GmnAAAS</ActionId>
                   <Notification>
                    <Id>04l5g00000CnHz1AAF</Id>
                    <sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
                     <sf:Id>%s</sf:Id>
                    </sObject>
                   </Notification>
                  </notifications>
                 </soapenv:Body>
                </soapenv:Envelope>
                """.formatted(deployment.salesforce().orgId(), pairs.leadsFromSalesforce().get(0));
        HttpRequest outbound = HttpRequest.newBuilder(URI.create(deployment.outboundUrl() + "?token="
                + LocalDeployment.OUTBOUND_TOKEN)).timeout(Duration.ofSeconds(30))
                .header("content-type", "text/xml; charset=utf-8").header("soapaction", "\"\"")
                .POST(HttpRequest.BodyPublishers.ofString(outboundBody)).build();
        return "webhook " + answer(http, webhook) + ", Outbound Message " + answer(http, outbound);
    }

    private static String answer(HttpClient http, HttpRequest request) {
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String retryAfter = response.headers().firstValue("retry-after").map(v -> " with Retry-After " + v)
                    .orElse(" without Retry-After");
            return (response.statusCode() == 503 ? "503" : "not 503 but " + response.statusCode()) + retryAfter
                    + String.format(" in %d ms", (System.nanoTime() - t0) / 1_000_000);
        } catch (Exception e) {
            return "not 503 but " + e;
        }
    }
}
