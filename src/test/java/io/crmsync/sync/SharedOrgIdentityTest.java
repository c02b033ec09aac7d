package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.crm.IdFieldTakenException;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.MemoryMappingStore;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.sync.IdentityFieldClaims.Field;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantScope;
import io.crmsync.tenant.TenantSettings;

/**
 * Two HubSpot portals on one Salesforce org, through the worker: HubSpot ids are per portal, so portal A's contact
 * 101 and portal B's contact 101 are two people. Each tenant stamps its own Salesforce field (the second one's
 * named by salesforceIdField): two Leads, neither overwriting the other, each pairing back to its own portal.
 * A third tenant that joins on the default fields already held is paused with a reason, and writes nothing.
 */
class SharedOrgIdentityTest {

    static final String ORG = "00D5g000004YzKxEAK";
    static final String DEFAULT = "HubSpot_Contact_Id__c";
    static final String EU = "HubSpot_EU_Contact_Id__c";
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    /** One HubSpot portal per tenant. */
    final Map<String, InMemoryPorts.HubSpot> portals = Map.of("acme", new InMemoryPorts.HubSpot(), "eu",
            new InMemoryPorts.HubSpot(), "late", new InMemoryPorts.HubSpot(), "alone", new InMemoryPorts.HubSpot());
    /** One org, shared. */
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final Map<String, Tenant> tenants = Map.of(
            "acme", new Tenant("acme", 1001, ORG, Optional.empty()),
            "eu", new Tenant("eu", 1002, ORG, Optional.empty()),
            "late", new Tenant("late", 1003, ORG.substring(0, 15), Optional.empty()),
            "alone", new Tenant("alone", 1004, "00D5g000009AbCdEAK", Optional.empty()));
    final MemoryMappingStore mappings = new MemoryMappingStore();
    final MemoryIdentityFieldClaims claims = new MemoryIdentityFieldClaims();
    /** The tenants that connected Salesforce so far, in order. */
    final List<String> connected = new java.util.ArrayList<>();
    final IdentityFields identity = new IdentityFields(mappings, t -> TenantSettings.defaults(), claims);
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final CachedMappings cached = new CachedMappings(mappings, Optional.of(new CachedMappings.Claims(claims,
            id -> Optional.ofNullable(tenants.get(id)), id -> TenantSettings.defaults())), java.time.Duration.ofMinutes(1),
            clock);
    final SyncWorkerTest.RecordingDisposition queue = new SyncWorkerTest.RecordingDisposition();
    final Map<String, String> suspended = new LinkedHashMap<>();
    final SyncWorker worker = new SyncWorker(json, new SyncEngine(new SyncEngine.Ports(new Portals(), salesforce,
            new InMemoryPorts.OwnerBook(), new InMemoryPorts.Lists(), new InMemoryPorts.Associations(),
            new InMemoryPorts.Links(), new InMemoryPorts.Audit(), new InMemoryPorts.Errors(),
            new InMemoryPorts.Waits()), cached::mapping, t -> TenantSettings.defaults(), clock), Map::of, queue,
            RetryBackoff.standard(() -> 0.0), 5, new SuspensionTracker(new Suspensions(), clock,
                    java.time.Duration.ofMinutes(5)), clock, TenantScope.NONE);

