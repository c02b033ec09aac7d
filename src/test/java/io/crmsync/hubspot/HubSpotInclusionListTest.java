package io.crmsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.admin.MappingAdminFunctionProfile;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sync.InclusionList;
import io.crmsync.sync.InclusionListMissingException;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * Inclusion-list membership against the HubSpot sandbox, with the calls each path costs. Shares the
 * mapping-admin test application, so no extra Quarkus boot.
 */
@QuarkusTest
@TestProfile(MappingAdminFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.HUBSPOT)
class HubSpotInclusionListTest {

    static final String GET_LIST = "GET /crm/v3/lists/{listId}";
    static final String GET_PAGE = "GET /crm/v3/lists/{listId}/memberships";
    static final String GET_RECORD_LISTS = "GET /crm/v3/lists/records/{objectTypeId}/{recordId}/memberships";
    static final String TENANT = "tenant-1";

    @Inject
    @RestClient
    HubSpotListsApi api;

    @Inject
    InclusionList wired;

    @Inject
    HubSpotTokens tokens;

    HubSpotSandbox hubSpot;
    final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T09:00:00Z"));
    HubSpotInclusionList inclusion;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot) {
        this.hubSpot = hubSpot;
        inclusion = new HubSpotInclusionList(api, tokens, clock,
                Duration.ofMinutes(5));
    }

    @AfterEach
    void noFaults() {
        hubSpot.faults().configure(FaultInjector.Settings.none());
    }

    @Test
    void aBatchNoLargerThanTheListsPageCountAsksPerRecord() {
        List<String> contacts = contacts(600);
        String list = listOf("Sync to Salesforce", everyOther(contacts)); // 300 members: 2 pages
        listOf("Newsletter", List.of(contacts.get(1)));
        hubSpot.resetCounters();

        assertThat(inclusion.membersAmong(TENANT, list, List.of(contacts.get(0), contacts.get(1))))
                .containsExactly(contacts.get(0));

        assertThat(hubSpot.callCounts()).isEqualTo(Map.of(GET_LIST, 1L, GET_RECORD_LISTS, 2L));
    }

    @Test
    void aLargerBatchPagesThroughTheList() {
        List<String> contacts = contacts(600);
        String list = listOf("Sync to Salesforce", everyOther(contacts)); // 300 members: 2 pages
        hubSpot.resetCounters();

        // 3 distinct numeric ids > 2 pages; the last member asked about sits on the second page.
        assertThat(inclusion.membersAmong(TENANT, list, List.of(contacts.get(0), contacts.get(1), contacts.get(0),
                contacts.get(598), "not-a-contact-id"))).containsExactlyInAnyOrder(contacts.get(0), contacts.get(598));

        assertThat(hubSpot.callCounts()).isEqualTo(Map.of(GET_LIST, 1L, GET_PAGE, 2L));
    }

    @Test
    void pagingStopsOncePastTheLargestAskedId() {
        List<String> contacts = contacts(1000);
        String list = listOf("Everyone", contacts); // 4 pages
        hubSpot.resetCounters();

        List<String> firstPage = contacts.subList(0, 5);
        assertThat(inclusion.membersAmong(TENANT, list, firstPage)).containsExactlyInAnyOrderElementsOf(firstPage);
        assertThat(hubSpot.calls(GET_PAGE)).isEqualTo(1);

        List<String> reachingPageTwo = new ArrayList<>(firstPage);
        reachingPageTwo.add(contacts.get(260));
        assertThat(inclusion.membersAmong(TENANT, list, reachingPageTwo))
                .containsExactlyInAnyOrderElementsOf(reachingPageTwo);
        assertThat(hubSpot.calls(GET_PAGE)).isEqualTo(1 + 2);
        assertThat(hubSpot.calls(GET_LIST)).isEqualTo(1);
    }

    @Test
    void theSizeIsReadOnceInItsTtlAndAStaleSizeOnlyCostsCalls() {
        List<String> contacts = contacts(602);
        String list = listOf("Sync to Salesforce", List.of(contacts.get(0))); // 1 page
        hubSpot.resetCounters();
        List<String> asked = List.of(contacts.get(0), contacts.get(601));

        assertThat(inclusion.membersAmong(TENANT, list, asked)).containsExactly(contacts.get(0));
        contacts.subList(1, 602).forEach(id -> hubSpot.addToList(list, id)); // 602 members: 3 pages
        clock.advance(Duration.ofMinutes(4));
        assertThat(inclusion.membersAmong(TENANT, list, asked)).containsExactlyInAnyOrderElementsOf(asked);
        assertThat(hubSpot.callCounts()).isEqualTo(Map.of(GET_LIST, 1L, GET_PAGE, 1L + 3L));

        clock.advance(Duration.ofMinutes(1));
        assertThat(inclusion.membersAmong(TENANT, list, asked)).containsExactlyInAnyOrderElementsOf(asked);
        // The fresh size (3 pages) makes 2 ids cheaper to ask per record.
        assertThat(hubSpot.callCounts()).isEqualTo(Map.of(GET_LIST, 2L, GET_PAGE, 4L, GET_RECORD_LISTS, 2L));
    }

    @Test
    void anEmptyListCostsOneEmptyPage() {
        List<String> contacts = contacts(3);
        String list = listOf("Nobody yet", List.of());
        hubSpot.resetCounters();

        assertThat(inclusion.membersAmong(TENANT, list, contacts)).isEmpty();
        assertThat(hubSpot.callCounts()).isEqualTo(Map.of(GET_LIST, 1L, GET_PAGE, 1L));
    }

    @Test
    void anUnknownListIsAnErrorNamingIt() {
        List<String> contacts = contacts(2);

        assertThatThrownBy(() -> wired.membersAmong(TENANT, "424242", contacts))
                .isInstanceOfSatisfying(InclusionListMissingException.class,
                        e -> assertThat(e.listId()).isEqualTo("424242"))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aListDeletedAfterItsSizeWasReadIsAnErrorToo() {
        List<String> contacts = contacts(600);
        String list = listOf("Sync to Salesforce", everyOther(contacts));
        inclusion.membersAmong(TENANT, list, contacts.subList(0, 2));
        hubSpot.reset(); // deletes the list (and its contacts)

        assertThatThrownBy(() -> inclusion.membersAmong(TENANT, list, contacts.subList(0, 10)))
                .isInstanceOfSatisfying(InclusionListMissingException.class, e -> assertThat(e.listId()).isEqualTo(list));
        assertThat(hubSpot.calls(GET_PAGE)).isEqualTo(1);
        // The cached size went with it: the next batch asks HubSpot for the list again.
        assertThatThrownBy(() -> inclusion.membersAmong(TENANT, list, contacts.subList(0, 2)))
                .isInstanceOf(InclusionListMissingException.class);
        assertThat(hubSpot.calls(GET_LIST)).isEqualTo(1);
    }

    @Test
    void aListOfAnotherObjectTypeCannotBeAContactInclusionList() {
        String companies = hubSpot.createList("Target accounts", "companies");

        assertThatThrownBy(() -> inclusion.membersAmong(TENANT, companies, List.of("1")))
                .isInstanceOf(InclusionListMissingException.class).hasMessageContaining("0-2");
    }

    @Test
    void hubSpotErrorsAndRateLimitsAreTransient() {
        List<String> contacts = contacts(600);
        String list = listOf("Sync to Salesforce", everyOther(contacts));

        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(503), Duration.ZERO, 0, 0));
        assertThatThrownBy(() -> inclusion.membersAmong(TENANT, list, contacts.subList(0, 2)))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("503");

        hubSpot.faults().configure(FaultInjector.Settings.none());
        inclusion.membersAmong(TENANT, list, contacts.subList(0, 2)); // size now cached
        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(429), Duration.ZERO, 0, 0));
        assertThatThrownBy(() -> inclusion.membersAmong(TENANT, list, contacts.subList(0, 2)))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("429");
        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(500), Duration.ZERO, 0, 0));
        assertThatThrownBy(() -> inclusion.membersAmong(TENANT, list, contacts.subList(0, 10)))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("500");
    }

    private List<String> contacts(int count) {
        return IntStream.range(0, count).mapToObj(i -> hubSpot.createContact(Map.of("email",
                "contact" + i + "@example.com"))).toList();
    }

    private String listOf(String name, List<String> members) {
        String list = hubSpot.createList(name, "contacts");
        members.forEach(id -> hubSpot.addToList(list, id));
        return list;
    }

    private static List<String> everyOther(List<String> contacts) {
        return IntStream.range(0, contacts.size()).filter(i -> i % 2 == 0).mapToObj(contacts::get).toList();
    }
}
