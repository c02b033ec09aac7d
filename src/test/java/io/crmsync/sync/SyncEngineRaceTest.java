package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.Side;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.TenantSettings.HubSpotToSalesforce;
import io.crmsync.tenant.TenantSettings.SalesforceToHubSpot;

/**
 * Two workers on the same records: one (the slow one) reads, and before it writes, a user changes the records
 * again and another worker syncs that change through. Whatever the slow worker then does must not leave an older
 * value standing over the newer one on either side — its own late write is not a user's change to spread.
 * 200 pairs per test, so every record of a batch goes through the race.
 */
class SyncEngineRaceTest {

    static final int PAIRS = 200;

    /** Salesforce in memory, running a hook once, at the first find or update after it is set. */
    static final class RacingSalesforce implements SalesforceRecords {
        final InMemoryPorts.Salesforce store = new InMemoryPorts.Salesforce();
        Runnable beforeNextFind;
        Runnable beforeNextUpdate;

        @Override
        public List<CrmRecord> find(String tenantId, String sObject, Collection<String> fields, Collection<String> ids,
                String externalIdField, Collection<String> externalIds, Collection<String> emails) {
            List<CrmRecord> found = store.find(tenantId, sObject, fields, ids, externalIdField, externalIds, emails);
            runOnce(() -> beforeNextFind, () -> beforeNextFind = null);
            return found;
        }

        @Override
        public List<CrmRecord> findWhere(String tenantId, String sObject, Collection<String> fields, String field,
                Collection<String> values) {
            return store.findWhere(tenantId, sObject, fields, field, values);
        }

        @Override
        public List<WriteResult> upsert(String tenantId, String sObject, String externalIdField,
                List<RecordWrite> writes) {
            return store.upsert(tenantId, sObject, externalIdField, writes);
        }

        @Override
        public List<WriteResult> update(String tenantId, String sObject, List<RecordWrite> writes) {
            runOnce(() -> beforeNextUpdate, () -> beforeNextUpdate = null);
            return store.update(tenantId, sObject, writes);
        }

        @Override
        public List<WriteResult> create(String tenantId, String sObject, List<Map<String, Object>> records) {
            return store.create(tenantId, sObject, records);
        }

