package io.crmsync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.mapping.InMemorySchemas;
import io.crmsync.mapping.MemoryMappingStore;
import io.crmsync.sync.IdentityFieldClaims.Field;
import io.crmsync.sync.IdentityFields;
import io.crmsync.sync.MemoryIdentityFieldClaims;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantSettings;

/**
 * The admin doors claim the Salesforce id fields a tenant's mappings and settings make it write: a field another
 * tenant on the same org holds is refused, with what to do, and nothing is saved; a free field is claimed before
 * the save; tenants on other orgs never get in each other's way.
 */
class IdFieldClaimsAdminTest {

    static final String ORG = "00D5g000004YzKxEAK";
    static final String EU = "HubSpot_EU_Contact_Id__c";
    static final Field LEAD = new Field("Lead", "HubSpot_Contact_Id__c");

    final InMemoryTenants tenants = new InMemoryTenants()
            .with(new Tenant("acme", 1001, ORG, Optional.empty()))
            .with(new Tenant("eu", 1002, ORG.substring(0, 15), Optional.empty()))
            .with(new Tenant("solo", 1003, "00D5g000009AbCdEAK", Optional.empty()));
    final InMemorySchemas schemas = new InMemorySchemas();
    final MemoryMappingStore store = new MemoryMappingStore();
    final Map<String, TenantSettings> settings = new HashMap<>();
    final MemoryIdentityFieldClaims claims = new MemoryIdentityFieldClaims();
    final IdentityFields identity = new IdentityFields(store, id -> settings.getOrDefault(id,
            TenantSettings.defaults()), claims);
    final MappingAdmin mappings = new MappingAdmin(tenants, store, schemas, schemas, identity);
    final SettingsAdmin settingsAdmin = new SettingsAdmin(tenants, id -> settings.getOrDefault(id,
            TenantSettings.defaults()), settings::put, schemas, schemas, (tenant, list, ids) -> java.util.Set.of(),
            identity);

    @Test
    void aMappingOnAFieldAnotherTenantOnTheOrgHoldsIsRefusedAndNothingIsSaved() {
        assertThat(mappings.handle("acme", "apply", "contact_lead:\n  preset: recommended\n").applied()).isTrue();
        assertThat(claims.holders(ORG, List.of(LEAD))).isEqualTo(Map.of(LEAD, "acme"));

        for (String action : List.of("validate", "plan", "apply")) {
            MappingAdmin.Result refused = mappings.handle("eu", action, "contact_lead:\n  preset: recommended\n");
            assertThat(refused.failure()).isEqualTo(MappingAdmin.Failure.BAD_INPUT);
            assertThat(refused.errors()).containsExactly("Salesforce field Lead.HubSpot_Contact_Id__c already holds"
                    + " another tenant's HubSpot ids on this org: create an External ID text field (Unique) of this"
                    + " tenant's own on Lead and set salesforceIdField to it");
        }
        assertThat(store.saved()).doesNotContainKey("eu|CONTACT_LEAD");

        schemas.sf("Lead", InMemorySchemas.field(EU, "string").externalId());
        schemas.sf("Contact", InMemorySchemas.field(EU, "string").externalId());
        String leadOnly = "contact_lead:\n  preset: recommended\n  salesforceIdField: " + EU + "\n";
        assertThat(mappings.handle("eu", "validate", leadOnly).errors()).containsExactly("salesforceIdField:"
                + " contact_lead would use " + EU + " and contact_contact HubSpot_Contact_Id__c; they must be one"
                + " field name on both objects, or a converted Lead's Contact loses its HubSpot id (set both in one"
                + " file)");
        MappingAdmin.Result own = mappings.handle("eu", "apply", leadOnly
                + "contact_contact:\n  preset: recommended\n  salesforceIdField: " + EU + "\n");
        assertThat(own.errors()).isEmpty();
        assertThat(own.applied()).isTrue();
        assertThat(store.saved().get("eu|CONTACT_LEAD").salesforceIdField()).isEqualTo(EU);
        assertThat(store.saved().get("eu|CONTACT_CONTACT").salesforceIdField()).isEqualTo(EU);
        Field eu = new Field("Lead", EU);
        assertThat(claims.holders(ORG, List.of(LEAD, eu))).isEqualTo(Map.of(LEAD, "acme", eu, "eu"));
        // The holder applies again; a tenant on another org takes the default there; one with no org claims nothing.
        assertThat(mappings.handle("acme", "apply", "contact_lead:\n  preset: recommended\n").applied()).isTrue();
        assertThat(mappings.handle("solo", "apply", "contact_lead:\n  preset: recommended\n").applied()).isTrue();
        assertThat(claims.holders("00D5g000009AbCdEAK", List.of(LEAD))).isEqualTo(Map.of(LEAD, "solo"));
    }

    @Test
    void settingsThatTurnOnActivitySyncOnAHeldTaskFieldAreRefusedUntilTheTenantNamesItsOwn() throws Exception {
        Field defaultTask = new Field("Task", "HubSpot_Activity_Id__c");
        assertThat(claims.claim("acme", ORG, defaultTask)).isTrue();
        ObjectMapper json = new ObjectMapper();

        SettingsAdmin.Result refused = settingsAdmin.put("eu", json.readTree(
                "{\"activities\": {\"salesforceToHubSpot\": [\"tasks\"]}}"));
        assertThat(refused.applied()).isFalse();
        assertThat(refused.errors()).containsExactly("Salesforce field Task.HubSpot_Activity_Id__c already holds"
                + " another tenant's HubSpot ids on this org: create an External ID text field (Unique) of this"
                + " tenant's own on Task and set activities.salesforceIdField to it");
        assertThat(settings).doesNotContainKey("eu");

        SettingsAdmin.Result missing = settingsAdmin.put("eu", json.readTree("{\"activities\": {"
                + "\"salesforceToHubSpot\": [\"tasks\"], \"salesforceIdField\": \"HubSpot_EU_Activity_Id__c\"}}"));
        assertThat(missing.errors()).containsExactly("activities.salesforceIdField: Task.HubSpot_EU_Activity_Id__c"
                + " does not exist in Salesforce: create it as a unique External ID text field");

        schemas.sf("Task", InMemorySchemas.field("HubSpot_EU_Activity_Id__c", "string").externalId());
        SettingsAdmin.Result own = settingsAdmin.put("eu", json.readTree("{\"activities\": {"
                + "\"salesforceToHubSpot\": [\"tasks\"], \"salesforceIdField\": \"HubSpot_EU_Activity_Id__c\"}}"));
        assertThat(own.errors()).isEmpty();
        assertThat(settings.get("eu").activities().salesforceIdField()).isEqualTo("HubSpot_EU_Activity_Id__c");
        Field euTask = new Field("Task", "HubSpot_EU_Activity_Id__c");
        assertThat(claims.holders(ORG, List.of(defaultTask, euTask))).isEqualTo(Map.of(defaultTask, "acme", euTask,
                "eu"));
        // A change that adds no field claims nothing and is not refused for fields the tenant already writes.
        assertThat(settingsAdmin.put("eu", json.readTree("{\"tieBreak\": \"HUBSPOT\"}")).errors()).isEmpty();
    }
}
