package io.crmsync.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.bench.ChangeToVisibleBenchmark.Latencies;
import io.crmsync.bench.LiveAndEchoBenchmark.Direction;
import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/**
 * Several HubSpot portals on one Salesforce org (issue 19), on a whole local deployment (function.zip under the
 * Lambda runtime interface client, CDC only, two worker instances, the batching window template.yaml deploys):
 * portal 1 is tenant {@code local} with the default id fields, portals 2.. are tenants {@code portal-<n>}, each
 * stamping its HubSpot ids in Salesforce fields of its own (added to the org and set in its mappings through the
 * admin API, as its admin would). Every tenant follows HubSpot's advice for a shared org, salesforceToHubSpot
 * DO_NOTHING, so a record pairs only within its own portal and one portal's figures compare with a lone portal's.
 *
 * <ol>
 * <li><b>seed</b>: portal by portal, N contacts created in it until each is a Lead stamped in that portal's field
 * and the deployment settled; the calls counted meanwhile (both CRMs, every portal) divided by N are that portal's
 * calls per record, the other tenants' reads of the CDC events fanned out to them included;
 * <li><b>live</b>: changes at a steady rate (one per portal every 750 ms), round-robin over the portals and both
 * directions (a contact's
 * jobtitle until the Lead's Title holds it; a Lead's Title until that portal's contact holds it), timed per portal
 * and direction; calls counted from the first change until settled: each portal's own HubSpot calls and the
 * Salesforce writes marked with its tenant (Sforce-Call-Options) per change of that portal, and all calls per
 * change overall, which includes the reads of tenants a CDC event is fanned out to; the worker's log line per
 * tenant batch ("tenant t: … CRM calls {…}") gives each tenant's own calls, and those of its batches that only
 * skipped records (other portals' Leads) are the fan-out's cost;
 * <li><b>loops</b>: once settled, a few seconds' wait; the writes counted then must be 0.
 * </ol>
 */
public final class SharedOrgBenchmark {

    static final int WORKER_INSTANCES = 2;
    /**
     * Time between two changes of one portal, the same however many portals: the worker batches each tenant's
     * notices apart, so a portal's calls per change depend on its own rate of changes, which this keeps equal.
     */
    static final Duration INTERVAL_PER_PORTAL = Duration.ofMillis(750);
    /** Changes (the first round over portals and directions, twice) that warm the functions up, not timed. */
    static final int WARM_UP_ROUNDS = 2;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final Duration QUIET = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One portal's figures.
     *
     * @param seedCallsPerRecord          calls (both CRMs, all portals) while its contacts became Leads, per contact
     * @param liveChanges                 changes made in or for this portal, both directions
     * @param liveHubSpotCallsPerChange   this portal's HubSpot calls during the live phase, per change of it
     * @param liveSalesforceWritesPerChange Salesforce writes marked with this portal's tenant, per change of it
     */
    public record Portal(String tenant, double seedCallsPerRecord, int liveChanges, double liveHubSpotCallsPerChange,
            double liveSalesforceWritesPerChange, WorkerLog.TenantCalls liveTenantCalls,
            Latencies hubSpotToSalesforce, Latencies salesforceToHubSpot, Latencies all) {

        /** Every call the worker made for this tenant in the live phase, per change of its portal. */
        public double liveTenantCallsPerChange() {
            return liveTenantCalls.calls() / (double) liveChanges;
        }

        /** Calls of its batches that only skipped other portals' records, per change of the other portals. */
        public double liveFanOutCallsPerOtherChange(int otherChanges) {
            return otherChanges == 0 ? 0 : liveTenantCalls.skipOnlyCalls() / (double) otherChanges;
        }
    }