        private static void runOnce(java.util.function.Supplier<Runnable> hook, Runnable clear) {
            Runnable run = hook.get();
            if (run != null) {
                clear.run();
                run.run();
            }
        }
    }

    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final RacingSalesforce salesforce = new RacingSalesforce();
    final LinkStore links = linkStore();
    final InMemoryPorts.Audit audit = new InMemoryPorts.Audit();
    final TenantSettings settings = new TenantSettings(SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
            HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, true, Side.SALESFORCE);
    final SyncEngine engine = new SyncEngine(new SyncEngine.Ports(hubSpot, salesforce, new InMemoryPorts.OwnerBook(),
            new InMemoryPorts.Lists(), new InMemoryPorts.Associations(), links, audit, new InMemoryPorts.Errors(),
            new InMemoryPorts.Waits()), (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(),
            tenant -> settings, new TickingClock());

    /** The links the workers share; {@link SyncEngineRaceOnDynamoTest} races them through DynamoDB's. */
    LinkStore linkStore() {
        return new InMemoryPorts.Links();
    }

    /** Time moves a millisecond at every look, as it does between two workers' reads and saves. */
    static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2026-11-29T10:00:00Z");

        @Override
        public Instant instant() {
            now = now.plusMillis(1);
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    /** Contacts synced to Salesforce Contacts with jobtitle "v0" on both sides. */
    List<String> pairs() {
        List<String> ids = IntStream.range(0, PAIRS).mapToObj(i -> hubSpot.put("c" + i, Map.of("email",
                "c" + i + "@example.com", "lastname", "C" + i, "jobtitle", "v0"))).toList();
        engine.fromHubSpot("acme", "contact", ids);
        assertThat(titles()).containsOnly("v0");
        return ids;
    }

    void userSetsJobTitle(List<String> ids, String title) {
        ids.forEach(id -> {
            Map<String, String> properties = new HashMap<>(hubSpot.records.get(id).properties());
            properties.put("jobtitle", title);
            hubSpot.put(id, properties);
        });
    }

    List<String> titles() {
        return salesforce.store.of("Contact").values().stream().map(r -> r.properties().get("Title")).toList();
    }

    List<String> jobTitles(List<String> ids) {
        return ids.stream().map(id -> hubSpot.records.get(id).properties().get("jobtitle")).toList();
    }

    @Test
    void aWorkerWhosePlanAnotherWorkerOvertookWritesNothingStaleAndSyncsTheNewestValue() {
        List<String> ids = pairs();
        userSetsJobTitle(ids, "v1");
        // The slow worker has read both sides (jobtitle v1); then the user writes v2 and a fast worker syncs it.
        salesforce.beforeNextFind = () -> {
            userSetsJobTitle(ids, "v2");
            assertThat(engine.fromHubSpot("acme", "contact", ids).values()).extracting(RecordOutcome::status)
                    .containsOnly(Status.SYNCED);
        };
        int writesBefore = salesforce.store.writeCalls;

        Map<String, RecordOutcome> slow = engine.fromHubSpot("acme", "contact", ids);

        assertThat(titles()).hasSize(PAIRS).containsOnly("v2");
        assertThat(jobTitles(ids)).containsOnly("v2");
        // The fast worker wrote once; the slow one found its plan overtaken before writing, and re-read: nothing.
        assertThat(salesforce.store.writeCalls - writesBefore).isEqualTo(1);
        assertThat(slow.values()).extracting(RecordOutcome::status).containsOnly(Status.UNCHANGED);
    }

    @Test
    void aLateWriteThatLandedAfterTheOtherWorkersSyncIsUndoneNotSpread() {
        List<String> ids = pairs();
        userSetsJobTitle(ids, "v1");
        // The slow worker's write (v1) reaches Salesforce only after the user wrote v2 and a fast worker synced it.
        salesforce.beforeNextUpdate = () -> {
            userSetsJobTitle(ids, "v2");
            engine.fromHubSpot("acme", "contact", ids);
            assertThat(titles()).containsOnly("v2");
        };

        Map<String, RecordOutcome> slow = engine.fromHubSpot("acme", "contact", ids);

        // Its link save was refused; read again, its own late v1 in Salesforce is put right, not copied to HubSpot.
        assertThat(jobTitles(ids)).containsOnly("v2");
        assertThat(titles()).hasSize(PAIRS).containsOnly("v2");
        assertThat(slow.values()).extracting(RecordOutcome::status).containsOnly(Status.SYNCED);
        assertThat(links.findByHubSpotIds("acme", "contact", ids).values())
                .allSatisfy(link -> assertThat(link.fieldFingerprints().get("Title"))
                        .isEqualTo(FieldResolver.fingerprint("v2")));
    }

    @Test
    void aSalesforceChangeOvertakenByAHubSpotOneDoesNotWriteTheOlderValueIntoHubSpot() {
        List<String> ids = pairs();
        List<String> contacts = List.copyOf(salesforce.store.of("Contact").keySet());
        // HubSpot's v2 is the later change, by property history, so it wins the conflict it meets.
        ids.forEach(id -> hubSpot.history.put(id, Map.of("jobtitle", Instant.parse("2026-11-29T09:45:00Z"))));
        contacts.forEach(id -> {
            Map<String, String> fields = new HashMap<>(salesforce.store.of("Contact").get(id).properties());
            fields.put("Title", "sf1");
            salesforce.store.of("Contact").put(id, new CrmRecord(id, fields, Instant.parse("2026-11-29T09:30:00Z")));
        });
        // The Salesforce worker has read sf1; a HubSpot change (v2) is synced through before it writes HubSpot.
        salesforce.beforeNextFind = () -> {
            userSetsJobTitle(ids, "v2");
            engine.fromHubSpot("acme", "contact", ids);
        };

        engine.fromSalesforce("acme", "Contact", contacts);

        assertThat(jobTitles(ids)).containsOnly("v2");
        assertThat(titles()).hasSize(PAIRS).containsOnly("v2");
    }

    @Test
    void aRecordRacedEveryRoundIsHandedBackAfterThreeRoundsNotLooped() {
        List<String> ids = pairs();
        int[] round = {0};
        Runnable overtake = new Runnable() {
            @Override
            public void run() {
                round[0]++;
                userSetsJobTitle(ids, "r" + round[0]);
                engine.fromHubSpot("acme", "contact", ids);
                // ...and the user is at it again, so the slow worker's next round has something to write too.
                userSetsJobTitle(ids, "u" + round[0]);
                if (round[0] < SyncEngine.STALE_ROUNDS) {
                    salesforce.beforeNextFind = this;
                }
            }
        };
        userSetsJobTitle(ids, "slow");
        salesforce.beforeNextFind = overtake;

        Map<String, RecordOutcome> slow = engine.fromHubSpot("acme", "contact", ids);

        assertThat(round[0]).isEqualTo(SyncEngine.STALE_ROUNDS);
        assertThat(slow.values()).extracting(RecordOutcome::status).containsOnly(Status.RETRY);
        assertThat(slow.values()).extracting(RecordOutcome::detail).containsOnly(FreshLinks.STALE);
        // Nothing stale was written: Salesforce holds what the fast worker synced last; "u3" comes with its notice.
        assertThat(titles()).hasSize(PAIRS).containsOnly("r" + SyncEngine.STALE_ROUNDS);
    }
}
