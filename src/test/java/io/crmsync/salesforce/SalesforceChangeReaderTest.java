package io.crmsync.salesforce;

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
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** Keyset-paged SOQL over SystemModstamp against the Salesforce sandbox (whose modstamps have whole seconds). */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.SALESFORCE)
class SalesforceChangeReaderTest {

    static final String QUERY = "GET /services/data/v62.0/query";
    static final String QUERY_MORE = "GET /services/data/v62.0/query/{locator}";
    static final List<String> FIELDS = List.of("Email", "HubSpot_Contact_Id__c");

    @Inject
    SalesforceChangeReader reader;

    SalesforceSandbox salesforce;

    @BeforeEach
    void stack(SalesforceSandbox salesforce) {
        this.salesforce = salesforce;
    }

    @Test
    void readsEveryChangeOnceInModstampAndIdOrderTwoThousandAPage() {
        Set<String> inserted = new HashSet<>();
        for (int i = 0; i < 4_500; i++) {
            inserted.add(salesforce.insert("Contact", Map.of("LastName", "C" + i, "Email", "c" + i + "@example.com",
                    "HubSpot_Contact_Id__c", String.valueOf(1000 + i))));
        }
        salesforce.resetCounters();
        Instant until = Instant.now().plusSeconds(1);

        List<ChangedRecord> read = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        Cursor cursor = Cursor.START;
        while (true) {
            Page page = reader.read("acme", "Contact", FIELDS, cursor, 5_000, until);
            read.addAll(page.records());
            pageSizes.add(page.records().size());
            if (page.next().isEmpty()) {
                break;
            }
            cursor = page.next().get();
        }

        assertThat(pageSizes).containsExactly(2_000, 2_000, 500);
        assertThat(read).extracting(ChangedRecord::id).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(inserted);
        assertThat(read).extracting(ChangedRecord::cursor).isSorted();
        // 4,500 inserts share seconds: the page boundaries fall inside ties the Id settles.
        assertThat(read.stream().map(ChangedRecord::modifiedAt).distinct().count()).isLessThan(read.size());
        assertThat(read.get(0).properties()).containsKeys("Id", "SystemModstamp", "Email", "HubSpot_Contact_Id__c");
        assertThat(salesforce.calls(QUERY)).isEqualTo(3);
        assertThat(salesforce.calls(QUERY_MORE)).isZero();

        // An import's size: one SELECT COUNT().
        assertThat(reader.count("acme", "Contact", until)).isEqualTo(4_500);
        assertThat(reader.count("acme", "Contact", read.get(0).modifiedAt().minusSeconds(1))).isZero();
        assertThat(salesforce.calls(QUERY)).isEqualTo(5);
    }

    @Test
    void resumesInsideATieAndStopsAtTheEndTime() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(salesforce.insert("Contact", Map.of("LastName", "C" + i)));
        }
        Instant until = Instant.now().plusSeconds(1);
        List<ChangedRecord> all = reader.read("acme", "Contact", List.of(), Cursor.START, 2_000, until).records();
        assertThat(all).hasSize(30);
        ChangedRecord middle = all.get(14);

        Page rest = reader.read("acme", "Contact", List.of(), middle.cursor(), 2_000, until);
        assertThat(rest.records()).containsExactlyElementsOf(all.subList(15, 30));
        assertThat(rest.next()).isEmpty();

        Page before = reader.read("acme", "Contact", List.of(), Cursor.START, 2_000,
                all.get(0).modifiedAt().minus(Duration.ofSeconds(1)));
        assertThat(before.records()).isEmpty();
    }

    @Test
    void anOutageIsTransient() {
        salesforce.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(503), Duration.ZERO, 0, 0));
        assertThatThrownBy(() -> reader.read("acme", "Contact", List.of(), Cursor.START, 2_000, Instant.now()))
                .isInstanceOf(CrmUnavailableException.class);
    }

    @Test
    void theQueryIsTheCompositeCursorCondition() {
        Cursor at = new Cursor(Instant.parse("2026-04-01T10:00:07Z"), "003000000000001AAA");
        assertThat(SalesforceChangeReader.query("Contact", List.of("Email"), at, 2_000,
                Instant.parse("2026-04-01T11:00:00.999Z"))).isEqualTo("SELECT Id, SystemModstamp, Email FROM Contact"
                        + " WHERE (SystemModstamp > 2026-04-01T10:00:07Z OR (SystemModstamp = 2026-04-01T10:00:07Z"
                        + " AND Id > '003000000000001AAA')) AND SystemModstamp <= 2026-04-01T11:00:00Z"
                        + " ORDER BY SystemModstamp, Id LIMIT 2000");
    }
}
