package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.Side;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.TenantSettings.HubSpotToSalesforce;
import io.crmsync.tenant.TenantSettings.SalesforceToHubSpot;

/**
 * Faults in the middle of a batch never acknowledge a change that was not applied: the record's outcome carries
 * the failure (retried, or deferred when sync is paused), and what is done again on the retry is not done twice.
 */
class SyncEngineFaultsTest {

    static final Instant RESUME = Instant.parse("2026-11-29T11:00:00Z");

    /** HubSpot associations that fail on demand for one direction (from → to), else the in-memory ones. */
    static final class FaultyAssociations implements HubSpotAssociations {
        final InMemoryPorts.Associations store = new InMemoryPorts.Associations();
        String failingDirection = "";
        RuntimeException readFailure;
        RuntimeException writeFailure;
        int failedCalls;

        @Override
        public Map<String, List<Associated>> read(String tenantId, String fromType, String toType,
                Collection<String> fromIds) {
            if (readFailure != null && failingDirection.equals(fromType + "→" + toType)) {
                failedCalls++;
                throw readFailure;
            }
            return store.read(tenantId, fromType, toType, fromIds);
        }

        @Override
        public List<WriteResult> associatePrimary(String tenantId, String fromType, String toType,
                List<Association> pairs) {
            if (writeFailure != null && failingDirection.equals(fromType + "→" + toType)) {
                failedCalls++;
                throw writeFailure;
            }
            return store.associatePrimary(tenantId, fromType, toType, pairs);
        }

        void heal() {
            readFailure = null;
            writeFailure = null;
        }
    }

    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final InMemoryPorts.Links links = new InMemoryPorts.Links();
    final InMemoryPorts.Audit audit = new InMemoryPorts.Audit();
    final InMemoryPorts.Errors errors = new InMemoryPorts.Errors();
    final InMemoryPorts.Lists lists = new InMemoryPorts.Lists();
    final InMemoryPorts.Waits waits = new InMemoryPorts.Waits();
    final FaultyAssociations associations = new FaultyAssociations();
    TenantSettings settings = new TenantSettings(SalesforceToHubSpot.CREATE_OR_UPDATE_THE_CONTACT,
            HubSpotToSalesforce.CREATE_OR_UPDATE_THE_CONTACT, true, Side.SALESFORCE).withDeals(true, Map.of(),
            Map.of());
    final SyncEngine engine = new SyncEngine(new SyncEngine.Ports(hubSpot, salesforce, new InMemoryPorts.OwnerBook(),
            lists, associations, links, audit, errors, waits),
            (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(), tenant -> settings,
            Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC));

    static SyncPausedException paused() {
        return new SyncPausedException("Salesforce window used up (test)", RESUME, Optional.empty());
    }

    /** Contacts synced with Salesforce Contacts, and deals each associated with all of them in HubSpot. */
    List<String> contactsAndDeals(int contacts, int deals) {
        List<String> contactIds = IntStream.range(0, contacts).mapToObj(i -> hubSpot.put("c" + i,
                Map.of("email", "c" + i + "@example.com", "lastname", "C" + i))).toList();
        engine.fromHubSpot("acme", "contact", contactIds);
        List<String> dealIds = IntStream.range(0, deals).mapToObj(i -> hubSpot.put("d" + i, Map.of("dealname",
                "Deal " + i, "dealstage", "closedwon", "closedate", "2026-12-24"))).toList();
        dealIds.forEach(d -> associations.store.contactsOf.put(d, contactIds));
        return dealIds;
    }

    @Test
    void aHubSpotOutageAtTheDealsContactRolesRetriesTheDealsAndTheRetryAddsEachRoleOnce() {
        List<String> deals = contactsAndDeals(3, 40);
        associations.failingDirection = "deal→contact";
        associations.readFailure = new CrmUnavailableException("HubSpot answered 502 (test)", null);

        Map<String, RecordOutcome> outcomes = engine.fromHubSpot("acme", "deal", deals);

        assertThat(associations.failedCalls).isEqualTo(1);
        assertThat(outcomes.values()).extracting(RecordOutcome::status).containsOnly(Status.RETRY);
        assertThat(salesforce.of("Opportunity")).hasSize(40);
        assertThat(salesforce.of("OpportunityContactRole")).isEmpty();

        associations.heal();
        assertThat(engine.fromHubSpot("acme", "deal", deals).values()).extracting(RecordOutcome::status)
                .containsOnly(Status.UNCHANGED);
        assertThat(salesforce.of("OpportunityContactRole")).hasSize(3 * 40);
        assertThat(salesforce.of("Opportunity")).hasSize(40);

        int writes = salesforce.writeCalls;
        engine.fromHubSpot("acme", "deal", deals);
        assertThat(salesforce.of("OpportunityContactRole")).hasSize(3 * 40);
        assertThat(salesforce.writeCalls).isEqualTo(writes);
    }

