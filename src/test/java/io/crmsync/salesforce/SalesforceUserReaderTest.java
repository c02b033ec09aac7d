package io.crmsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.functions.WorkerFunctionProfile;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.testing.SyncStack;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The active-users adapter against the Salesforce sandbox, in the worker's application. */
@QuarkusTest
@TestProfile(WorkerFunctionProfile.class)
@SyncStack(reset = SyncStack.Part.SALESFORCE)
class SalesforceUserReaderTest {

    static final String QUERY = "GET /services/data/v62.0/query";
    static final String QUERY_MORE = "GET /services/data/v62.0/query/{locator}";

    @Inject
    SalesforceUserReader reader;

    SalesforceSandbox salesforce;

    @BeforeEach
    void stack(SalesforceSandbox salesforce) {
        this.salesforce = salesforce;
    }

    String user(String email, boolean active) {
        return salesforce.insert("User", Map.of("Username", email + ".org", "Email", email, "LastName", "User",
                "IsActive", active));
    }

    @Test
    void readsEveryActiveUserAcrossQueryPages() {
        String ada = user("Ada@Example.com", true);
        for (int i = 0; i < 2_100; i++) {
            user("user" + i + "@example.com", true);
        }
        String gone = user("gone@example.com", false);
        salesforce.resetCounters();

        Map<String, String> emails = reader.activeUserEmails("acme");

        // The 2,101 users added, the integration user and the org's other users (a sales rep), in two pages of at
        // most 2,000.
        assertThat(emails).hasSize(2_102 + salesforce.config().users().size()).containsEntry(ada, "Ada@Example.com").containsKey(salesforce.userId())
                .doesNotContainKey(gone);
        assertThat(salesforce.calls(QUERY)).isEqualTo(1);
        assertThat(salesforce.calls(QUERY_MORE)).isEqualTo(1);
    }

    @Test
    void anExpiredTokenIsRenewed() {
        String ada = user("ada@example.com", true);
        reader.activeUserEmails("acme");
        salesforce.expireTokens();

        assertThat(reader.activeUserEmails("acme")).containsEntry(ada, "ada@example.com");
    }

    @Test
    void anUnavailableOrgIsTransient() {
        salesforce.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(503), Duration.ZERO, 0, 0));

        assertThatThrownBy(() -> reader.activeUserEmails("acme")).isInstanceOf(CrmUnavailableException.class)
                .hasMessageContaining("503");
    }
}
