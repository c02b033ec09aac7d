package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.reconcile.Cursor;
import io.crmsync.crm.Side;
import io.crmsync.tenant.TenantSettings;
import io.crmsync.tenant.Tenant;

/** Reconcile cursors on the tenants table, against dynalite. */
class DynamoCursorStoreTest {

    static final Instant T = Instant.parse("2026-04-01T10:00:00Z");

    final LocalAws aws = SharedLocalAws.get();

    @BeforeEach
    void registerTenant() {
        aws.reset();
        new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"))
                .save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()));
    }

    DynamoCursorStore store() {
        return new DynamoCursorStore(aws.dynamo(), aws.tableName("TenantsTable"));
    }

    @Test
    void savesPerSideAndObjectAndReadsBack() {
        assertThat(store().load("acme", Side.SALESFORCE, "Contact")).isEmpty();

        store().save("acme", Side.SALESFORCE, "Contact", new Cursor(T, "003000000000001AAA"));
        store().save("acme", Side.HUBSPOT, "contact", new Cursor(T, "9"));

        assertThat(store().load("acme", Side.SALESFORCE, "Contact")).contains(new Cursor(T, "003000000000001AAA"));
        assertThat(store().load("acme", Side.HUBSPOT, "contact")).contains(new Cursor(T, "9"));
        assertThat(store().load("acme", Side.SALESFORCE, "Lead")).isEmpty();
        assertThat(store().load("nobody", Side.HUBSPOT, "contact")).isEmpty();
    }

    @Test
    void aCursorNeverMovesBackwards() {
        store().save("acme", Side.HUBSPOT, "contact", new Cursor(T, "9"));
        store().save("acme", Side.HUBSPOT, "contact", new Cursor(T, "10"));
        assertThat(store().load("acme", Side.HUBSPOT, "contact")).contains(new Cursor(T, "10"));

        store().save("acme", Side.HUBSPOT, "contact", new Cursor(T, "9"));
        store().save("acme", Side.HUBSPOT, "contact", new Cursor(T.minusSeconds(1), "99"));
        assertThat(store().load("acme", Side.HUBSPOT, "contact")).contains(new Cursor(T, "10"));

        store().save("acme", Side.HUBSPOT, "contact", new Cursor(T.plusMillis(1), "1"));
        assertThat(store().load("acme", Side.HUBSPOT, "contact")).contains(new Cursor(T.plusMillis(1), "1"));
    }

    @Test
    void leavesTheRestOfTheTenantItemAlone() {
        DynamoTenantSettings settings = new DynamoTenantSettings(aws.dynamo(), aws.tableName("TenantsTable"),
                new ObjectMapper());
        TenantSettings chosen = TenantSettings.defaults().withInclusionList("42");
        settings.save("acme", chosen);

        store().save("acme", Side.SALESFORCE, "Lead", new Cursor(T, "00Q000000000001AAA"));

        assertThat(new DynamoCursorStore(aws.dynamo(), aws.tableName("TenantsTable")).load("acme", Side.SALESFORCE,
                "Lead")).isPresent();
        assertThat(new DynamoTenantSettings(aws.dynamo(), aws.tableName("TenantsTable"), new ObjectMapper())
                .settings("acme")).isEqualTo(chosen);
        assertThat(new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable")).byId("acme")).isPresent();
    }
}
