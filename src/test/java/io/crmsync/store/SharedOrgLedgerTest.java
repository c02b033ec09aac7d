package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Reservation;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Three tenants (HubSpot portals) on one Salesforce org, against dynalite: the org's daily limit is one for all of
 * them, so a header seen by one tenant limits the others, and together they never take more than the org's room.
 */
class SharedOrgLedgerTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");
    /** The same org, as Salesforce sends it in 18 and 15 characters. */
    static final String ORG_18 = "00D5g000004YzKxEAK";
    static final String ORG_15 = "00D5g000004YzKx";
    static final Map<String, Tenant> TENANTS = Map.of(
            "acme-us", new Tenant("acme-us", 101, ORG_18, Optional.empty()),
            "acme-eu", new Tenant("acme-eu", 102, ORG_15, Optional.empty()),
            "acme-apac", new Tenant("acme-apac", 103, ORG_18, Optional.empty()),
            "globex", new Tenant("globex", 200, "00D5g000009AbCdEAK", Optional.empty()));
    static final List<String> ON_ORG = List.of("acme-us", "acme-eu", "acme-apac");

    final LocalAws aws = SharedLocalAws.get();
    /** Requests per DynamoDB operation name, counted on the ledger's client. */
    final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    DynamoLedger ledger;
    ExecutorService threads;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        ledger = new DynamoLedger(counting(aws.dynamo()), aws.tableName("BudgetTable"),
                id -> Optional.ofNullable(TENANTS.get(id)));
        for (String tenant : ON_ORG) {
            ledger.setAllocation(tenant, Allocation.callsPerDay(Crm.SALESFORCE, 10_000));
        }
    }

    @AfterEach
    void stopThreads() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    @Test
    void aHeaderSeenByOneTenantPausesEveryTenantOnTheOrg() {
        ledger.reserve("acme-eu", Crm.SALESFORCE, 40, NOW);
        // acme-us's call says the whole org has 30 calls left.
        ledger.observe("acme-us", Crm.SALESFORCE, 99_970, 100_000, NOW);

        assertThat(ledger.usage("acme-apac", Crm.SALESFORCE, NOW).remaining()).hasValue(30);
        assertThat(ledger.usage("acme-eu", Crm.SALESFORCE, NOW).remaining()).hasValue(30);
        assertThat(ledger.reserve("acme-apac", Crm.SALESFORCE, 20, NOW)).isEqualTo(new Reservation.Granted(10));
        // acme-apac's 20 calls since the header are charged to the org's room for acme-eu too.
        assertThat(ledger.usage("acme-eu", Crm.SALESFORCE, NOW).remaining()).hasValue(10);
        Reservation denied = ledger.reserve("acme-eu", Crm.SALESFORCE, 11, NOW);
        assertThat(denied).isInstanceOf(Reservation.Denied.class);
        assertThat(((Reservation.Denied) denied).reason()).contains("the org's limit", "shared by every tenant");
        assertThat(((Reservation.Denied) denied).retryAt()).isEqualTo(Instant.parse("2026-11-29T11:00:00Z"));
        assertThat(ledger.reserve("acme-us", Crm.SALESFORCE, 10, NOW).granted()).isTrue();
        for (String tenant : ON_ORG) {
            assertThat(ledger.reserve(tenant, Crm.SALESFORCE, 1, NOW).granted()).as(tenant).isFalse();
        }
        // Each tenant's own count and allocation are its own.
        assertThat(ledger.usage("acme-eu", Crm.SALESFORCE, NOW).used()).isEqualTo(40);
        assertThat(ledger.usage("acme-apac", Crm.SALESFORCE, NOW).used()).isEqualTo(20);
        assertThat(ledger.usage("acme-us", Crm.SALESFORCE, NOW).used()).isEqualTo(10);
        // Another org, and HubSpot (its limits are per portal), are not touched.
        assertThat(ledger.reserve("globex", Crm.SALESFORCE, 1, NOW).granted()).isTrue();
        ledger.observe("acme-us", Crm.HUBSPOT, 250_000, 250_000, NOW);
        assertThat(ledger.reserve("acme-eu", Crm.HUBSPOT, 1, NOW).granted()).isTrue();
    }

    /**
     * 3 tenants × 6 workers reserve 1–3 calls at a time against 300 calls left in the org (by acme-us's header)
     * and 10,000 allocated each: together they get exactly the org's 300, not a call more (the ledger's slack is
     * zero; the only slack left is calls in flight when a header is taken, see the next test).
     */
    @Test
    void concurrentTenantsTogetherNeverTakeMoreThanTheOrgsRoom() throws Exception {
        ledger.observe("acme-us", Crm.SALESFORCE, 99_700, 100_000, NOW);

        Map<String, AtomicLong> granted = race(6, tenant -> {
            long calls = 0;
            for (int attempt = 0;; attempt++) {
                int ask = attempt < 30 ? ThreadLocalRandom.current().nextInt(1, 4) : 1;
                Reservation r = ledger.reserve(tenant, Crm.SALESFORCE, ask, NOW);
                if (r.granted()) {
                    calls += ask;
                } else if (attempt >= 30) {
                    return calls;
                }
            }
        });

        long total = granted.values().stream().mapToLong(AtomicLong::get).sum();
        assertThat(total).as("calls granted to 3 tenants: %s", granted).isEqualTo(300);
        assertThat(granted.values()).as("every tenant got some").allSatisfy(g -> assertThat(g.get()).isPositive());
        for (String tenant : ON_ORG) {
            assertThat(ledger.usage(tenant, Crm.SALESFORCE, NOW).used()).isEqualTo(granted.get(tenant).get());
            assertThat(ledger.usage(tenant, Crm.SALESFORCE, NOW).remaining()).hasValue(0);
        }
    }

    /**
     * As the gate runs it: every worker makes the call it reserved (the org counts it), then records the header
     * of the answer, as the gate does for every header once the org is nearly out. The org never passes its limit
     * by more than the calls in flight (reserved, not yet answered) when some header was taken: at most one per
     * worker, 18 here.
     */
    @Test
    void withHeadersFromEveryTenantTheOrgOvershootsByAtMostTheCallsInFlight() throws Exception {
        long limit = 100_000;
        AtomicLong orgUsed = new AtomicLong(limit - 500);
        ledger.observe("acme-us", Crm.SALESFORCE, orgUsed.get(), limit, NOW);
        int workersPerTenant = 6;

        race(workersPerTenant, tenant -> {
            long calls = 0;
            for (int denials = 0; denials < 5;) {
                if (ledger.reserve(tenant, Crm.SALESFORCE, 1, NOW).granted()) {
                    long header = orgUsed.incrementAndGet();
                    calls++;
                    ledger.observe(tenant, Crm.SALESFORCE, header, limit, NOW);
                } else {
                    denials++;
                }
            }
            return calls;
        });

        assertThat(orgUsed.get() - limit).as("calls past the org's limit")
                .isLessThanOrEqualTo(ON_ORG.size() * workersPerTenant);
        assertThat(orgUsed.get()).as("the org's room was used").isGreaterThanOrEqualTo(limit - ON_ORG.size()
                * workersPerTenant);
    }

    /** A reservation costs the same DynamoDB requests whether the tenant is alone or shares its org. */
    @Test
    void aReservationOnASharedOrgCostsNoMoreRequestsThanAlone() {
        DynamoLedger alone = new DynamoLedger(counting(aws.dynamo()), aws.tableName("BudgetTable"));
        alone.setAllocation("solo", Allocation.callsPerDay(Crm.SALESFORCE, 10_000));
        alone.observe("solo", Crm.SALESFORCE, 1_000, 100_000, NOW);
        ledger.observe("acme-us", Crm.SALESFORCE, 1_000, 100_000, NOW);
        // The first reservation of an hour seals the previous one: one more write, once per hour; a tenant's
        // first on the org carries its own earlier counts over (a few requests, once per tenant and org).
        alone.reserve("solo", Crm.SALESFORCE, 1, NOW);
        requests.clear();
        ledger.reserve("acme-eu", Crm.SALESFORCE, 1, NOW);
        System.out.printf("DynamoDB requests for a tenant's first reservation on its org: %s%n", snapshot());
        ledger.reserve("acme-us", Crm.SALESFORCE, 1, NOW);
        ledger.reserve("acme-apac", Crm.SALESFORCE, 1, NOW);

        requests.clear();
        for (int i = 0; i < 10; i++) {
            alone.reserve("solo", Crm.SALESFORCE, 1, NOW);
        }
        Map<String, Long> aloneCounts = snapshot();
        requests.clear();
        for (int i = 0; i < 10; i++) {
            ledger.reserve(ON_ORG.get(i % 3), Crm.SALESFORCE, 1, NOW);
        }
        Map<String, Long> sharedCounts = snapshot();
        System.out.printf("DynamoDB requests for 10 reservations: alone %s, shared org %s%n", aloneCounts,
                sharedCounts);
        assertThat(aloneCounts).isEqualTo(Map.of("batchGetItem", 10L, "updateItem", 10L));
        assertThat(sharedCounts).isEqualTo(aloneCounts);
    }

    /**
     * Calls counted on the tenants' own items before their org's items held them (the deploy that brings shared
     * orgs) still count: each tenant's first reservation carries them over, exactly once however many workers race.
     */
    @Test
    void callsCountedBeforeTheOrgWasSharedAreCarriedOverOnce() throws Exception {
        DynamoLedger before = new DynamoLedger(aws.dynamo(), aws.tableName("BudgetTable"));
        before.reserve("acme-us", Crm.SALESFORCE, 6_000, NOW.minus(java.time.Duration.ofHours(20)));
        before.reserve("acme-us", Crm.SALESFORCE, 3_000, NOW);
        before.reserve("acme-eu", Crm.SALESFORCE, 500, NOW);
        // Outside today's window: not carried.
        before.reserve("acme-eu", Crm.SALESFORCE, 7_000, NOW.minus(java.time.Duration.ofHours(30)));

        Map<String, AtomicLong> granted = race(6, tenant -> {
            long calls = 0;
            while (ledger.reserve(tenant, Crm.SALESFORCE, 1, NOW).granted()) {
                calls++;
            }
            return calls;
        });

        assertThat(granted.get("acme-us").get()).as("acme-us had used 9,000 of its 10,000").isEqualTo(1_000);
        assertThat(granted.get("acme-eu").get()).isEqualTo(9_500);
        assertThat(granted.get("acme-apac").get()).isEqualTo(10_000);
        for (String tenant : ON_ORG) {
            assertThat(ledger.usage(tenant, Crm.SALESFORCE, NOW).used()).as(tenant).isEqualTo(10_000);
        }
        // The org's count holds them too: a header is charged with every tenant's calls since.
        ledger.observe("acme-eu", Crm.SALESFORCE, 50_000, 100_000, NOW);
        assertThat(ledger.usage("acme-us", Crm.SALESFORCE, NOW).observation().orElseThrow().ledgerUsedAt())
                .isEqualTo(30_000);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    interface TenantWorker {
        long run(String tenant) throws Exception;
    }

    /** {@code workersPerTenant} threads for each tenant on the org, all at once; calls granted per tenant. */
    Map<String, AtomicLong> race(int workersPerTenant, TenantWorker worker) throws Exception {
        threads = Executors.newFixedThreadPool(workersPerTenant * ON_ORG.size());
        List<Callable<Long>> tasks = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (String tenant : ON_ORG) {
            for (int i = 0; i < workersPerTenant; i++) {
                tasks.add(() -> worker.run(tenant));
                owners.add(tenant);
            }
        }
        Map<String, AtomicLong> granted = new ConcurrentHashMap<>();
        List<Future<Long>> futures = threads.invokeAll(tasks);
        for (int i = 0; i < futures.size(); i++) {
            granted.computeIfAbsent(owners.get(i), t -> new AtomicLong()).addAndGet(futures.get(i).get());
        }
        return granted;
    }

    Map<String, Long> snapshot() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        requests.forEach((operation, count) -> copy.put(operation, count.get()));
        return copy;
    }

    /** The client, counting each request by its operation (method) name. */
    DynamoDbClient counting(DynamoDbClient client) {
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() != Object.class && !method.getName().equals("close")
                            && !method.getName().equals("serviceName")) {
                        requests.computeIfAbsent(method.getName(), m -> new AtomicLong()).incrementAndGet();
                    }
                    try {
                        return method.invoke(client, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
