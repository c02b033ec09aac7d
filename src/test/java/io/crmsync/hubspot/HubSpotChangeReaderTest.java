package io.crmsync.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.reconcile.ChangedRecord;
import io.crmsync.reconcile.Cursor;
import io.crmsync.reconcile.Page;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Change reads through CRM search against the HubSpot sandbox, which refuses to page past 10,000 results. */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.HUBSPOT)
class HubSpotChangeReaderTest {

    static final String SEARCH = "POST /crm/v3/objects/{objectType}/search";

    @Inject
    HubSpotChangeReader reader;

    HubSpotSandbox hubSpot;

    @BeforeEach
    void stack(HubSpotSandbox hubSpot) {
        this.hubSpot = hubSpot;
    }

    List<ChangedRecord> readAll(String objectType, List<String> properties, Cursor from, Instant until) {
        List<ChangedRecord> read = new ArrayList<>();
        Cursor cursor = from;
        while (true) {
            Page page = reader.read("acme", objectType, properties, cursor, 200, until);
            read.addAll(page.records());
            if (page.next().isEmpty()) {
                return read;
            }
            cursor = page.next().get();
        }
    }

    @Test
    void readsMoreThanTenThousandChangesInOneWindowEachExactlyOnce() {
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 10_050; i++) {
            created.add(hubSpot.createContact(Map.of("firstname", "C" + i)));
        }
        hubSpot.resetCounters();

        // The sandbox gives each write its own millisecond, so a fast seed runs ahead of the wall clock.
        Instant until = Instant.now().plus(Duration.ofHours(1));
        List<ChangedRecord> read = readAll("contact", List.of("firstname"), Cursor.START, until);

        assertThat(read).hasSize(10_050).extracting(ChangedRecord::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(created);
        assertThat(read).extracting(ChangedRecord::cursor).isSorted();
        assertThat(read.get(0).properties()).containsKeys("firstname", "lastmodifieddate", "hs_object_id");
        // Each full page of 200 holds back its last millisecond for the next read: 50 reads of 199, then 100.
        assertThat(hubSpot.calls(SEARCH)).isEqualTo(51);
        // No 429: the reader stays under search's five requests a second.
        assertThat(hubSpot.totalCalls()).isEqualTo(51);

        // An import's size: one search, whose total counts past the 10,000 results search pages.
        assertThat(reader.count("acme", "contact", until)).isEqualTo(10_050);
        assertThat(reader.count("acme", "contact", read.get(99).modifiedAt())).isEqualTo(100);
        assertThat(hubSpot.calls(SEARCH)).isEqualTo(53);
    }

    @Test
    void readsChangedActivitiesOfEachEngagementTypeForTheActivityPoll() {
        String meeting = hubSpot.createRecord("meetings", Map.of("hs_meeting_title", "Demo"));
        String call = hubSpot.createRecord("calls", Map.of("hs_call_title", "Intro"));
        Instant until = Instant.now().plus(Duration.ofHours(1));

        assertThat(readAll("meeting", List.of(), Cursor.START, until)).extracting(ChangedRecord::id)
                .containsExactly(meeting);
        assertThat(readAll("call", List.of(), Cursor.START, until)).extracting(ChangedRecord::id).containsExactly(call);
        assertThat(reader.count("acme", "note", until)).isZero();
    }

    @Test
    void resumesFromACursorAndStopsAtTheEndTime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(hubSpot.createRecord("company", Map.of("name", "Co " + i)));
        }
        Instant until = Instant.now().plus(Duration.ofHours(1));
        List<ChangedRecord> all = readAll("company", List.of("name"), Cursor.START, until);
        assertThat(all).extracting(ChangedRecord::id).containsExactlyElementsOf(ids);

        assertThat(readAll("company", List.of("name"), all.get(2).cursor(), until)).containsExactlyElementsOf(
                all.subList(3, 5));
        hubSpot.updateRecord("company", ids.get(0), Map.of("name", "Renamed"));
        Instant lastCreated = all.get(4).modifiedAt();
        assertThat(readAll("company", List.of("name"), all.get(4).cursor(), lastCreated)).isEmpty();
        assertThat(readAll("company", List.of("name"), all.get(4).cursor(), Instant.now().plus(Duration.ofHours(1))))
                .extracting(r -> r.properties().get("name")).containsExactly("Renamed");
    }

    @Test
    void aRateLimitIsTransient() {
        hubSpot.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(429), Duration.ZERO, 0, 0));
        assertThatThrownBy(() -> reader.read("acme", "contact", List.of(), Cursor.START, 200, Instant.now()))
                .isInstanceOf(CrmUnavailableException.class).hasMessageContaining("429");
    }
}
