package io.crmsync.store;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;

import io.crmsync.tenant.Tenant;

/**
 * Every guarantee of {@link DynamoLedgerTest} again, with the tenant connected to a Salesforce org: its Salesforce
 * calls are then counted on the org's items (the org's total and its own count in one conditional update), and
 * the reservations, seals, windows and header observations must behave exactly as for a tenant counted alone.
 */
class DynamoLedgerOnAnOrgTest extends DynamoLedgerTest {

    static final Map<String, Tenant> TENANTS = Map.of(
            "acme", new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()),
            "globex", new Tenant("globex", 70000, "00D5g000009AbCdEAK", Optional.empty()));

    @Override
    @BeforeEach
    void emptyTable() {
        aws.reset();
        ledger = new DynamoLedger(aws.dynamo(), aws.tableName("BudgetTable"), id -> Optional.ofNullable(TENANTS.get(id)));
    }
}
