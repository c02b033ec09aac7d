package io.crmsync.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.CrmRecord;
import io.crmsync.crm.Side;
import io.crmsync.sync.Link;
import io.crmsync.sync.Owners;
import io.crmsync.sync.RecordReconciler;
import io.crmsync.sync.RecordReconciler.Plan;

/**
 * Mapping core throughput (issue 9: records per second per core, goal 20,000): the pure per-record work the worker
 * does between reading and writing, on one thread, with no I/O.
 *
 * <ul>
 * <li>{@code updatePlan}: a linked HubSpot contact / Salesforce Lead pair under the recommended CONTACT_LEAD mapping,
 * both sides edited since the last sync — some fields changed in HubSpot only, some in Salesforce only, one in both
 * (decided by which changed last), an owner reassigned on one side for some records, the rest equal —
 * {@link RecordReconciler#reconcile}.</li>
 * <li>{@code createInSalesforce}: a HubSpot contact with no Lead yet, owner matched by email for most records,
 * required fields filled with defaults for some — {@link RecordReconciler#createInSalesforce}.</li>
 * </ul>
 *
 * Each invocation plans {@value #RECORDS} distinct records, so the score is records per second on one core.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MappingThroughputBenchmark {

    static final int RECORDS = 1000;

    /** A mid-sized sales team: owner lookups scan the directory, so its size is part of the cost. */
    static final int OWNERS_PER_SIDE = 200;

    static final ObjectMapping MAPPING = RecommendedMappings.CONTACT_LEAD;

    private static final Instant LAST_SYNC = Instant.parse("2026-03-02T09:00:00Z");

    /** Records per second (score) and the half-width of its 99.9% confidence interval (error), per benchmark. */
    public record Result(double updatePlanPerSecond, double updatePlanError, double createPerSecond,
            double createError) {
    }

    private Owners owners;
    private CrmRecord[] hubSpotContacts;
    private CrmRecord[] salesforceLeads;
    private Link[] links;
    private CrmRecord[] newHubSpotContacts;

    @Setup(Level.Trial)
    public void prepare() {
        owners = owners();
        hubSpotContacts = new CrmRecord[RECORDS];
        salesforceLeads = new CrmRecord[RECORDS];
        links = new Link[RECORDS];
        newHubSpotContacts = new CrmRecord[RECORDS];
        for (int i = 0; i < RECORDS; i++) {
            CrmRecord agreedHubSpot = hubSpotContact(i, agreedContact(i), Map.of());
            CrmRecord agreedSalesforce = salesforceLead(i, agreedLead(i), LAST_SYNC);
            // The fingerprints the worker stored when it last synced the pair: the core's own output for equal records.
            Plan agreed = RecordReconciler.reconcile(MAPPING, agreedHubSpot, agreedSalesforce, Optional.empty(),
                    Side.HUBSPOT, owners);
            links[i] = new Link("bench", "contacts", agreedHubSpot.id(), "Lead", agreedSalesforce.id(),
                    "h" + i, LAST_SYNC, agreed.fingerprints());
            hubSpotContacts[i] = editedInHubSpot(i);
            salesforceLeads[i] = editedInSalesforce(i);
            newHubSpotContacts[i] = newContact(i);
        }
        requireRealisticWork();
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void updatePlan(Blackhole sink) {
        for (int i = 0; i < RECORDS; i++) {
            // Optional per record, as the worker wraps its (nullable) link.
            sink.consume(RecordReconciler.reconcile(MAPPING, hubSpotContacts[i], salesforceLeads[i],
                    Optional.of(links[i]), Side.HUBSPOT, owners));
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public void createInSalesforce(Blackhole sink) {
        for (int i = 0; i < RECORDS; i++) {
            sink.consume(RecordReconciler.createInSalesforce(MAPPING, newHubSpotContacts[i], owners));
        }
    }

    /**
     * Runs both benchmarks in one forked JVM (it inherits this JVM's class path, so start this with the test classes,
     * classes and test dependencies on -cp), warm-up 3 × 2 s, measurement 5 × 2 s each: about 40 s in all.
     */
    public static Result run() {
        Options options = new OptionsBuilder()
                .include("^" + Pattern.quote(MappingThroughputBenchmark.class.getName()) + "\\.")
                .forks(1)
                .threads(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(2))
                .mode(Mode.Throughput)
                .timeUnit(TimeUnit.SECONDS)
                .jvmArgs("-Xmx1g")
                .build();
        Collection<RunResult> results;
        try {
            results = new Runner(options).run();
        } catch (RunnerException e) {
            throw new IllegalStateException("JMH run failed", e);
        }
        RunResult update = resultOf(results, "updatePlan");
        RunResult create = resultOf(results, "createInSalesforce");
        return new Result(update.getPrimaryResult().getScore(), update.getPrimaryResult().getScoreError(),
                create.getPrimaryResult().getScore(), create.getPrimaryResult().getScoreError());
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        Result result = run();
        System.out.printf("Mapping core, update plan:          %,.0f ± %,.0f records/s/core%n",
                result.updatePlanPerSecond(), result.updatePlanError());
        System.out.printf("Mapping core, create in Salesforce: %,.0f ± %,.0f records/s/core%n",
                result.createPerSecond(), result.createError());
        System.out.printf("(JMH run took %d s)%n", Duration.ofNanos(System.nanoTime() - started).toSeconds());
    }

    private static RunResult resultOf(Collection<RunResult> results, String method) {
        String name = MappingThroughputBenchmark.class.getName() + "." + method;
        return results.stream().filter(r -> r.getParams().getBenchmark().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("JMH reported no result for " + name));
    }

    /** Owner k has the same email on both sides (Salesforce's in another case, as happens); ids differ. */
    private static Owners owners() {
        Map<String, String> hubSpot = new LinkedHashMap<>();
        Map<String, String> salesforce = new LinkedHashMap<>();
        for (int k = 0; k < OWNERS_PER_SIDE; k++) {
            hubSpot.put(Integer.toString(70_000 + k), "rep" + k + "@acme.example");
            salesforce.put(String.format("005%012dAAA", k), "Rep" + k + "@Acme.example");
        }
        return new Owners(hubSpot, salesforce);
    }

    private static String hubSpotOwnerId(int owner) {
        return Integer.toString(70_000 + owner);
    }

    private static String salesforceUserId(int owner) {
        return String.format("005%012dAAA", owner);
    }

    /** What both sides held after the last sync, by HubSpot property; one record in five has no state. */
    private static Map<String, String> agreedContact(int i) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("email", "contact" + i + "@customer" + (i % 97) + ".example");
        p.put("firstname", "First" + i);
        p.put("lastname", "Last" + i);
        p.put("company", "Customer " + (i % 97) + " Ltd");
        p.put("phone", "+44 20 7946 " + String.format("%04d", i));
        p.put("jobtitle", i % 2 == 0 ? "Head of Operations" : "Procurement Manager");
        p.put("address", (i % 300 + 1) + " High Street");
        p.put("city", i % 3 == 0 ? "London" : "Manchester");
        if (i % 5 != 0) {
            p.put("state", "England");
        }
        p.put("zip", "EC" + (i % 9 + 1) + "A 1BB");
        p.put("country", "United Kingdom");
        p.put("annualrevenue", Integer.toString(250_000 + 1000 * i));
        p.put("hubspot_owner_id", hubSpotOwnerId(i % OWNERS_PER_SIDE));
        return p;
    }

    /** The same values as Salesforce holds them: its field names, its user ids, numbers as doubles. */
    private static Map<String, String> agreedLead(int i) {
        Map<String, String> contact = agreedContact(i);
        Map<String, String> lead = new LinkedHashMap<>();
        MAPPING.fields().forEach(f -> {
            String value = contact.get(f.hubSpotProperty());
            if (value != null) {
                lead.put(f.salesforceField(), value);
            }
        });
        lead.put("AnnualRevenue", (250_000 + 1000 * i) + ".0");
        lead.put("OwnerId", salesforceUserId(i % OWNERS_PER_SIDE));
        return lead;
    }

    /** HubSpot edits since the last sync: phone and title, the city (also edited in Salesforce), sometimes the owner. */
    private static CrmRecord editedInHubSpot(int i) {
        Instant edited = LAST_SYNC.plus(Duration.ofMinutes(10));
        // Half the conflicting city edits are newer in HubSpot, half older than Salesforce's.
        Instant cityEdited = LAST_SYNC.plus(Duration.ofMinutes(i % 2 == 0 ? 25 : 5));
        Map<String, String> p = new HashMap<>(agreedContact(i));
        Map<String, Instant> changedAt = new HashMap<>();
        p.put("phone", "+44 161 496 " + String.format("%04d", i));
        changedAt.put("phone", edited);
        p.put("jobtitle", "Director of Operations");
        changedAt.put("jobtitle", edited);
        p.put("city", "Leeds");
        changedAt.put("city", cityEdited);
        if (i % 4 == 0) {
            p.put("hubspot_owner_id", hubSpotOwnerId((i + 1) % OWNERS_PER_SIDE));
            changedAt.put("hubspot_owner_id", edited);
        }
        return hubSpotContact(i, p, changedAt);
    }

    /** Salesforce edits since the last sync: street and city, revenue for a third, owner for some others. */
    private static CrmRecord editedInSalesforce(int i) {
        Map<String, String> p = new HashMap<>(agreedLead(i));
        p.put("Street", (i % 300 + 2) + " Market Street");
        p.put("City", "Bristol");
        if (i % 3 == 0) {
            p.put("AnnualRevenue", (300_000 + 1000 * i) + ".0");
        }
        if (i % 4 == 2) {
            p.put("OwnerId", salesforceUserId((i + 7) % OWNERS_PER_SIDE));
        }
        return salesforceLead(i, p, LAST_SYNC.plus(Duration.ofMinutes(15)));
    }

    /**
     * A contact new to Salesforce: one in ten has an owner with no Salesforce user (left out), one in eight no
     * company and one in twenty no last name (Salesforce's required fields: defaults fill them).
     */
    private static CrmRecord newContact(int i) {
        Map<String, String> p = new HashMap<>(agreedContact(RECORDS + i));
        if (i % 10 == 0) {
            p.put("hubspot_owner_id", "99" + i);
        }
        if (i % 8 == 0) {
            p.remove("company");
        }
        if (i % 20 == 0) {
            p.remove("lastname");
        }
        return hubSpotContact(RECORDS + i, p, Map.of());
    }

    private static CrmRecord hubSpotContact(int i, Map<String, String> properties, Map<String, Instant> changedAt) {
        return new CrmRecord(Integer.toString(1_000_000 + i), properties, LAST_SYNC.plus(Duration.ofMinutes(
                changedAt.isEmpty() ? 0 : 25)), changedAt);
    }

    private static CrmRecord salesforceLead(int i, Map<String, String> properties, Instant lastModified) {
        return new CrmRecord(String.format("00Q%012dAAA", i), properties, lastModified);
    }

    /** Fails the run if the input drifted into trivial work (nothing to write), which would inflate the score. */
    private void requireRealisticWork() {
        int toSalesforce = 0;
        int toHubSpot = 0;
        int ownerWrites = 0;
        for (int i = 0; i < RECORDS; i++) {
            Plan plan = RecordReconciler.reconcile(MAPPING, hubSpotContacts[i], salesforceLeads[i],
                    Optional.of(links[i]), Side.HUBSPOT, owners);
            toSalesforce += plan.salesforceWrites().size();
            toHubSpot += plan.hubSpotWrites().size();
            ownerWrites += plan.salesforceWrites().containsKey("OwnerId")
                    || plan.hubSpotWrites().containsKey("hubspot_owner_id") ? 1 : 0;
        }
        int created = 0;
        for (CrmRecord contact : newHubSpotContacts) {
            created += RecordReconciler.createInSalesforce(MAPPING, contact, owners).salesforceWrites().size();
        }
        if (toSalesforce < 2 * RECORDS || toHubSpot < 2 * RECORDS || ownerWrites < RECORDS / 3
                || created < 10 * RECORDS) {
            throw new IllegalStateException("benchmark input plans too little work: " + toSalesforce
                    + " Salesforce writes, " + toHubSpot + " HubSpot writes, " + ownerWrites
                    + " owner writes, " + created + " created values");
        }
    }
}