    @Test
    void twoPortalsContactsWithTheSameIdBecomeTwoLeadsEachStampedInItsTenantsOwnField() throws Exception {
        mappings.withOwnIdField("eu", ObjectPair.CONTACT_LEAD, EU);
        mappings.withOwnIdField("eu", ObjectPair.CONTACT_CONTACT, EU);
        mappings.withOwnIdField("eu", ObjectPair.COMPANY_ACCOUNT, "HubSpot_EU_Company_Id__c");
        assertThat(connect("acme", ORG)).isEmpty();
        assertThat(connect("eu", ORG)).as("eu names its own fields").isEmpty();
        portals.get("acme").put("101", Map.of("email", "ada@acme.example", "lastname", "Lovelace"));
        portals.get("eu").put("101", Map.of("email", "grace@eu.example", "lastname", "Hopper"));

        assertThat(worker.handle(List.of(message("a", "acme", "101"), message("b", "eu", "101")))).isEmpty();

        assertThat(salesforce.of("Lead")).hasSize(2);
        CrmRecord acmeLead = lead(DEFAULT, "101");
        CrmRecord euLead = lead(EU, "101");
        assertThat(acmeLead.id()).isNotEqualTo(euLead.id());
        assertThat(acmeLead.properties()).containsEntry("LastName", "Lovelace").doesNotContainKey(EU);
        assertThat(euLead.properties()).containsEntry("LastName", "Hopper").doesNotContainKey(DEFAULT);

        // A change in portal A reaches A's Lead only; B's Lead keeps its values and its stamp.
        portals.get("acme").put("101", Map.of("email", "ada@acme.example", "lastname", "Byron"), NOW);
        assertThat(worker.handle(List.of(message("c", "acme", "101")))).isEmpty();
        assertThat(salesforce.of("Lead")).hasSize(2);
        assertThat(lead(DEFAULT, "101").properties()).containsEntry("LastName", "Byron");
        assertThat(lead(EU, "101").properties()).containsEntry("LastName", "Hopper").doesNotContainKey(DEFAULT);

        // B's Lead changed in Salesforce goes to portal B's contact 101, never to portal A's.
        Map<String, String> edited = new HashMap<>(lead(EU, "101").properties());
        edited.put("LastName", "Hopper-Murray");
        salesforce.of("Lead").put(euLead.id(), new CrmRecord(euLead.id(), edited, NOW.plusSeconds(7200)));
        assertThat(worker.handle(List.of(salesforceMessage("d", "eu", euLead.id())))).isEmpty();
        assertThat(portals.get("eu").records.get("101").properties()).containsEntry("lastname", "Hopper-Murray");
        assertThat(portals.get("acme").records.get("101").properties()).containsEntry("lastname", "Byron");
        assertThat(suspended).isEmpty();
        assertThat(claims.holders(ORG, List.of(new Field("Lead", DEFAULT), new Field("Lead", EU))))
                .isEqualTo(Map.of(new Field("Lead", DEFAULT), "acme", new Field("Lead", EU), "eu"));
    }

    @Test
    void aTenantWhoseFieldAnotherHoldsIsPausedWithTheReasonAndWritesNothing() throws Exception {
        assertThat(connect("acme", ORG)).isEmpty();
        List<String> taken = connect("late", ORG);
        assertThat(taken).containsExactly("Lead." + DEFAULT, "Contact." + DEFAULT, "Account.HubSpot_Company_Id__c");
        assertThat(IdentityFields.joinNotice(taken)).startsWith("; this tenant's HubSpot ids need their own"
                + " Salesforce fields: Lead.HubSpot_Contact_Id__c, Contact.HubSpot_Contact_Id__c,"
                + " Account.HubSpot_Company_Id__c hold another tenant's.");
        portals.get("acme").put("101", Map.of("email", "ada@acme.example", "lastname", "Lovelace"));
        portals.get("late").put("101", Map.of("email", "linus@late.example", "lastname", "Torvalds"));
        assertThat(worker.handle(List.of(message("a", "acme", "101")))).isEmpty();
        int writes = salesforce.writeCalls;

        assertThat(worker.handle(List.of(message("l", "late", "101")))).as("deferred, not failed").isEmpty();

        assertThat(salesforce.writeCalls).as("nothing written for late").isEqualTo(writes);
        assertThat(salesforce.of("Lead")).hasSize(1);
        assertThat(lead(DEFAULT, "101").properties()).containsEntry("LastName", "Lovelace");
        assertThat(queue.deferred).extracting(MessageDisposition.Deferral::messageId).containsExactly("l");
        assertThat(queue.deferred.get(0).delay()).isEqualTo(IdFieldTakenException.RECHECK);
        assertThat(suspended).containsExactly(Map.entry("late", "Salesforce field Contact.HubSpot_Contact_Id__c holds"
                + " another tenant's HubSpot ids: give this tenant its own field (salesforceIdField)"));
        // acme, which holds the field, still syncs.
        assertThat(worker.handle(List.of(message("a2", "acme", "101")))).isEmpty();
        assertThat(suspended).doesNotContainKey("acme");
    }