    @Test
    void aFailureAfterTheRolesWereWrittenRetriesAndTheRetryDoesNotWriteThemAgain() {
        List<String> deals = contactsAndDeals(2, 10);
        // Each opportunity also has a role in Salesforce for a contact the deal lacks in HubSpot: both sides write.
        String sfContact = salesforce.put("Contact", Map.of("Email", "sf@example.com", "LastName", "Sf"),
                Instant.parse("2026-11-29T09:30:00Z"));
        engine.fromSalesforce("acme", "Contact", List.of(sfContact));
        associations.failingDirection = "deal→contact";
        associations.writeFailure = new CrmUnavailableException("HubSpot answered 503 (test)", null);
        associations.readFailure = new CrmUnavailableException("HubSpot answered 503 (test)", null);
        engine.fromHubSpot("acme", "deal", deals);
        links.findByHubSpotIds("acme", "deal", deals).values().forEach(link -> salesforce.create("acme",
                "OpportunityContactRole", List.of(Map.of("OpportunityId", link.salesforceId(), "ContactId", sfContact,
                        "IsPrimary", true))));
        associations.readFailure = null;

        Map<String, RecordOutcome> outcomes = engine.fromHubSpot("acme", "deal", deals);

        // The roles of the two HubSpot contacts were written; the associations of the Salesforce one were not.
        assertThat(salesforce.of("OpportunityContactRole")).hasSize(3 * 10);
        assertThat(outcomes.values()).extracting(RecordOutcome::status).containsOnly(Status.RETRY);

        associations.heal();
        engine.fromHubSpot("acme", "deal", deals);
        assertThat(salesforce.of("OpportunityContactRole")).hasSize(3 * 10);
        String sfContactInHubSpot = links.byHubSpotId.values().stream().filter(l -> sfContact.equals(
                l.salesforceId())).findFirst().orElseThrow().hubSpotId();
        deals.forEach(d -> assertThat(associations.store.contactsOf.get(d)).contains(sfContactInHubSpot));
        assertThat(audit.entries.stream().filter(e -> "OpportunityContactRole".equals(e.field())
                && "SALESFORCE".equals(e.writtenTo()))).hasSize(2 * 10);
    }

