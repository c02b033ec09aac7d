package io.crmsync.salesforce;

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
import io.crmsync.sandbox.salesforce.SalesforceIds;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sync.SalesforceRecords;
import io.crmsync.sync.WriteResult;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@link SalesforceRecords#create} through sObject Collections against the Salesforce sandbox. */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.SALESFORCE)
class SalesforceCreateTest {

    static final String CREATE = "POST /services/data/v62.0/composite/sobjects";

    @Inject
    SalesforceRecords records;

    SalesforceSandbox salesforce;

    @BeforeEach
    void stack(SalesforceSandbox salesforce) {
        this.salesforce = salesforce;
    }

    @AfterEach
    void noFaults() {
        salesforce.faults().configure(FaultInjector.Settings.none());
    }

    @Test
    void createsContactRolesInOneCallAndRefusesOnlyTheBadOne() {
        String deal = salesforce.insert("Opportunity", Map.of("Name", "Renewal", "StageName", "Prospecting",
                "CloseDate", "2026-06-30"));
        String jane = salesforce.insert("Contact", Map.of("LastName", "Doe"));
        String john = salesforce.insert("Contact", Map.of("LastName", "Roe"));
        String deletedContact = salesforce.insert("Contact", Map.of("LastName", "Gone"));
        salesforce.delete(deletedContact);
        salesforce.resetCounters();

        List<WriteResult> results = records.create("t1", "OpportunityContactRole", List.of(
                Map.of("OpportunityId", deal, "ContactId", jane, "IsPrimary", true),
                Map.of("OpportunityId", deal, "ContactId", deletedContact),
                Map.of("OpportunityId", deal, "ContactId", john, "Role", "Evaluator")));

        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isInstanceOfSatisfying(WriteResult.Written.class, w -> {
            assertThat(w.key()).isEqualTo("0");
            assertThat(w.id()).startsWith("00K");
            assertThat(w.created()).isTrue();
        });
        assertThat(results.get(1)).isInstanceOfSatisfying(WriteResult.Refused.class, r -> {
            assertThat(r.key()).isEqualTo("1");
            assertThat(r.code()).isEqualTo("ENTITY_IS_DELETED");
            assertThat(r.message()).contains("ContactId");
            assertThat(r.category()).isEqualTo("Permissions");
        });
        assertThat(results.get(2)).isInstanceOfSatisfying(WriteResult.Written.class,
                w -> assertThat(w.key()).isEqualTo("2"));
        assertThat(salesforce.calls(CREATE)).isEqualTo(1);
        assertThat(salesforce.records("OpportunityContactRole")).extracting(r -> r.get("ContactId"))
                .containsExactly(jane, john);
    }

    @Test
    void aRoleNamingAMissingOpportunityIsAnAssociationsError() {
        String jane = salesforce.insert("Contact", Map.of("LastName", "Doe"));
        // A well-formed Opportunity id no record has (the opportunity did not sync yet).
        String missing = SalesforceIds.newId("006", 999_999);

        List<WriteResult> results = records.create("t1", "OpportunityContactRole",
                List.of(Map.of("OpportunityId", missing, "ContactId", jane)));

        assertThat(results).singleElement().isInstanceOfSatisfying(WriteResult.Refused.class, r -> {
            assertThat(r.code()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
            assertThat(r.category()).isEqualTo("Associations");
            assertThat(r.message()).contains("OpportunityId");
        });
        assertThat(salesforce.count("OpportunityContactRole")).isZero();
    }

    @Test
    void createsTwoHundredRecordsPerCallInInputOrder() {
        List<Map<String, Object>> accounts = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            accounts.add(Map.of("Name", "Account " + i));
        }
        salesforce.resetCounters();

        List<WriteResult> results = records.create("t1", "Account", accounts);

        assertThat(results).hasSize(201).allMatch(r -> r instanceof WriteResult.Written);
        assertThat(results).extracting(WriteResult::key).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 201).mapToObj(String::valueOf).toList());
        String last = ((WriteResult.Written) results.get(200)).id();
        assertThat(salesforce.record(last).orElseThrow()).containsEntry("Name", "Account 200");
        assertThat(salesforce.calls(CREATE)).isEqualTo(2);
    }

    @Test
    void aServerErrorIsTransient() {
        salesforce.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(503), Duration.ZERO, 0, 0));
        salesforce.resetCounters();

        assertThatThrownBy(() -> records.create("t1", "Account", List.of(Map.of("Name", "Acme"))))
                .isInstanceOf(CrmUnavailableException.class);
        // A 503 is answered before anything is done: the create is sent again, twice (CrmRetries).
        assertThat(salesforce.calls(CREATE)).isEqualTo(3);
    }

    @Test
    void aCreateThatMayHaveBeenDoneIsNotSentAgain() {
        salesforce.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(500), Duration.ZERO, 0, 0));
        salesforce.resetCounters();

        assertThatThrownBy(() -> records.create("t1", "Account", List.of(Map.of("Name", "Acme"))))
                .isInstanceOf(CrmUnavailableException.class);
        // A 500 may come after the record was made: resending could make a second Account.
        assertThat(salesforce.calls(CREATE)).isEqualTo(1);
    }
}