    @Test
    void aTenantAloneOnItsOrgNeedsNoClaimAndReadsThemOncePerCacheTime() throws Exception {
        portals.get("alone").put("7", Map.of("email", "solo@alone.example", "lastname", "Solo"));
        portals.get("alone").put("8", Map.of("email", "duo@alone.example", "lastname", "Duo"));

        assertThat(worker.handle(List.of(message("s", "alone", "7")))).isEmpty();
        assertThat(worker.handle(List.of(message("t", "alone", "8")))).isEmpty();

        assertThat(lead(DEFAULT, "7").properties()).containsEntry("LastName", "Solo");
        assertThat(lead(DEFAULT, "8").properties()).containsEntry("LastName", "Duo");
        assertThat(claims.reads()).as("one batched read, kept with the mappings").isEqualTo(1);
        assertThat(suspended).isEmpty();
    }

    /** What SalesforceConnector does last: the tenant is on the org, then the claims. */
    List<String> connect(String tenantId, String orgId) {
        connected.add(tenantId);
        return identity.join(tenantId, orgId, connected.stream().map(tenants::get)
                .filter(t -> Tenant.orgKey(t.salesforceOrgId()).equals(Tenant.orgKey(orgId))).toList());
    }

    CrmRecord lead(String field, String hubSpotId) {
        List<CrmRecord> found = salesforce.of("Lead").values().stream()
                .filter(r -> hubSpotId.equals(r.properties().get(field))).toList();
        assertThat(found).as("Leads stamped %s = %s", field, hubSpotId).hasSize(1);
        return found.get(0);
    }

    QueuedMessage message(String id, String tenant, String... contacts) throws Exception {
        return new QueuedMessage(id, "rh-" + id, json.writeValueAsString(new ChangeNotice(1, tenant,
                SourceSystem.HUBSPOT, "contact", List.of(contacts), ChangeKind.UPDATED, NOW, List.of(), null,
                Map.of())), 1, 0);
    }

    QueuedMessage salesforceMessage(String id, String tenant, String... leads) throws Exception {
        return new QueuedMessage(id, "rh-" + id, json.writeValueAsString(new ChangeNotice(1, tenant,
                SourceSystem.SALESFORCE, "Lead", List.of(leads), ChangeKind.UPDATED, NOW, List.of(), null,
                Map.of())), 1, 0);
    }

    /** The engine's one HubSpot port, answering from the tenant's own portal. */
    final class Portals implements HubSpotRecords {
        @Override
        public Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties) {
            return portals.get(tenantId).read(tenantId, objectType, ids, properties);
        }

        @Override
        public Map<String, CrmRecord> readWithHistory(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties, Collection<String> withHistory) {
            return portals.get(tenantId).readWithHistory(tenantId, objectType, ids, properties, withHistory);
        }

        @Override
        public Map<String, CrmRecord> readContactsByEmail(String tenantId, Collection<String> emails,
                Collection<String> properties) {
            return portals.get(tenantId).readContactsByEmail(tenantId, emails, properties);
        }

        @Override
        public List<WriteResult> update(String tenantId, String objectType, List<RecordWrite> writes) {
            return portals.get(tenantId).update(tenantId, objectType, writes);
        }

        @Override
        public List<WriteResult> upsert(String tenantId, String objectType, String idProperty,
                List<RecordWrite> writes) {
            return portals.get(tenantId).upsert(tenantId, objectType, idProperty, writes);
        }

        @Override
        public void archive(String tenantId, String objectType, Collection<String> ids) {
            portals.get(tenantId).archive(tenantId, objectType, ids);
        }
    }

    final class Suspensions implements TenantSuspensions {
        @Override
        public void suspend(String tenantId, String reason, Instant at) {
            suspended.put(tenantId, reason);
        }

        @Override
        public void clear(String tenantId) {
            suspended.remove(tenantId);
        }

        @Override
        public Optional<Suspension> current(String tenantId) {
            return Optional.ofNullable(suspended.get(tenantId)).map(reason -> new Suspension(reason, NOW));
        }
    }
}
