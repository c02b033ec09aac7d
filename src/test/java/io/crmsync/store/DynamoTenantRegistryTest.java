package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.tenant.Tenant;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Creating and listing tenants before their CRMs are connected, against dynalite. */
class DynamoTenantRegistryTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    final LocalAws aws = SharedLocalAws.get();
    DynamoTenantDirectory tenants;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        tenants = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"), Clock.fixed(NOW,
                ZoneOffset.UTC));
    }

    Map<String, AttributeValue> item(String id) {
        return aws.dynamo().getItem(b -> b.tableName(aws.tableName("TenantsTable")).key(Map.of("tenantId",
                AttributeValue.fromS(id)))).item();
    }

    @Test
    void aTenantIsCreatedOnceBeforeEitherCrmIsConnected() {
        Tenant acme = Tenant.unconnected("acme", Optional.of("ab".repeat(32)));

        assertThat(tenants.createIfAbsent(acme)).isTrue();
        assertThat(tenants.createIfAbsent(Tenant.unconnected("acme", Optional.of("cd".repeat(32))))).isFalse();

        assertThat(tenants.byId("acme")).contains(acme);
        assertThat(item("acme")).containsEntry("createdAt", AttributeValue.fromS(NOW.toString()))
                .doesNotContainKeys("hubSpotPortalId", "salesforceOrgId", "salesforceOrgKey");
        // Not connected: not a sender anyone resolves, and not work for the reconciler.
        assertThat(tenants.byHubSpotPortal(Tenant.NO_PORTAL)).isEmpty();
        assertThat(tenants.tenantsOnOrg("")).isEmpty();
        assertThat(tenants.all()).isEmpty();
        assertThat(tenants.registered()).containsExactly(acme);
    }

    @Test
    void aRegisteredTenantsIdIsTakenWhateverWayItWasRegistered() {
        tenants.save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()));

        assertThat(tenants.createIfAbsent(Tenant.unconnected("acme", Optional.empty()))).isFalse();
        assertThat(tenants.byId("acme").orElseThrow().hubSpotPortalId()).isEqualTo(62515);
    }

    @Test
    void connectingOneCrmAfterTheOtherKeepsTheTenantAndItsToken() {
        tenants.createIfAbsent(Tenant.unconnected("acme", Optional.of("ab".repeat(32))));

        tenants.save(new Tenant("acme", 62515, "", Optional.of("ab".repeat(32))));
        assertThat(tenants.byHubSpotPortal(62515)).map(Tenant::id).contains("acme");
        assertThat(tenants.byId("acme").orElseThrow().salesforceConnected()).isFalse();
        assertThat(tenants.all()).isEmpty();

        tenants.save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.of("ab".repeat(32))));
        assertThat(tenants.tenantsOnOrg("00D5g000004YzKx")).extracting(Tenant::id).containsExactly("acme");
        assertThat(tenants.all()).extracting(Tenant::id).containsExactly("acme");
        assertThat(item("acme")).containsEntry("createdAt", AttributeValue.fromS(NOW.toString()));
    }

    @Test
    void theListHoldsEveryRegisteredTenantByIdButNoLeftovers() {
        tenants.createIfAbsent(Tenant.unconnected("zeta", Optional.empty()));
        tenants.save(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()));
        // Put by hand as the README used to say: both ids, no createdAt.
        aws.dynamo().putItem(b -> b.tableName(aws.tableName("TenantsTable")).item(Map.of(
                "tenantId", AttributeValue.fromS("globex"), "hubSpotPortalId", AttributeValue.fromS("70000"),
                "salesforceOrgId", AttributeValue.fromS("00D5g000009AbCdEAK"),
                "salesforceOrgKey", AttributeValue.fromS("00D5g000009AbCd"))));
        // Settings written for an id never registered.
        aws.dynamo().putItem(b -> b.tableName(aws.tableName("TenantsTable")).item(Map.of(
                "tenantId", AttributeValue.fromS("ghost"), "settings", AttributeValue.fromS("{}"))));

        assertThat(tenants.registered()).extracting(Tenant::id).containsExactly("acme", "globex", "zeta");
        assertThat(tenants.byId("ghost")).isEmpty();
        assertThat(tenants.byId("globex")).map(Tenant::hubSpotPortalId).contains(70000L);
    }

    @Test
    void aLeftoverItemIsReplacedByTheNewTenantNotInherited() {
        aws.dynamo().putItem(b -> b.tableName(aws.tableName("TenantsTable")).item(Map.of(
                "tenantId", AttributeValue.fromS("acme"), "settings", AttributeValue.fromS("{\"dealSync\":true}"))));

        assertThat(tenants.createIfAbsent(Tenant.unconnected("acme", Optional.empty()))).isTrue();

        assertThat(item("acme")).doesNotContainKey("settings").containsKey("createdAt");
    }
}
