package io.crmsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.Reservation;
import io.crmsync.budget.TenantCalls;
import io.crmsync.budget.Usage;
import io.crmsync.crm.Side;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.SyncRule;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.reconcile.Reconciler.PassReport;
import io.crmsync.reconcile.Reconciler.TenantReport;
import io.crmsync.reconcile.Reconciler.TenantStop;
import io.crmsync.sync.FieldResolver;
import io.crmsync.sync.Link;
import io.crmsync.sync.Owners;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantSettings;

/**
 * Several tenants (HubSpot portals) on one Salesforce org: one read of the org's changes and deletions serves all
 * of them, and each still gets exactly what it would get alone, with its own cursor, budget and pauses. Three
 * tenants share org 1 (named by its 18- and its 15-character id), a fourth has org 2 to itself.
 */
class ReconcilerOrgTest {

    static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2026-04-01T12:00:00Z");
    static final String ORG_1 = "00D000000000001AAA";
    static final String ORG_2 = "00D000000000002AAA";
    /** Where each tenant is connected; c names org 1 by its 15-character id, as Salesforce sometimes does. */
    static final Map<String, String> ORGS = Map.of("a", ORG_1, "b", ORG_1, "c", ORG_1.substring(0, 15), "d", ORG_2);
    static final List<String> SALESFORCE_OBJECTS = List.of("Lead", "Contact", "Account", "Opportunity");

    /** Org 1 and 2's changes: 12 Leads after T0 (three pages of five), 3 Contacts, 2 Opportunities; 4 Leads before. */
    static void seed(World world) {
        for (String org : List.of(ORG_1, ORG_2)) {
            for (int i = 1; i <= 12; i++) {
                world.salesforce.add(org, "Lead", record("00Q" + org.charAt(14) + i, T0.plusSeconds(i * 10)));
            }
            for (int i = 1; i <= 4; i++) {
                world.salesforce.add(org, "Lead", record("00Q" + org.charAt(14) + "old" + i, T0.minusSeconds(i * 20)));
            }
            for (int i = 1; i <= 3; i++) {
                world.salesforce.add(org, "Contact", record("003" + org.charAt(14) + i, T0.plusSeconds(i)));
            }
            world.salesforce.add(org, "Opportunity", record("006" + org.charAt(14) + "1", T0.plusSeconds(7)));
            world.salesforce.add(org, "Opportunity", record("006" + org.charAt(14) + "2", T0.plusSeconds(7)));
            world.recycleBin.put(Tenant.orgKey(org) + "|Lead", List.of("00Q" + org.charAt(14) + "gone"));
        }
    }

    static ChangedRecord record(String id, Instant at) {
        return new ChangedRecord(id, at, Map.of("Email", id + "@example.com", "Title", "T " + id, "Phone", "+1 " + id,
                "Name", "N " + id, "HubSpot_Contact_Id__c", "h" + id));
    }

    /** Each tenant maps other fields: b also Title, c also Phone; a and d the email only. */
    static ObjectMapping mapping(String tenant, ObjectPair pair) {
        boolean contact = pair.hubSpotObject().equals("contact");
        List<FieldMapping> fields = new ArrayList<>(List.of(FieldMapping.text(contact ? "email" : "name",
                contact ? "Email" : "Name", SyncRule.TWO_WAY)));
        if (contact && tenant.equals("b")) {
            fields.add(FieldMapping.text("jobtitle", "Title", SyncRule.TWO_WAY));
        }
        if (contact && tenant.equals("c")) {
            fields.add(FieldMapping.text("phone", "Phone", SyncRule.TWO_WAY));
        }
        return new ObjectMapping(pair, fields, Map.of());
    }

    /** Everything one run touches, fresh: a run of all tenants and a run of one tenant alone start alike. */
    static final class World {
        final TenantCalls scope = new TenantCalls();
        final OrgReader salesforce = new OrgReader(scope);
        final ReconcilerTest.ScopedReader hubSpot = new ReconcilerTest.ScopedReader(scope);
        final TenantLinks links = new TenantLinks();
        final ReconcilePassTest.FakeCursors cursors = new ReconcilePassTest.FakeCursors();
        final List<ChangeNotice> queued = new ArrayList<>();
        final List<TenantReport> stored = new ArrayList<>();
        final Map<String, Long> salesforceRemaining = new HashMap<>();
        final Map<String, List<String>> recycleBin = new HashMap<>();
        /** The Salesforce user each tenant's grant acts as: one integration user for all, unless a test says. */
        final Map<String, String> users = new HashMap<>();
        /** getDeleted calls per org. */
        final Map<String, Integer> deletedReads = new HashMap<>();
        final TenantSettings settings = TenantSettings.defaults().withDeals(true, Map.of(), Map.of())
                .withContactDeletion(true);

