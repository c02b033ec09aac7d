package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.Side;
import io.crmsync.sync.RecordOutcome.Status;

/** The erase's order and its guard in the worker's steps, on in-memory ports. */
class ErasureTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    final InMemoryPorts.Links links = new InMemoryPorts.Links();
    final List<String> events = new ArrayList<>();
    final Map<String, Instant> marked = new HashMap<>();

    final ErasureMarks marks = new ErasureMarks() {
        @Override
        public void mark(String tenantId, Collection<String> recordKeys, Instant expiresAt) {
            recordKeys.forEach(k -> marked.put(tenantId + "|" + k, expiresAt));
            events.add("mark " + String.join(",", recordKeys));
        }

        @Override
        public Set<String> erased(String tenantId, Collection<String> recordKeys) {
            return recordKeys.stream().filter(k -> marked.containsKey(tenantId + "|" + k)).collect(Collectors.toSet());
        }
    };

    /** A table holding the links: erasing it forgets the person's links, as DynamoLinkStore does. */
    final PersonalData linkTable = new PersonalData() {
        @Override
        public String table() {
            return "links";
        }

        @Override
        public int erase(ErasedPerson person) {
            events.add("erase links");
            int before = links.byHubSpotId.size();
            person.on(Side.HUBSPOT).forEach(r -> links.delete(person.tenantId(), r.objectType(), r.id()));
            return before - links.byHubSpotId.size();
        }
    };

    final InMemoryPorts.Audit audit = new InMemoryPorts.Audit();
    final Erasure erasure = new Erasure(links, audit, marks, List.of(linkTable), Duration.ofDays(30),
            Clock.fixed(NOW, ZoneOffset.UTC));

    void linked(String hubSpotId, String leadId) {
        links.save(new Link("acme", "contact", hubSpotId, "Lead", leadId, "h", NOW));
    }

    @Test
    void aPrivacyDeletionMarksTheContactAndItsTwinBeforeTheDeletePolicyAndErasesAfterIt() {
        linked("101", "00Q000000000101AAA");

        Map<String, RecordOutcome> outcomes = erasure.step("acme", Side.HUBSPOT, "contact", List.of("101"),
                Set.of("101"), true, ids -> {
                    // The delete policy still finds the link.
                    events.add("delete policy, link " + (links.findByHubSpotIds("acme", "contact", ids).isEmpty()
                            ? "gone" : "there"));
                    return Map.of("101", new RecordOutcome(Status.SKIPPED, "kept"));
                });

        assertThat(events).containsExactly("mark hubspot|contact|101,salesforce|Lead|00Q000000000101AAA",
                "delete policy, link there", "erase links");
        assertThat(marked.values()).containsOnly(NOW.plus(Duration.ofDays(30)));
        assertThat(outcomes).containsOnlyKeys("101");
        assertThat(links.byHubSpotId).isEmpty();
    }

    @Test
    void anEraseRetriedAfterTheLinkWasForgottenStillFindsTheTwinAndAConvertedLeadInTheAuditRows() {
        audit.append(List.of(
                new AuditLog.Entry("acme", "contact", "101", "Lead", "00Q000000000101AAA", "email", "a", "a", null,
                        "", "HUBSPOT", "TWO_WAY", "same", NOW.minusSeconds(60)),
                new AuditLog.Entry("acme", "contact", "101", "Contact", "003000000000101AAA", "(record deleted)", null,
                        null, null, "", "HUBSPOT", "DELETE", "deleted in HubSpot", NOW)));

        ErasedPerson person = erasure.person("acme", List.of(ErasedPerson.Record.hubSpot("contact", "101")));

        assertThat(person.recordKeys()).containsExactlyInAnyOrder("hubspot|contact|101",
                "salesforce|Lead|00Q000000000101AAA",
                "salesforce|Contact|003000000000101AAA");
    }

    @Test
    void aStepDropsErasedRecordsAndSyncsTheRest() {
        erasure.erase("acme", List.of(ErasedPerson.Record.salesforce("Lead", "00Q000000000101AAA")));
        List<String> synced = new ArrayList<>();

        Map<String, RecordOutcome> outcomes = erasure.step("acme", Side.SALESFORCE, "Lead",
                List.of("00Q000000000101AAA", "00Q000000000102AAA"), Set.of(), false, ids -> {
                    synced.addAll(ids);
                    Map<String, RecordOutcome> done = new LinkedHashMap<>();
                    ids.forEach(id -> done.put(id, RecordOutcome.of(Status.SYNCED)));
                    return done;
                });

        assertThat(synced).containsExactly("00Q000000000102AAA");
        assertThat(outcomes.get("00Q000000000101AAA")).isEqualTo(new RecordOutcome(Status.SKIPPED,
                "erased on request"));
        // Companies and deals are no person: their steps read no marker.
        assertThat(erasure.erasedAmong("acme", Side.HUBSPOT, "company", List.of("101"))).isEmpty();
    }

    @Test
    void aWorkerThatSyncedThePersonWhileTheEraseRanHasWhatItWroteErasedAfterItsStep() {
        Map<String, RecordOutcome> outcomes = erasure.step("acme", Side.HUBSPOT, "contact", List.of("101"),
                Set.of(), false, ids -> {
                    // The step read the contact before the erase; the erase runs, then the step saves a new link.
                    erasure.erase("acme", List.of(ErasedPerson.Record.hubSpot("contact", "101")));
                    linked("101", "00Q000000000101AAA");
                    return Map.of("101", RecordOutcome.of(Status.SYNCED));
                });

        assertThat(outcomes.get("101").status()).isEqualTo(Status.SYNCED);
        assertThat(links.byHubSpotId).as("the link the racing step saved").isEmpty();
        assertThat(marked).containsKey("acme|salesforce|Lead|00Q000000000101AAA");
    }

    @Test
    void aWorkerWithoutAStoreRefusesAnEraseInsteadOfPretending() {
        Erasure none = Erasure.unavailable();

        assertThat(none.erasedAmong("acme", Side.HUBSPOT, "contact", List.of("101"))).isEmpty();
        assertThatThrownBy(() -> none.step("acme", Side.HUBSPOT, "contact", List.of("101"), Set.of("101"), true,
                ids -> Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aMarkerOutlivesTheQueuesRetention() {
        assertThatThrownBy(() -> new Erasure(links, audit, marks, List.of(), Duration.ofDays(14),
                Clock.systemUTC()))
                .hasMessageContaining("at least 15 days");
    }
}