    /**
     * @param liveCallsPerChange           all calls (both CRMs, every portal) of the live phase, per change
     * @param liveSalesforceReadsPerChange Salesforce reads of the live phase per change: the fan-out shows here
     * @param liveWritesPerChange          writes of the live phase per change: 1 is the sync itself, more a loop
     * @param writesAfterSettle            writes during the quiet seconds after the deployment settled: must be 0
     */
    public record Result(List<Portal> portals, int recordsPerPortal, int changes, Duration interval,
            double liveCallsPerChange,
            double liveSalesforceReadsPerChange, double liveWritesPerChange, long writesAfterSettle,
            Map<String, Long> liveCallsByEndpoint, Duration batchingWindow, double seconds) {
    }

    /** A contact of one portal and its Lead. */
    private record Pair(int portal, String contactId, String leadId) {
    }

    private record Pending(int portal, Direction direction, Pair pair, String value, long writtenNanos,
            boolean counted) {
    }

    private SharedOrgBenchmark() {
    }

    /** {@code portals} portals on the org, {@code records} contacts seeded in each, {@code changes} live changes. */
    public static Result run(LocalAws aws, int portals, int records, int changesPerPortal) {
        int changes = changesPerPortal * portals;
        Duration interval = INTERVAL_PER_PORTAL.dividedBy(portals);
        SyncedPair.requireEmptyLinks(aws);
        Instant start = Instant.now();
        Duration batchingWindow = ChangeToVisibleBenchmark.deployedBatchingWindow();
        try (LocalDeployment deployment = LocalDeployment.start(aws, new LocalDeployment.Options(
                Path.of("target", "bench-portals-" + portals), 0, 0, 0, 0, WORKER_INSTANCES, batchingWindow,
                LocalDeployment.SalesforceChanges.CDC_ONLY).withPortals(portals))) {
            for (int p = 1; p <= portals; p++) {
                connectAsSharedOrgTenant(deployment, p);
            }
            List<List<Pair>> pairs = new ArrayList<>();
            double[] seedCallsPerRecord = new double[portals];
            for (int p = 1; p <= portals; p++) {
                SandboxCalls before = calls(deployment);
                WorkerLog.Mark logBeforeSeed = WorkerLog.mark(deployment.logDir());
                pairs.add(seed(aws, deployment, p, records));
                SandboxCalls seedCalls = calls(deployment).since(before);
                seedCallsPerRecord[p - 1] = seedCalls.total() / (double) records;
                System.out.printf("bench: portals %d, seed of portal %d: calls %s; worker calls by tenant %s%n",
                        portals, p, seedCalls.sorted(), WorkerLog.since(deployment.logDir(), logBeforeSeed));
            }

            SandboxCalls beforeLive = calls(deployment);
            int writeMarksBefore = deployment.salesforce().callOptionsLog().size();
            List<Map<String, Long>> hubSpotBefore = deployment.portals().stream().map(HubSpotSandbox::callCounts)
                    .toList();
            WorkerLog.Mark logBefore = WorkerLog.mark(deployment.logDir());
            Live live = live(aws, deployment, pairs, changes, interval);
            awaitSettled(aws, deployment);
            SandboxCalls liveCalls = calls(deployment).since(beforeLive);
            List<SalesforceSandbox.CallOptions> liveMarks = deployment.salesforce().callOptionsLog().subList(
                    writeMarksBefore, deployment.salesforce().callOptionsLog().size());

            // Loops: nothing may write once the deployment has settled, however long one waits.
            SandboxCalls settled = calls(deployment);
            Settling.sleep(QUIET.toMillis());
            awaitSettled(aws, deployment);
            long writesAfterSettle = calls(deployment).since(settled).writes();
            Map<String, WorkerLog.TenantCalls> byTenant = WorkerLog.since(deployment.logDir(), logBefore);

            List<Portal> figures = new ArrayList<>();
            for (int p = 1; p <= portals; p++) {
                String tenant = tenant(p);
                HubSpotSandbox portal = deployment.portals().get(p - 1);
                long hubSpotCalls = total(portal.callCounts()) - total(hubSpotBefore.get(p - 1));
                long salesforceWrites = liveMarks.stream().filter(m -> m.value().map(v -> v.endsWith("-" + tenant))
                        .orElse(false)).count();
                int made = live.made()[p - 1];
                figures.add(new Portal(tenant, seedCallsPerRecord[p - 1], made, hubSpotCalls / (double) made,
                        salesforceWrites / (double) made, byTenant.getOrDefault(tenant, WorkerLog.TenantCalls.NONE),
                        Latencies.of(live.millis(p, Direction.HUBSPOT_TO_SALESFORCE)),
                        Latencies.of(live.millis(p, Direction.SALESFORCE_TO_HUBSPOT)), Latencies.of(live.millis(p))));
                requireStampedByOwnPortalOnly(deployment, pairs.get(p - 1), portals);
                if (portal.contactCount() != records) {
                    throw new IllegalStateException("benchmark: portal " + p + " holds " + portal.contactCount()
                            + " contacts, not its " + records + ": records crossed portals");
                }
            }
            long salesforceReads = liveCalls.byEndpoint().entrySet().stream()
                    .filter(e -> e.getKey().startsWith("salesforce ") && !SandboxCalls.isWrite(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            return new Result(figures, records, live.total(), interval, liveCalls.total() / (double) live.total(),
                    salesforceReads / (double) live.total(), liveCalls.writes() / (double) live.total(),
                    writesAfterSettle, liveCalls.sorted(), batchingWindow,
                    Duration.between(start, Instant.now()).toMillis() / 1000.0);
        }
    }

    /** Each Lead of a portal carries that portal's HubSpot id only: no other tenant paired it. */
    private static void requireStampedByOwnPortalOnly(LocalDeployment deployment, List<Pair> pairs, int portals) {
        for (Pair pair : pairs) {
            Map<String, Object> lead = deployment.salesforce().record(pair.leadId()).orElseThrow();
            for (int other = 1; other <= portals; other++) {
                Object stamped = lead.get(idField(other, "Contact"));
                boolean expected = other == pair.portal() ? pair.contactId().equals(stamped) : stamped == null;
                if (!expected) {
                    throw new IllegalStateException("benchmark: a Lead of portal " + pair.portal() + " holds "
                            + (stamped == null ? "no id" : "an id") + " in portal " + other + "'s field");
                }
            }
        }
    }

    static String tenant(int portal) {
        return portal == 1 ? LocalDeployment.TENANT : LocalDeployment.sharedOrgTenant(portal);
    }

    /** The Salesforce field the portal's tenant stamps its HubSpot ids in, for one kind of HubSpot record. */
    static String idField(int portal, String kind) {
        return portal == 1 ? switch (kind) {
            case "Contact" -> ObjectPair.CONTACT_LEAD.defaultIdField();
            case "Company" -> ObjectPair.COMPANY_ACCOUNT.defaultIdField();
            default -> ObjectPair.DEAL_OPPORTUNITY.defaultIdField();
        } : "HubSpot_P" + portal + "_" + kind + "_Id__c";
    }

    /**
     * Portals after the first get id fields of their own (in Salesforce, then in their mappings); every tenant is
     * set not to create HubSpot contacts for Salesforce records, as HubSpot advises for several portals on an org.
     */
    private static void connectAsSharedOrgTenant(LocalDeployment deployment, int portal) {
        String tenant = tenant(portal);
        if (portal > 1) {
            SalesforceSandbox salesforce = deployment.salesforce();
            String label = "HubSpot P" + portal + " Id";
            salesforce.addCustomField("Lead", idField(portal, "Contact"), label);
            salesforce.addCustomField("Contact", idField(portal, "Contact"), label);
            salesforce.addCustomField("Account", idField(portal, "Company"), label);
            salesforce.addCustomField("Opportunity", idField(portal, "Deal"), label);
            String yaml = String.format("""
                    contact_lead:
                      preset: recommended
                      salesforceIdField: %1$s
                    contact_contact:
                      preset: recommended
                      salesforceIdField: %1$s
                    company_account:
                      preset: recommended
                      salesforceIdField: %2$s
                    deal_opportunity:
                      preset: recommended
                      salesforceIdField: %3$s
                    """, idField(portal, "Contact"), idField(portal, "Company"), idField(portal, "Deal"));
            String planId = admin(deployment, "POST", "/tenants/" + tenant + "/mappings/plan", Map.of("yaml", yaml))
                    .path("planId").asText();
            admin(deployment, "POST", "/tenants/" + tenant + "/mappings/apply", Map.of("yaml", yaml, "reviewed",
                    planId));
        }
        admin(deployment, "PUT", "/tenants/" + tenant + "/settings", Map.of("salesforceToHubSpot", "DO_NOTHING"));
    }

    private static com.fasterxml.jackson.databind.JsonNode admin(LocalDeployment deployment, String method,
            String path, Map<String, String> body) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(deployment.adminUrl().replaceAll("/+$", "")
                    + path)).timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
            HttpResponse<String> answer = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("benchmark: " + method + " " + path + " answered "
                        + answer.statusCode() + ": " + answer.body());
            }
            return JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Contacts created in one portal until each has its Lead, stamped in that portal's field, and all settled. */
    private static List<Pair> seed(LocalAws aws, LocalDeployment deployment, int portal, int count) {
        HubSpotSandbox hubSpot = deployment.portals().get(portal - 1);
        SalesforceSandbox salesforce = deployment.salesforce();
        int leadsBefore = salesforce.count("Lead");
        List<String> contacts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            contacts.add(hubSpot.createContact(Map.of("email", "portal" + portal + "-" + i + "@example.com",
                    "firstname", "Bench", "lastname", "Contact " + i, "company", "Bench Inc", "jobtitle", "Seeded")));
        }
        Settling.await(() -> salesforce.count("Lead") >= leadsBefore + count, TIMEOUT, count + " contacts of portal "
                + portal + " synced");
        awaitSettled(aws, deployment);
        String field = idField(portal, "Contact");
        return contacts.stream().map(contact -> new Pair(portal, contact, salesforce.leadByExternalId(field, contact)
                .orElseThrow(() -> new IllegalStateException("no Lead stamped in " + field + " for a contact of portal "
                        + portal)).get("Id").toString())).toList();
    }

    /** Changes made per portal, and the times until visible per portal and direction (warm-up left out). */
    private record Live(int total, int[] made, Map<String, List<Double>> timed) {

        List<Double> millis(int portal, Direction direction) {
            return timed.getOrDefault(portal + " " + direction, List.of());
        }

        List<Double> millis(int portal) {
            List<Double> both = new ArrayList<>(millis(portal, Direction.HUBSPOT_TO_SALESFORCE));
            both.addAll(millis(portal, Direction.SALESFORCE_TO_HUBSPOT));
            return both;
        }
    }

    /**
     * One change every {@code interval}, round-robin over portal and direction, each on a record of that portal
     * with no change of its own in flight (half of a portal's records take changes made in HubSpot, half in
     * Salesforce).
     */
    private static Live live(LocalAws aws, LocalDeployment deployment, List<List<Pair>> pairs, int changes,
            Duration interval) {
        int portals = pairs.size();
        Map<String, Deque<Pair>> idle = new LinkedHashMap<>();
        for (int p = 1; p <= portals; p++) {
            List<Pair> mine = pairs.get(p - 1);
            idle.put(p + " " + Direction.HUBSPOT_TO_SALESFORCE, new ArrayDeque<>(mine.subList(0, mine.size() / 2)));
            idle.put(p + " " + Direction.SALESFORCE_TO_HUBSPOT, new ArrayDeque<>(mine.subList(mine.size() / 2,
                    mine.size())));
        }
        int warmUp = WARM_UP_ROUNDS * 2 * portals;
        int total = warmUp + changes;
        int[] made = new int[portals];
        Map<String, List<Double>> timed = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        int count = 0;
        long begin = System.nanoTime();
        long deadline = begin + TIMEOUT.toNanos() + interval.toNanos() * total;
        while (count < total || !pending.isEmpty()) {
            if (count < total && System.nanoTime() >= begin + interval.toNanos() * count) {
                int portal = count % portals + 1;
                Direction direction = (count / portals) % 2 == 0 ? Direction.HUBSPOT_TO_SALESFORCE
                        : Direction.SALESFORCE_TO_HUBSPOT;
                Pair pair = idle.get(portal + " " + direction).poll();
                if (pair != null) {
                    String value = "portals #" + count;
                    if (direction == Direction.HUBSPOT_TO_SALESFORCE) {
                        deployment.portals().get(portal - 1).updateContact(pair.contactId(), Map.of("jobtitle", value));
                    } else {
                        deployment.salesforce().update("Lead", pair.leadId(), Map.of("Title", value));
                    }
                    pending.add(new Pending(portal, direction, pair, value, System.nanoTime(), count >= warmUp));
                    made[portal - 1]++;
                    count++;
                }
            }
            for (Iterator<Pending> it = pending.iterator(); it.hasNext();) {
                Pending p = it.next();
                if (visible(deployment, p)) {
                    long seenNanos = System.nanoTime();
                    it.remove();
                    String key = p.portal() + " " + p.direction();
                    idle.get(key).add(p.pair());
                    if (p.counted()) {
                        timed.computeIfAbsent(key, k -> new ArrayList<>()).add((seenNanos - p.writtenNanos()) / 1e6);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("benchmark: " + pending.size() + " changes never became visible");
            }
            Settling.sleep(2);
        }
        return new Live(total, made, timed);
    }

    private static boolean visible(LocalDeployment deployment, Pending p) {
        if (p.direction() == Direction.HUBSPOT_TO_SALESFORCE) {
            return deployment.salesforce().record(p.pair().leadId()).map(lead -> p.value().equals(lead.get("Title")))
                    .orElse(false);
        }
        return deployment.portals().get(p.portal() - 1).contact(p.pair().contactId())
                .map(contact -> p.value().equals(contact.get("jobtitle"))).orElse(false);
    }

    /** Every portal's HubSpot calls (keyed by portal) and the Salesforce calls, logins left out. */
    private static SandboxCalls calls(LocalDeployment deployment) {
        SandboxCalls all = SandboxCalls.of(deployment.portals().get(0), deployment.salesforce());
        for (int p = 2; p <= deployment.portals().size(); p++) {
            Map<String, Long> counts = new LinkedHashMap<>();
            int portal = p;
            deployment.portals().get(p - 1).callCounts().forEach((endpoint, n) -> counts.put(portalEndpoint(portal,
                    endpoint), n));
            all = all.plus(new SandboxCalls(counts));
        }
        return all;
    }

    /** "hubspot-portal-2 POST /crm/…": the portal in the first word, which {@link SandboxCalls#isWrite} skips. */
    static String portalEndpoint(int portal, String endpoint) {
        return "hubspot-portal-" + portal + " " + endpoint;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** As {@link Settling#awaitSettled}, with every portal's webhooks (it watches the first portal's only). */
    private static void awaitSettled(LocalAws aws, LocalDeployment deployment) {
        Settling.await(() -> idle(aws, deployment) && pause() && idle(aws, deployment), Duration.ofMinutes(2),
                "the deployment settled");
    }

    private static boolean pause() {
        Settling.sleep(30);
        return true;
    }

    private static boolean idle(LocalAws aws, LocalDeployment deployment) {
        return deployment.portals().stream().allMatch(p -> p.awaitWebhooksIdle(Duration.ZERO))
                && Settling.cdcBacklog(deployment) == 0 && Settling.queued(aws) == 0;
    }

    public static void main(String[] args) {
        LocalHttp.answerWithoutDelayedAcks();
        try (LocalAws aws = LocalAws.start()) {
            int portals = args.length > 0 ? Integer.parseInt(args[0]) : 3;
            Result r = run(aws, portals, args.length > 1 ? Integer.parseInt(args[1]) : 20,
                    args.length > 2 ? Integer.parseInt(args[2]) : 60);
            r.portals().forEach(System.out::println);
            System.out.println(r);
        }
    }
}
