package io.crmsync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.budget.Crm;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.store.DynamoLedger;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.store.DynamoUsageHistory;
import io.crmsync.tenant.Tenant;

/**
 * Allocations on a Salesforce org shared by three tenants, against dynalite: each is a share of the org's one
 * daily limit, and the admin API refuses one that would make them add up to more than the org can give.
 */
class SharedOrgAllocationTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    final LocalAws aws = SharedLocalAws.get();
    DynamoLedger ledger;
    AllocationAdmin admin;
    /** The org's DailyApiRequests.Max as the limits resource would answer; 0: the resource cannot be read. */
    final AtomicLong limitsResource = new AtomicLong();

    @BeforeEach
    void threeTenantsOnOneOrg() {
        aws.reset();
        DynamoTenantDirectory tenants = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        tenants.save(new Tenant("acme-us", 101, "00D5g000004YzKxEAK", Optional.empty()));
        tenants.save(new Tenant("acme-eu", 102, "00D5g000004YzKx", Optional.empty()));
        tenants.save(new Tenant("acme-apac", 103, "00D5g000004YzKxEAK", Optional.empty()));
        tenants.save(new Tenant("globex", 200, "00D5g000009AbCdEAK", Optional.empty()));
        String budget = aws.tableName("BudgetTable");
        ledger = new DynamoLedger(aws.dynamo(), budget, tenants::byId);
        admin = new AllocationAdmin(tenants, ledger, new DynamoUsageHistory(aws.dynamo(), budget, tenants::byId),
                (tenant, l) -> {
                    if (limitsResource.get() == 0) {
                        throw new IllegalStateException("the limits resource could not be read (test)");
                    }
                    l.observe(tenant, Crm.SALESFORCE, 0, limitsResource.get(), NOW);
                }, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void allocationsOnOneOrgMayNotAddUpToMoreThanItsLimit() {
        // A header seen by acme-eu's call tells the org's limit to every tenant on it.
        ledger.observe("acme-eu", Crm.SALESFORCE, 1_000, 100_000, NOW);
        assertThat(put("acme-us", "{\"salesforce\": {\"callsPerDay\": 50000}}").applied()).isTrue();
        assertThat(put("acme-eu", "{\"salesforce\": {\"callsPerDay\": 30000}}").applied()).isTrue();

        AllocationAdmin.Result refused = put("acme-apac", "{\"salesforce\": {\"callsPerDay\": 30000}}");
        assertThat(refused.applied()).isFalse();
        assertThat(refused.conflict()).isTrue();
        assertThat(refused.errors()).singleElement().asString().contains("30000 calls per day for acme-apac",
                "acme-eu: 30000", "acme-us: 50000", "daily limit of 100000", "at most 20000 is left for acme-apac",
                "nothing was saved");
        assertThat(ledger.allocation("acme-apac", Crm.SALESFORCE)).isEmpty();

        // A share counts as what it grants: 20% of 100,000 fits exactly (a share reads the limits resource first).
        limitsResource.set(100_000);
        assertThat(put("acme-apac", "{\"salesforce\": {\"shareOfOrgLimit\": 0.2}}").applied()).isTrue();
        // Raising one tenant's allocation is checked against the others' too; lowering it is not refused.
        assertThat(put("acme-us", "{\"salesforce\": {\"callsPerDay\": 50001}}").conflict()).isTrue();
        assertThat(put("acme-us", "{\"salesforce\": {\"callsPerDay\": 40000}}").applied()).isTrue();
        // HubSpot's limits are per portal, and another org is another limit.
        assertThat(put("acme-us", "{\"hubspot\": {\"callsPerDay\": 250000}}").applied()).isTrue();
        ledger.observe("globex", Crm.SALESFORCE, 0, 100_000, NOW);
        assertThat(put("globex", "{\"salesforce\": {\"callsPerDay\": 100000}}").applied()).isTrue();
    }

    @Test
    void aLimitNeverObservedIsReadFromTheLimitsResourceOrTheAllocationIsAcceptedWithANote() {
        AllocationAdmin.Result unchecked = put("acme-us", "{\"salesforce\": {\"callsPerDay\": 500000}}");
        assertThat(unchecked.applied()).isTrue();
        assertThat(unchecked.notes()).singleElement().asString().contains("never been observed", "3 tenant(s)",
                "not checked");

        limitsResource.set(100_000);
        AllocationAdmin.Result refused = put("acme-eu", "{\"salesforce\": {\"callsPerDay\": 1}}");
        assertThat(refused.conflict()).as("the limits resource said 100,000, and acme-us holds 500,000").isTrue();
        assertThat(refused.errors()).singleElement().asString().contains("at most 0 is left for acme-eu");
    }

    AllocationAdmin.Result put(String tenant, String json) {
        try {
            JsonNode document = JSON.readTree(json);
            return admin.put(tenant, document);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
