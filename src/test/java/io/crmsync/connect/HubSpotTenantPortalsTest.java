package io.crmsync.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.OptionalLong;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.Tenant;

/** Which tenant owns which HubSpot account, on the tenants table in dynalite. */
class HubSpotTenantPortalsTest {

    final LocalAws aws = SharedLocalAws.get();
    DynamoTenantDirectory table;
    HubSpotTenantPortals portals;

    @BeforeEach
    void tenants() {
        aws.reset();
        table = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        portals = new HubSpotTenantPortals(table);
        table.save(new Tenant("acme", 0, "00D5g000004YzKxEAK", Optional.of("ab".repeat(32))));
        table.save(new Tenant("globex", 70000, "00D5g000009AbCdEAK", Optional.empty()));
    }

    @Test
    void assigningAnAccountKeepsTheRestOfTheTenant() {
        assertThat(portals.portalOf("acme")).isEmpty();
        assertThat(portals.portalOf("globex")).isEqualTo(OptionalLong.of(70000));

        portals.assign("acme", 62515);

        assertThat(portals.portalOf("acme")).isEqualTo(OptionalLong.of(62515));
        assertThat(portals.tenantOf(62515)).contains("acme");
        assertThat(portals.tenantOf(70000)).contains("globex");
        assertThat(portals.tenantOf(1)).isEmpty();
        assertThat(table.byId("acme")).contains(new Tenant("acme", 62515, "00D5g000004YzKxEAK",
                Optional.of("ab".repeat(32))));
    }

    @Test
    void anUnknownTenantIsAClearRefusal() {
        assertThatThrownBy(() -> portals.portalOf("nobody")).isInstanceOf(ConnectException.class)
                .hasMessage("There is no tenant nobody: create it before connecting HubSpot");
        assertThatThrownBy(() -> portals.assign("nobody", 1)).isInstanceOf(ConnectException.class);
        assertThat(table.byId("nobody")).isEmpty();
    }
}
