package io.crmsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.sync.HubSpotAssociations.Associated;
import io.crmsync.sync.HubSpotAssociations.Association;
import io.crmsync.sync.WriteResult;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The v4 association adapter against the HubSpot sandbox (same application as the sync-worker test). */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.HUBSPOT)
class HubSpotRestAssociationsTest {

    static final String READ = "POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/read";
    static final String CREATE = "POST /crm/v4/associations/{fromObjectType}/{toObjectType}/batch/create";

    @Inject
    HubSpotAssociations associations;

    HubSpotSandbox hubSpot;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot) {
        this.hubSpot = hubSpot;
        hubSpot.resetCounters();
    }

    @AfterEach
    void noFaults() {
        hubSpot.faults().configure(FaultInjector.Settings.none());
    }

    @Test
    void readsEachContactsCompaniesPrimaryFirstInOneCall() {
        String older = company("Older Co");
        String primary = company("Primary Co");
        String ada = contact("ada@example.com");
        String alan = contact("alan@example.com");
        String grace = contact("grace@example.com");
        hubSpot.associate("contacts", ada, "companies", older);
        associations.associatePrimary("t1", "contact", "company", List.of(new Association(ada, primary)));
        hubSpot.associate("contacts", grace, "companies", older);
        hubSpot.resetCounters();

        Map<String, List<Associated>> read = associations.read("t1", "contact", "company", List.of(ada, alan, grace));

        // HubSpot lists by id (older first); the primary one, with the higher id, must still lead.
        assertThat(read).containsOnlyKeys(ada, grace);
        assertThat(read.get(ada)).containsExactly(new Associated(primary, true), new Associated(older, false));
        assertThat(read.get(grace)).containsExactly(new Associated(older, false));
        assertThat(hubSpot.calls(READ)).isEqualTo(1);
    }

    @Test
    void readsMoreThanAThousandIdsInBatchesOfAThousand() {
        String acme = company("Acme");
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            contacts.add(contact("c" + i + "@example.com"));
        }
        hubSpot.associate("contacts", contacts.get(0), "companies", acme);
        hubSpot.associate("contacts", contacts.get(1_000), "companies", acme);
        hubSpot.resetCounters();

        Map<String, List<Associated>> read = associations.read("t1", "contact", "company", contacts);

        assertThat(read).containsOnlyKeys(contacts.get(0), contacts.get(1_000));
        assertThat(hubSpot.calls(READ)).isEqualTo(2);
    }

    @Test
    void followsTheNextPageOfARecordWithManyAssociations() {
        String deal = hubSpot.createRecord("deals", Map.of("dealname", "Big one"));
        String other = hubSpot.createRecord("deals", Map.of("dealname", "Small one"));
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            String contact = contact("buyer" + i + "@example.com");
            hubSpot.associate("deals", deal, "contacts", contact);
            contacts.add(contact);
        }
        hubSpot.associate("deals", other, "contacts", contacts.get(0));
        hubSpot.resetCounters();

        Map<String, List<Associated>> read = associations.read("t1", "deal", "contact", List.of(deal, other));

        assertThat(read.get(deal)).extracting(Associated::toId).containsExactlyElementsOf(contacts);
        assertThat(read.get(deal)).noneMatch(Associated::primary);
        assertThat(read.get(other)).containsExactly(new Associated(contacts.get(0), false));
        // The first page for both, then the second page of the big deal alone.
        assertThat(hubSpot.calls(READ)).isEqualTo(2);
    }

    @Test
    void associatesAsPrimaryAndDemotesThePreviousPrimary() {
        String first = company("First");
        String second = company("Second");
        String ada = contact("ada@example.com");
        String deal = hubSpot.createRecord("deals", Map.of("dealname", "Renewal"));

        List<WriteResult> firstRound = associations.associatePrimary("t1", "contact", "company",
                List.of(new Association(ada, first)));
        List<WriteResult> secondRound = associations.associatePrimary("t1", "contact", "company",
                List.of(new Association(ada, second)));
        List<WriteResult> dealCompany = associations.associatePrimary("t1", "deal", "company",
                List.of(new Association(deal, second)));
        List<WriteResult> dealContact = associations.associatePrimary("t1", "deal", "contact",
                List.of(new Association(deal, ada)));

        assertThat(firstRound).containsExactly(new WriteResult.Written(ada, ada, true));
        assertThat(secondRound).containsExactly(new WriteResult.Written(ada, ada, true));
        assertThat(dealCompany).containsExactly(new WriteResult.Written(deal, deal, true));
        assertThat(dealContact).containsExactly(new WriteResult.Written(deal, deal, true));
        assertThat(hubSpot.calls(CREATE)).isEqualTo(4);
        assertThat(associations.read("t1", "contact", "company", List.of(ada)).get(ada))
                .containsExactly(new Associated(second, true), new Associated(first, false));
        assertThat(associations.read("t1", "deal", "company", List.of(deal)).get(deal))
                .containsExactly(new Associated(second, true));
        // deal→contact has no primary type: a plain association.
        assertThat(associations.read("t1", "deal", "contact", List.of(deal)).get(deal))
                .containsExactly(new Associated(ada, false));
    }

    @Test
    void refusesOnlyThePairWhoseRecordDoesNotExist() {
        String acme = company("Acme");
        String ada = contact("ada@example.com");
        String alan = contact("alan@example.com");
        String missing = "999999999";

        List<WriteResult> results = associations.associatePrimary("t1", "contact", "company", List.of(
                new Association(ada, acme), new Association(missing, acme), new Association(alan, acme)));

        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isEqualTo(new WriteResult.Written(ada, ada, true));
        assertThat(results.get(1)).isInstanceOfSatisfying(WriteResult.Refused.class, refused -> {
            assertThat(refused.key()).isEqualTo(missing);
            assertThat(refused.category()).isEqualTo("Associations");
            assertThat(refused.message()).contains(missing);
        });
        assertThat(results.get(2)).isEqualTo(new WriteResult.Written(alan, alan, true));
        assertThat(hubSpot.calls(CREATE)).isEqualTo(1);
        assertThat(hubSpot.associatedIds("contacts", alan, "companies")).containsExactly(acme);
    }

    @Test
    void createsInCallsOfAHundredPairs() {
        String acme = company("Acme");
        List<Association> pairs = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            pairs.add(new Association(contact("p" + i + "@example.com"), acme));
        }
        hubSpot.resetCounters();

        List<WriteResult> results = associations.associatePrimary("t1", "contact", "company", pairs);

        assertThat(results).hasSize(101).allMatch(r -> r instanceof WriteResult.Written);
        assertThat(results).extracting(WriteResult::key).containsExactlyElementsOf(
                pairs.stream().map(Association::fromId).toList());
        assertThat(hubSpot.calls(CREATE)).isEqualTo(2);
    }

    @Test
    void serverErrorsAndRateLimitsAreTransient() {
        String acme = company("Acme");
        String ada = contact("ada@example.com");
        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(503), Duration.ZERO, 0, 0));

        assertThatThrownBy(() -> associations.read("t1", "contact", "company", List.of(ada)))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("503");
        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(429), Duration.ZERO, 0, 0));
        assertThatThrownBy(() -> associations.associatePrimary("t1", "contact", "company",
                List.of(new Association(ada, acme)))).isInstanceOf(CrmUnavailableException.class)
                .hasMessageContaining("429");
        // Each is retried twice inside the call (CrmRetries), every attempt a call HubSpot counts.
        assertThat(hubSpot.calls(READ)).isEqualTo(3);
        assertThat(hubSpot.calls(CREATE)).isEqualTo(3);
    }

    private String company(String name) {
        return hubSpot.createRecord("companies", Map.of("name", name));
    }

    private String contact(String email) {
        return hubSpot.createContact(Map.of("email", email));
    }
}