    @Test
    void aPausedBudgetAtTheDealsContactRolesDefersTheDealsUntilTheWindowReopens() {
        List<String> deals = contactsAndDeals(2, 5);
        associations.failingDirection = "deal→contact";
        associations.readFailure = paused();

        Map<String, RecordOutcome> outcomes = engine.fromHubSpot("acme", "deal", deals);

        assertThat(outcomes.values()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(Status.DEFERRED);
            assertThat(o.resumeAt()).isEqualTo(RESUME);
        });
        associations.heal();
        engine.fromHubSpot("acme", "deal", deals);
        assertThat(salesforce.of("OpportunityContactRole")).hasSize(2 * 5);
    }

    /** The worker over this engine: what it hands back to SQS, delays and defers is what a notice becomes. */
    SyncWorker worker(SyncWorkerTest.RecordingDisposition queue) {
        TenantSuspensions noSuspensions = new TenantSuspensions() {
            @Override
            public void suspend(String tenantId, String reason, Instant at) {
            }

            @Override
            public void clear(String tenantId) {
            }

            @Override
            public Optional<Suspension> current(String tenantId) {
                return Optional.empty();
            }
        };
        Clock clock = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
        return new SyncWorker(json, engine, Map::of, queue, RetryBackoff.standard(() -> 0.0), 5,
                new SuspensionTracker(noSuspensions, clock, java.time.Duration.ofMinutes(5)), clock,
                io.crmsync.tenant.TenantScope.NONE);
    }

    final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper()
            .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** One message per ten deals, as HubSpot's webhook door would queue them. */
    List<QueuedMessage> dealNotices(List<String> deals) throws Exception {
        List<QueuedMessage> messages = new java.util.ArrayList<>();
        for (int from = 0; from < deals.size(); from += 10) {
            io.crmsync.notice.ChangeNotice notice = new io.crmsync.notice.ChangeNotice(1, "acme",
                    io.crmsync.notice.ChangeNotice.SourceSystem.HUBSPOT, "deal",
                    deals.subList(from, Math.min(deals.size(), from + 10)),
                    io.crmsync.notice.ChangeNotice.ChangeKind.UPDATED, Instant.parse("2026-11-29T09:59:00Z"),
                    List.of(), null, Map.of());
            messages.add(new QueuedMessage("m" + from, "rh-" + from, json.writeValueAsString(notice), 1, 0));
        }
        return messages;
    }

    @Test
    void theWorkerHandsBackOrDefersEveryDealNoticeWhoseContactRolesDidNotSync() throws Exception {
        List<String> deals = contactsAndDeals(3, 40);
        List<QueuedMessage> messages = dealNotices(deals);
        associations.failingDirection = "deal→contact";
        associations.readFailure = new CrmUnavailableException("HubSpot answered 502 (test)", null);
        SyncWorkerTest.RecordingDisposition queue = new SyncWorkerTest.RecordingDisposition();

        assertThat(worker(queue).handle(messages)).containsExactlyInAnyOrder("m0", "m10", "m20", "m30");
        assertThat(queue.delayed).extracting(MessageDisposition.Delay::messageId)
                .containsExactlyInAnyOrder("m0", "m10", "m20", "m30");

        associations.readFailure = paused();
        SyncWorkerTest.RecordingDisposition pausedQueue = new SyncWorkerTest.RecordingDisposition();
        assertThat(worker(pausedQueue).handle(messages)).isEmpty();
        assertThat(pausedQueue.deferred).extracting(MessageDisposition.Deferral::messageId)
                .containsExactlyInAnyOrder("m0", "m10", "m20", "m30");

        associations.heal();
        SyncWorkerTest.RecordingDisposition healthyQueue = new SyncWorkerTest.RecordingDisposition();
        assertThat(worker(healthyQueue).handle(messages)).isEmpty();
        assertThat(healthyQueue.delayed).isEmpty();
        assertThat(healthyQueue.deferred).isEmpty();
        assertThat(salesforce.of("OpportunityContactRole")).hasSize(3 * 40);
    }

    @Test
    void aContactWhoseReleaseWasDeferredKeepsWaitingForItsCompany() {
        hubSpot.put("502", Map.of("name", "Globex"));
        List<String> contacts = IntStream.range(0, 20).mapToObj(i -> hubSpot.put("h" + i,
                Map.of("email", "h" + i + "@globex.example", "lastname", "H" + i))).toList();
        contacts.forEach(c -> associations.store.companiesOf.put(c, List.of("502")));
        engine.fromHubSpot("acme", "contact", contacts);
        assertThat(waits.waitingFor("acme", List.of("hubspot|company|502")).get("hubspot|company|502"))
                .hasSize(20);
        // Globex syncs, but the budget pauses before its waiting contacts can be synced again.
        associations.failingDirection = "contact→company";
        associations.readFailure = paused();

        assertThat(engine.fromHubSpot("acme", "company", List.of("502")).get("502").status())
                .isEqualTo(Status.SYNCED);

        assertThat(waits.waitingFor("acme", List.of("hubspot|company|502")).get("hubspot|company|502"))
                .as("deferred contacts still wait for their company").hasSize(20);
        assertThat(errors.open.values()).filteredOn(e -> "WAITING_FOR_ACCOUNT".equals(e.code())).hasSize(20);

        // Once the window reopens, the company's next sync brings them their account and lets them go.
        associations.heal();
        engine.fromHubSpot("acme", "company", List.of("502"));
        assertThat(waits.waitingFor("acme", List.of("hubspot|company|502"))).isEmpty();
        String globex = links.findByHubSpotIds("acme", "company", List.of("502")).get("502").salesforceId();
        assertThat(salesforce.of("Contact").values()).hasSize(20)
                .allSatisfy(c -> assertThat(c.properties()).containsEntry("AccountId", globex));
    }

    @Test
    void aMissingInclusionListIsASyncErrorOnEachContactAndNothingIsWritten() {
        settings = TenantSettings.defaults().withInclusionList("404");
        List<String> contacts = IntStream.range(0, 30).mapToObj(i -> hubSpot.put("x" + i,
                Map.of("email", "x" + i + "@example.com", "lastname", "X" + i))).toList();

        Map<String, RecordOutcome> outcomes = engine.fromHubSpot("acme", "contact", contacts);

        assertThat(outcomes.values()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(Status.SKIPPED);
            assertThat(o.detail()).startsWith("inclusion list 404 cannot be used");
        });
        assertThat(salesforce.writeCalls).isZero();
        assertThat(links.byHubSpotId).isEmpty();
        assertThat(errors.open).hasSize(30);
        assertThat(errors.open.get("hubspot|contact|x7")).satisfies(e -> {
            assertThat(e.category()).isEqualTo(HubSpotChanges.INCLUSION_LIST_CATEGORY);
            assertThat(e.code()).isEqualTo(HubSpotChanges.INCLUSION_LIST_MISSING);
            assertThat(e.message()).contains("404");
        });

        // The list is fixed (here: made again with the contacts in it); the next sync clears the errors.
        lists.members.put("404", java.util.Set.copyOf(contacts));
        assertThat(engine.fromHubSpot("acme", "contact", contacts).values()).extracting(RecordOutcome::status)
                .containsOnly(Status.SYNCED);
        assertThat(errors.open).isEmpty();
    }
}