        World() {
            this(true);
        }

        /** @param ranBefore every tenant has run before: its Salesforce passes read changes from T0, not an import */
        World(boolean ranBefore) {
            seed(this);
            for (String tenant : ranBefore ? ORGS.keySet() : Set.<String>of()) {
                for (String object : SALESFORCE_OBJECTS) {
                    cursors.save(tenant, Side.SALESFORCE, object, new Cursor(T0, ""));
                    cursors.save(tenant, Side.SALESFORCE, DeletionsPass.deletedCursorKey(object),
                            new Cursor(NOW.minus(Duration.ofMinutes(15)), ""));
                }
            }
            // In sync on what each maps: one Lead per tenant, linked with the record's own values.
            for (String tenant : ORGS.keySet()) {
                String lead = "00Q" + ORGS.get(tenant).charAt(14) + "1";
                ChangedRecord r = salesforce.records.get(Tenant.orgKey(ORGS.get(tenant)) + "|Lead").stream()
                        .filter(x -> x.id().equals(lead)).findFirst().orElseThrow();
                Map<String, String> fingerprints = new HashMap<>();
                for (FieldMapping f : mapping(tenant, ObjectPair.CONTACT_LEAD).fields()) {
                    fingerprints.put(f.salesforceField(), FieldResolver.fingerprint(
                            r.properties().get(f.salesforceField())));
                }
                links.save(new Link(tenant, "contact", "h" + lead, "Lead", lead, "h", T0, fingerprints));
            }
        }

        Reconciler reconciler(List<String> tenantIds) {
            TenantDirectory tenants = new TenantDirectory() {
                @Override
                public Optional<Tenant> byId(String tenantId) {
                    return Optional.empty();
                }

                @Override
                public Optional<Tenant> byHubSpotPortal(long portalId) {
                    return Optional.empty();
                }

                @Override
                public List<Tenant> tenantsOnOrg(String orgId) {
                    return List.of();
                }

                @Override
                public List<Tenant> all() {
                    return tenantIds.stream().map(id -> new Tenant(id, 100 + id.charAt(0), ORGS.get(id),
                            Optional.empty())).toList();
                }
            };
            DeletedReader deletions = (tenantId, objectType, start, end) -> {
                String org = Tenant.orgKey(ORGS.get(scope.current().orElseThrow()));
                deletedReads.merge(org, 1, Integer::sum);
                return new DeletedReader.Deleted(recycleBin.getOrDefault(org + "|" + objectType, List.of()), end);
            };
            return new Reconciler(new Reconciler.Ports(tenants, hubSpot, salesforce, Optional.empty(), links,
                    queued::addAll, cursors, new ReconcilePassTest.FakeImports(), new TenantLedger(), t -> Owners.NONE,
                    scope, ReconcilerTest.reportsInto(stored), noErrors(), deletions, Optional.empty(),
                    tenant -> Optional.of(users.getOrDefault(tenant, "005000000000001AAA")).filter(u -> !u.isEmpty())),
                    ReconcilerOrgTest::mapping, t -> settings, Clock.fixed(NOW, ZoneOffset.UTC),
                    new Reconciler.Settings(0.2, 1_000, new ReconcilePass.Settings(5, Duration.ZERO, 4),
                            Duration.ofHours(24), d -> { }));
        }

        List<TenantReport> run(String... tenantIds) {
            return reconciler(List.of(tenantIds)).run(false);
        }

        /** What a tenant's run left: its Salesforce repairs, cursors and Salesforce pass reports (calls left out). */
        List<String> outcomeOf(String tenant) {
            List<String> outcome = new ArrayList<>();
            queued.stream().filter(n -> n.tenantId().equals(tenant) && n.source() == ChangeNotice.SourceSystem.SALESFORCE)
                    .forEach(n -> outcome.add(n.kind() + " " + n.objectType() + " " + n.recordIds()));
            for (String object : SALESFORCE_OBJECTS) {
                outcome.add(object + " cursor " + cursors.load(tenant, Side.SALESFORCE, object));
                outcome.add(object + " deleted cursor " + cursors.load(tenant, Side.SALESFORCE,
                        DeletionsPass.deletedCursorKey(object)));
            }
            stored.stream().filter(r -> r.tenantId().equals(tenant)).flatMap(r -> r.passes().stream())
                    .filter(p -> p.side() == Side.SALESFORCE).forEach(p -> outcome.add(p.objectType() + " checked "
                            + p.recordsChecked() + " drift " + p.drift() + " neverPaired " + p.neverPaired() + " "
                            + p.cursorFrom() + ".." + p.cursorTo() + " " + p.stopReason()));
            stored.stream().filter(r -> r.tenantId().equals(tenant)).forEach(r -> outcome.add("stop " + r.stop()));
            return outcome;
        }

