package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.reconcile.Cursor;
import io.crmsync.reconcile.ImportProgress;
import io.crmsync.crm.Side;
import io.crmsync.tenant.Tenant;

/** Import progress on the tenants table, against dynalite. */
class DynamoImportStoreTest {

    static final Instant T = Instant.parse("2026-04-01T10:00:00Z");

    final LocalAws aws = SharedLocalAws.get();

    @BeforeEach
    void registerTenant() {
        aws.reset();
        new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"))
                .save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()));
    }

    DynamoImportStore store() {
        return new DynamoImportStore(aws.dynamo(), aws.tableName("TenantsTable"));
    }

    DynamoCursorStore cursors() {
        return new DynamoCursorStore(aws.dynamo(), aws.tableName("TenantsTable"));
    }

    @Test
    void savesEveryFieldPerSideAndObjectAndReadsItBack() {
        assertThat(store().load("acme", Side.SALESFORCE, "Contact")).isEmpty();
        ImportProgress snapshot = new ImportProgress(T, T.plusSeconds(1), 100_000, 40_000, 9, "7505g000001abcAAA",
                "MjAwMDA", 17, null);
        ImportProgress pages = ImportProgress.begin(T, T, 3, 1).checked(3, 1).finish(T.plusSeconds(60));

        store().save("acme", Side.SALESFORCE, "Contact", snapshot);
        store().save("acme", Side.HUBSPOT, "contact", pages);

        assertThat(store().load("acme", Side.SALESFORCE, "Contact")).contains(snapshot);
        assertThat(store().load("acme", Side.HUBSPOT, "contact")).contains(pages);
        assertThat(store().load("acme", Side.SALESFORCE, "Lead")).isEmpty();

        ImportProgress further = snapshot.checked(20_000, 1).at(null, 0);
        store().save("acme", Side.SALESFORCE, "Contact", further);
        assertThat(store().load("acme", Side.SALESFORCE, "Contact")).contains(further);
    }

    @Test
    void restartRemovesTheChangeCursorsAndImportsButKeepsTheDeletionCursors() {
        cursors().save("acme", Side.SALESFORCE, "Contact", new Cursor(T, "003000000000001AAA"));
        cursors().save("acme", Side.HUBSPOT, "contact", new Cursor(T, "9"));
        cursors().save("acme", Side.SALESFORCE, "Opportunity#deleted", new Cursor(T, ""));
        store().save("acme", Side.HUBSPOT, "contact", ImportProgress.begin(T, T, 1, 1).finish(T));

        assertThat(store().restart("acme")).containsExactlyInAnyOrder("salesforce|Contact", "hubspot|contact");

        assertThat(cursors().load("acme", Side.SALESFORCE, "Contact")).isEmpty();
        assertThat(cursors().load("acme", Side.HUBSPOT, "contact")).isEmpty();
        assertThat(cursors().load("acme", Side.SALESFORCE, "Opportunity#deleted")).contains(new Cursor(T, ""));
        assertThat(store().load("acme", Side.HUBSPOT, "contact")).isEmpty();
        // A tenant with nothing to restart, and one that does not exist.
        assertThat(store().restart("acme")).isEmpty();
        assertThatThrownBy(() -> store().restart("nobody")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nobody");
    }
}
