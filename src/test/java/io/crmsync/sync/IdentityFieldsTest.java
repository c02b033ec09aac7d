package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crmsync.crm.HubSpotActivity;
import io.crmsync.crm.IdFieldTakenException;
import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.MemoryMappingStore;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.sync.IdentityFieldClaims.Field;
import io.crmsync.tenant.ActivitySettings;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantSettings;

/** Which fields a tenant writes HubSpot ids into, the claims at connect, and the worker's Task-field check. */
class IdentityFieldsTest {

    static final String ORG = "00D5g000004YzKxEAK";
    static final Map<ObjectPair, ObjectMapping> PRESETS = presets();

    static Map<ObjectPair, ObjectMapping> presets() {
        Map<ObjectPair, ObjectMapping> map = new EnumMap<>(ObjectPair.class);
        RecommendedMappings.ALL.forEach(m -> map.put(m.pair(), m));
        return map;
    }

    static final MappingStore STORE = new MemoryMappingStore();

    @Test
    void aTenantWritesTheFieldsOfWhatItSyncs() {
        TenantSettings defaults = TenantSettings.defaults();
        assertThat(IdentityFields.of(PRESETS, defaults)).extracting(Field::qualified).containsExactly(
                "Lead.HubSpot_Contact_Id__c", "Contact.HubSpot_Contact_Id__c", "Account.HubSpot_Company_Id__c");

        TenantSettings everything = withActivities(new TenantSettings(defaults.salesforceToHubSpot(),
                defaults.hubSpotToSalesforce(), true, defaults.tieBreak(), null, true, Map.of(), Map.of(), false),
                new ActivitySettings(Set.of(HubSpotActivity.TASK), false, Map.of(), "HubSpot_EU_Activity_Id__c"));
        assertThat(IdentityFields.of(PRESETS, everything)).extracting(Field::qualified).containsExactly(
                "Lead.HubSpot_Contact_Id__c", "Contact.HubSpot_Contact_Id__c", "Account.HubSpot_Company_Id__c",
                "Opportunity.HubSpot_Deal_Id__c", "Task.HubSpot_EU_Activity_Id__c");
    }

    @Test
    void atConnectTheTenantsAlreadyOnTheOrgKeepTheirFieldsAndTheJoiningOneHearsWhichAreTaken() {
        MemoryIdentityFieldClaims claims = new MemoryIdentityFieldClaims();
        List<Tenant> onOrg = List.of(new Tenant("zeta", 1, ORG, Optional.empty()),
                new Tenant("alpha", 2, ORG.substring(0, 15), Optional.empty()),
                new Tenant("other-org", 3, "00D5g000009AbCdEAK", Optional.empty()));
        IdentityFields identity = new IdentityFields(STORE, t -> TenantSettings.defaults(), claims);

        // Both zeta and alpha were on the org before claims existed: the first by id keeps the fields.
        List<String> taken = identity.join("zeta", ORG, onOrg);

        assertThat(taken).containsExactly("Lead.HubSpot_Contact_Id__c", "Contact.HubSpot_Contact_Id__c",
                "Account.HubSpot_Company_Id__c");
        assertThat(claims.holders(ORG, IdentityFields.of(PRESETS, TenantSettings.defaults())).values())
                .containsOnly("alpha");
        assertThat(claims.holders("00D5g000009AbCdEAK", IdentityFields.of(PRESETS, TenantSettings.defaults())))
                .as("a tenant of another org is left alone").isEmpty();
        assertThat(identity.join("alpha", ORG, onOrg)).as("a reconnect keeps what it holds").isEmpty();
        assertThat(IdentityFields.joinNotice(List.of())).isEmpty();
    }

    @Test
    void theWorkerRefusesActivitySyncOnATaskFieldAnotherTenantHolds() {
        MemoryIdentityFieldClaims claims = new MemoryIdentityFieldClaims();
        claims.claim("acme", ORG, new Field("Task", ActivitySettings.DEFAULT_ID_FIELD));
        Instant now = Instant.parse("2026-11-29T12:00:00Z");
        CachedMappings cached = new CachedMappings(STORE, Optional.of(new CachedMappings.Claims(claims,
                id -> Optional.of(new Tenant(id, 1, ORG, Optional.empty())), id -> TenantSettings.defaults())),
                Duration.ofMinutes(1), Clock.fixed(now, ZoneOffset.UTC));

        cached.requireOwnTaskField("acme", ActivitySettings.OFF);
        assertThatThrownBy(() -> cached.requireOwnTaskField("eu", ActivitySettings.OFF))
                .isInstanceOfSatisfying(IdFieldTakenException.class, e -> {
                    assertThat(e.suspension()).contains("Salesforce field Task.HubSpot_Activity_Id__c holds another"
                            + " tenant's HubSpot ids: give this tenant its own field (activities.salesforceIdField)");
                    assertThat(e.resumeAt()).isEqualTo(now.plus(IdFieldTakenException.RECHECK));
                });
        // Its own field, not read with the mappings yet: read then, and free.
        cached.requireOwnTaskField("eu", new ActivitySettings(Set.of(), false, Map.of(), "HubSpot_EU_Activity_Id__c"));
        assertThat(cached.mapping("eu", ObjectPair.CONTACT_LEAD)).isEqualTo(RecommendedMappings.CONTACT_LEAD);
    }

    @Test
    void aTenantWithoutAnOrgHasNoClaimToReadAndItsMappingsAreReadOncePerCacheTime() {
        MemoryIdentityFieldClaims claims = new MemoryIdentityFieldClaims();
        MemoryMappingStore counting = new MemoryMappingStore();
        CachedMappings cached = new CachedMappings(counting, Optional.of(new CachedMappings.Claims(claims,
                id -> Optional.of(Tenant.unconnected(id, Optional.empty())), id -> TenantSettings.defaults())),
                Duration.ofMinutes(1), Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC));

        cached.requireOwnTaskField("new", ActivitySettings.OFF);
        cached.requireOwnTaskField("new", new ActivitySettings(Set.of(), false, Map.of(), "Other_Id__c"));
        cached.mapping("new", ObjectPair.CONTACT_LEAD);

        assertThat(counting.loads()).isEqualTo(1);
        assertThat(claims.reads()).isZero();
    }

    static TenantSettings withActivities(TenantSettings settings, ActivitySettings activities) {
        return settings.withActivities(activities);
    }
}