        /** A per-tenant window: what remains of each tenant's Salesforce allocation (unset: unlimited). */
        final class TenantLedger implements Ledger {
            @Override
            public Usage usage(String tenantId, Crm crm, Instant now) {
                Long left = crm == Crm.SALESFORCE ? salesforceRemaining.get(tenantId) : null;
                return new Usage(crm, now, 0, Optional.empty(), OptionalLong.empty(),
                        left == null ? OptionalLong.empty() : OptionalLong.of(left), new TreeMap<>(),
                        Optional.empty());
            }

            @Override
            public Reservation reserve(String tenantId, Crm crm, int calls, Instant now) {
                return new Reservation.Granted(Long.MAX_VALUE);
            }

            @Override
            public void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now) {
            }

            @Override
            public void setAllocation(String tenantId, Allocation allocation) {
            }

            @Override
            public Optional<Allocation> allocation(String tenantId, Crm crm) {
                return Optional.empty();
            }
        }
    }

    /** Links kept per tenant: each portal pairs the org's records on its own. */
    static final class TenantLinks implements io.crmsync.sync.LinkStore {
        final Map<String, Link> byHubSpotId = new HashMap<>();

        @Override
        public Map<String, Link> findByHubSpotIds(String tenantId, String hubSpotObject,
                java.util.Collection<String> ids) {
            Map<String, Link> found = new HashMap<>();
            ids.forEach(id -> Optional.ofNullable(byHubSpotId.get(tenantId + "|" + id)).ifPresent(l -> found.put(id, l)));
            return found;
        }

        @Override
        public Optional<Link> findBySalesforceId(String tenantId, String salesforceObject, String salesforceId) {
            return byHubSpotId.values().stream().filter(l -> l.tenantId().equals(tenantId)
                    && l.salesforceId().equals(salesforceId)).findFirst();
        }

        @Override
        public boolean save(Link link) {
            byHubSpotId.put(link.tenantId() + "|" + link.hubSpotId(), link);
            return true;
        }

        @Override
        public void delete(String tenantId, String hubSpotObject, String hubSpotId) {
            byHubSpotId.remove(tenantId + "|" + hubSpotId);
        }
    }

    static SyncErrorLog noErrors() {
        return new SyncErrorLog() {
            @Override
            public void record(List<SyncError> errors) {
            }

            @Override
            public void clear(String tenantId, java.util.Collection<String> recordKeys) {
            }

            @Override
            public List<SyncError> open(String tenantId) {
                return List.of();
            }
        };
    }

    /**
     * A Salesforce org's changes queries: answered with the org of whichever tenant's session makes the call (as the
     * REST door does), only the fields asked for; each call counted per org and per paying tenant.
     */
    static final class OrgReader implements ChangeReader {
        final TenantCalls scope;
        final Map<String, List<ChangedRecord>> records = new HashMap<>();
        final Map<String, Integer> readsByOrg = new HashMap<>();
        final Map<String, Integer> countsByOrg = new HashMap<>();
        final Map<String, Integer> readsByTenant = new LinkedHashMap<>();
        final Set<String> fieldsAsked = new HashSet<>();
        final Set<String> paused = new HashSet<>();

        OrgReader(TenantCalls scope) {
            this.scope = scope;
        }

        void add(String org, String objectType, ChangedRecord record) {
            records.computeIfAbsent(Tenant.orgKey(org) + "|" + objectType, k -> new ArrayList<>()).add(record);
        }

        @Override
        public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
                Instant until) {
            String tenant = scope.current().orElseThrow(() -> new AssertionError("a read outside any tenant"));
            if (paused.contains(tenant)) {
                throw new SyncPausedException("tenant suspended (test)", NOW.plusSeconds(900), Optional.empty());
            }
            String org = Tenant.orgKey(ORGS.get(tenant));
            readsByOrg.merge(org, 1, Integer::sum);
            readsByTenant.merge(tenant, 1, Integer::sum);
            fieldsAsked.addAll(properties);
            List<ChangedRecord> changed = records.getOrDefault(org + "|" + objectType, List.of()).stream()
                    .filter(r -> r.cursor().isAfter(after)).filter(r -> !r.modifiedAt().isAfter(until))
                    .sorted(java.util.Comparator.comparing(ChangedRecord::cursor)).toList();
            List<ChangedRecord> page = changed.subList(0, Math.min(limit, changed.size())).stream()
                    .map(r -> new ChangedRecord(r.id(), r.modifiedAt(), only(r.properties(), properties))).toList();
            return new Page(page, changed.size() > limit ? Optional.of(page.get(page.size() - 1).cursor())
                    : Optional.empty());
        }

        private static Map<String, String> only(Map<String, String> values, List<String> properties) {
            Map<String, String> kept = new HashMap<>(values);
            kept.keySet().retainAll(properties);
            return kept;
        }

        @Override
        public long count(String tenantId, String objectType, Instant until) {
            String org = Tenant.orgKey(ORGS.get(scope.current().orElseThrow()));
            countsByOrg.merge(org, 1, Integer::sum);
            return records.getOrDefault(org + "|" + objectType, List.of()).stream()
                    .filter(r -> !r.modifiedAt().isAfter(until)).count();
        }
    }

    @Test
    void threeTenantsOnOneOrgReadItsChangesAndDeletionsOnceAndEachGetsWhatItWouldGetAlone() {
        World shared = new World();
        shared.run("a", "d", "b", "c");

        World alone = new World();
        alone.run("a");
        String org1 = Tenant.orgKey(ORG_1);
        // Lead 3 pages + Contact, Account, Opportunity 1 each: the calls of one tenant, for three.
        assertThat(alone.salesforce.readsByOrg).containsEntry(org1, 6);
        assertThat(shared.salesforce.readsByOrg).containsEntry(org1, 6).containsEntry(Tenant.orgKey(ORG_2), 6);
        assertThat(shared.deletedReads).containsEntry(org1, 3).containsEntry(Tenant.orgKey(ORG_2), 3);
        // The shared read asked for every tenant's fields at once.
        assertThat(shared.salesforce.fieldsAsked).contains("Email", "Title", "Phone");

        for (String tenant : List.of("a", "b", "c", "d")) {
            World own = new World();
            own.run(tenant);
            assertThat(shared.outcomeOf(tenant)).as("tenant %s", tenant).isEqualTo(own.outcomeOf(tenant));
            // 12 Leads changed after its cursor, one of them in sync on the fields this tenant maps.
            assertThat(repaired(shared, tenant, "Lead")).as("tenant %s", tenant).hasSize(11)
                    .doesNotContain("00Q" + ORGS.get(tenant).charAt(14) + "1");
        }
        // Pages from memory cost nothing: the tenant that read pays, in its own scope.
        assertThat(shared.salesforce.readsByTenant).containsOnlyKeys("a", "d");
        assertThat(callsUsed(shared, "b")).isZero();
        assertThat(callsUsed(shared, "a")).isEqualTo(6 + 3);
    }

    /**
     * Tenants whose grants act as different Salesforce users do not share a read: a regional integration user,
     * held by sharing rules to its region's records, must not have another user's records read for it.
     */
    @Test
    void aTenantActingAsAnotherSalesforceUserReadsTheOrgForItself() {
        World shared = new World();
        shared.users.put("c", "005000000000002AAA");
        shared.run("a", "d", "b", "c");

        String org1 = Tenant.orgKey(ORG_1);
        assertThat(shared.salesforce.readsByOrg).as("a and b once, c once more").containsEntry(org1, 12);
        assertThat(shared.salesforce.readsByTenant).containsOnlyKeys("a", "c", "d");
        assertThat(callsUsed(shared, "b")).isZero();
        for (String tenant : List.of("a", "b", "c")) {
            World own = new World();
            own.run(tenant);
            assertThat(shared.outcomeOf(tenant)).as("tenant %s", tenant).isEqualTo(own.outcomeOf(tenant));
        }
        // A user that cannot be told (a failed login) shares nothing either.
        World unknown = new World();
        unknown.users.put("b", "");
        unknown.run("a", "b");
        assertThat(unknown.salesforce.readsByOrg).containsEntry(org1, 12);
    }

    @Test
    void threeNewTenantsOnOneOrgImportItFromOneCountAndOneReadEach() {
        World shared = new World(false);
        shared.run("a", "b", "c");
        World alone = new World(false);
        alone.run("a");

        String org1 = Tenant.orgKey(ORG_1);
        assertThat(alone.salesforce.countsByOrg).containsEntry(org1, 4);
        assertThat(shared.salesforce.countsByOrg).isEqualTo(alone.salesforce.countsByOrg);
        assertThat(shared.salesforce.readsByOrg).isEqualTo(alone.salesforce.readsByOrg);
        for (String tenant : List.of("a", "b", "c")) {
            World own = new World(false);
            own.run(tenant);
            assertThat(shared.outcomeOf(tenant)).as("tenant %s", tenant).isEqualTo(own.outcomeOf(tenant));
            // Every Lead, the four older ones too, as an import reads them.
            assertThat(repaired(shared, tenant, "Lead")).hasSize(15);
        }
        // The report counts only the calls made: b's and c's imports were counted and read by a's.
        assertThat(shared.stored).filteredOn(r -> r.tenantId().equals("b")).flatExtracting(TenantReport::passes)
                .filteredOn(p -> p.side() == Side.SALESFORCE && p.importProgress() != null)
                .allSatisfy(p -> assertThat(p.importProgress().calls()).isZero());
    }

    /** The Salesforce records of {@code object} the tenant's run queued repairs for, in order. */
    static List<String> repaired(World world, String tenant, String object) {
        return world.queued.stream().filter(n -> n.tenantId().equals(tenant) && n.objectType().equals(object)
                && n.kind() == ChangeNotice.ChangeKind.UPDATED).flatMap(n -> n.recordIds().stream()).toList();
    }

    /** Salesforce calls the tenant's reconcile report counts (changes and deletions). */
    static int callsUsed(World world, String tenant) {
        return world.stored.stream().filter(r -> r.tenantId().equals(tenant)).flatMap(r -> r.passes().stream())
                .filter(p -> p.side() == Side.SALESFORCE).mapToInt(PassReport::callsUsed).sum();
    }

    @Test
    void aTenantBehindTheOthersStillGetsEveryChangeAfterItsOwnCursor() {
        World shared = new World();
        Cursor behind = new Cursor(T0.minus(Duration.ofMinutes(5)), "");
        shared.cursors.stored.put("c" + Side.SALESFORCE + "Lead", behind);
        shared.run("a", "b", "c");

        World own = new World();
        own.cursors.stored.put("c" + Side.SALESFORCE + "Lead", behind);
        own.run("c");

        assertThat(shared.outcomeOf("c")).isEqualTo(own.outcomeOf("c"));
        assertThat(repaired(shared, "c", "Lead")).hasSize(15).startsWith("00Q1old4", "00Q1old3", "00Q1old2",
                "00Q1old1", "00Q12");
        // a read pages of 12 Leads; c's 16 took one more read to reach them: no more than c alone.
        assertThat(own.salesforce.readsByOrg).containsEntry(Tenant.orgKey(ORG_1), 7);
        assertThat(shared.salesforce.readsByOrg).containsEntry(Tenant.orgKey(ORG_1), 7);
        for (String ahead : List.of("a", "b")) {
            World alone = new World();
            alone.run(ahead);
            assertThat(shared.outcomeOf(ahead)).isEqualTo(alone.outcomeOf(ahead));
        }
    }

    @Test
    void aSuspendedTenantAndOneOutOfBudgetStopAloneAndTheThirdReadsForItself() {
        World shared = new World();
        shared.salesforce.paused.add("a");
        shared.salesforceRemaining.put("b", 0L);
        List<TenantReport> reports = shared.run("a", "b", "c");

        assertThat(reports).extracting(TenantReport::stop).containsExactly(TenantStop.PAUSED,
                TenantStop.BUDGET_SPENT, TenantStop.FINISHED);
        assertThat(shared.cursors.load("a", Side.SALESFORCE, "Lead")).contains(new Cursor(T0, ""));
        assertThat(shared.cursors.load("b", Side.SALESFORCE, "Lead")).contains(new Cursor(T0, ""));
        assertThat(shared.queued).noneMatch(n -> n.tenantId().equals("a") || n.tenantId().equals("b"));
        World alone = new World();
        alone.run("c");
        assertThat(shared.outcomeOf("c")).isEqualTo(alone.outcomeOf("c"));
        // c read the org itself, once: the suspended tenant's refused read left nothing behind to skew it.
        assertThat(shared.salesforce.readsByTenant).containsOnlyKeys("c").containsEntry("c", 6);

        // The next run: both are back and catch up from their own cursors, on one read of the org; c, caught up,
        // reads nothing more.
        shared.salesforce.paused.clear();
        shared.salesforceRemaining.clear();
        shared.salesforce.readsByOrg.clear();
        shared.salesforce.readsByTenant.clear();
        shared.queued.clear();
        shared.run("a", "b", "c");
        assertThat(shared.salesforce.readsByOrg).containsEntry(Tenant.orgKey(ORG_1), 6);
        assertThat(repaired(shared, "a", "Lead")).hasSize(11);
        assertThat(repaired(shared, "b", "Lead")).hasSize(11);
        assertThat(repaired(shared, "c", "Lead")).isEmpty();
    }
}
