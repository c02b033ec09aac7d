package io.crmsync.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.CrmUnavailableException;

/** The shared read of one org's changes, on its own: what it answers from memory, and when it asks the org. */
class OrgChangesTest {

    static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    static final List<String> UNION = List.of("Email", "Title", "HubSpot_Contact_Id__c");

    /** One org's Leads; counts the queries and remembers the fields of each. */
    static final class Org implements ChangeReader {
        final List<ChangedRecord> records = new ArrayList<>();
        final List<List<String>> asked = new ArrayList<>();
        boolean refuseTitle;
        boolean unavailable;

        @Override
        public Page read(String tenantId, String objectType, List<String> properties, Cursor after, int limit,
                Instant until) {
            if (unavailable) {
                throw new CrmUnavailableException("503 (test)", null);
            }
            if (refuseTitle && properties.contains("Title")) {
                throw new IllegalStateException("Salesforce answered 400 INVALID_FIELD (test)");
            }
            asked.add(properties);
            List<ChangedRecord> changed = records.stream().filter(r -> r.cursor().isAfter(after))
                    .filter(r -> !r.modifiedAt().isAfter(until)).sorted(Comparator.comparing(ChangedRecord::cursor))
                    .toList();
            List<ChangedRecord> page = changed.subList(0, Math.min(limit, changed.size())).stream().map(r -> {
                Map<String, String> values = new HashMap<>(r.properties());
                values.keySet().retainAll(properties);
                return new ChangedRecord(r.id(), r.modifiedAt(), values);
            }).toList();
            return new Page(page, changed.size() > limit ? Optional.of(page.get(page.size() - 1).cursor())
                    : Optional.empty());
        }

        @Override
        public long count(String tenantId, String objectType, Instant until) {
            return records.size();
        }
    }

    final Org org = new Org();

    void leads(int from, int to) {
        IntStream.rangeClosed(from, to).forEach(i -> org.records.add(new ChangedRecord("00Q" + i, T0.plusSeconds(i),
                Map.of("Email", i + "@example.com", "Title", "T" + i, "HubSpot_Contact_Id__c", "h" + i))));
    }

    /** Every page a tenant's pass would read, from {@code after}, as the pass asks for them. */
    static List<ChangedRecord> readAll(ChangeReader reader, String tenant, List<String> fields, Cursor after,
            Instant until) {
        List<ChangedRecord> all = new ArrayList<>();
        Cursor at = after;
        while (true) {
            Page page = reader.read(tenant, "Lead", fields, at, 5, until);
            all.addAll(page.records());
            if (page.next().isEmpty()) {
                return all;
            }
            at = page.next().get();
        }
    }

    @Test
    void eachTenantGetsOnlyTheFieldsItAskedForFromOneReadOfThemAll() {
        leads(1, 12);
        OrgChanges shared = new OrgChanges(org, Map.of("Lead", UNION), 1_000);

        List<ChangedRecord> a = readAll(shared, "a", List.of("Email", "HubSpot_Contact_Id__c"), Cursor.START,
                T0.plusSeconds(60));
        List<ChangedRecord> b = readAll(shared, "b", UNION, Cursor.START, T0.plusSeconds(60));

        assertThat(org.asked).hasSize(3).allSatisfy(fields -> assertThat(fields).isEqualTo(UNION));
        assertThat(a).isEqualTo(readAll(org, "a", List.of("Email", "HubSpot_Contact_Id__c"), Cursor.START,
                T0.plusSeconds(60)));
        assertThat(a.get(0).properties()).doesNotContainKey("Title");
        assertThat(b).hasSize(12).allSatisfy(r -> assertThat(r.properties()).containsKey("Title"));
    }

    @Test
    void aTenantReadingUpToALaterTimeGetsTheLaterChangesAndOneReadingToAnEarlierOneDoesNot() {
        leads(1, 12);
        OrgChanges shared = new OrgChanges(org, Map.of("Lead", UNION), 1_000);

        assertThat(readAll(shared, "a", UNION, Cursor.START, T0.plusSeconds(6))).hasSize(6);
        int calls = org.asked.size();
        assertThat(readAll(shared, "b", UNION, Cursor.START, T0.plusSeconds(12))).hasSize(12);
        assertThat(org.asked.size()).as("only the changes after what it had read").isEqualTo(calls + 2);
        assertThat(readAll(shared, "c", UNION, Cursor.START, T0.plusSeconds(3))).extracting(ChangedRecord::id)
                .containsExactly("00Q1", "00Q2", "00Q3");
        assertThat(org.asked.size()).isEqualTo(calls + 2);
    }

    @Test
    void pastItsLimitOfRecordsItStopsKeepingAndEachTenantReadsAsAlone() {
        leads(1, 12);
        OrgChanges shared = new OrgChanges(org, Map.of("Lead", UNION), 5);

        List<ChangedRecord> a = readAll(shared, "a", UNION, Cursor.START, T0.plusSeconds(60));
        List<ChangedRecord> b = readAll(shared, "b", UNION, Cursor.START, T0.plusSeconds(60));

        assertThat(a).isEqualTo(b).hasSize(12);
        // a: three pages; b: the first from memory, the two after it from the org.
        assertThat(org.asked).hasSize(5);
    }

    @Test
    void aTenantWhoseUserCannotReadAnotherTenantsFieldReadsItsOwnAndAnOutageReachesThePass() {
        leads(1, 3);
        org.refuseTitle = true;
        OrgChanges shared = new OrgChanges(org, Map.of("Lead", UNION), 1_000);

        assertThat(readAll(shared, "a", List.of("Email"), Cursor.START, T0.plusSeconds(60))).hasSize(3);
        assertThatThrownBy(() -> shared.read("b", "Lead", UNION, Cursor.START, 5, T0.plusSeconds(60)))
                .isInstanceOf(IllegalStateException.class);

        org.unavailable = true;
        assertThatThrownBy(() -> new OrgChanges(org, Map.of("Lead", UNION), 1_000).read("a", "Lead",
                List.of("Email"), Cursor.START, 5, T0)).isInstanceOf(CrmUnavailableException.class);
    }
}
