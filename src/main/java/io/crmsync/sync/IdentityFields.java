package io.crmsync.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectMappingKeys;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.IdentityFieldClaims.Field;
import io.crmsync.tenant.ActivitySettings;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantSettings;

/**
 * The Salesforce fields in which each tenant stamps its HubSpot ids, and the claims that keep two tenants on one
 * org from sharing one: HubSpot ids are per portal (portal A's contact 101 is not portal B's), and records are
 * upserted and paired by these fields, so a shared field would merge two portals' records.
 *
 * <p>A tenant's fields are those it writes: Lead and Contact always, Account with company sync, Opportunity with
 * deal sync, Task with any activity sync — each the mapping's (or activity settings') {@code salesforceIdField},
 * the default unless the tenant named its own. Claims are taken when a mapping or settings are applied, and when a
 * tenant connects an org that others are on (first those others', then its own: the tenants already there keep
 * their fields).
 */
public final class IdentityFields {

    /** Where a tenant names its own Task field, in its settings. */
    public static final String ACTIVITY_SETTING_KEY = "activities." + ObjectMappingKeys.SALESFORCE_ID_FIELD;

    private final MappingStore mappings;
    private final Function<String, TenantSettings> settings;
    private final IdentityFieldClaims claims;

    public IdentityFields(MappingStore mappings, Function<String, TenantSettings> settings,
            IdentityFieldClaims claims) {
        this.mappings = mappings;
        this.settings = settings;
        this.claims = claims;
    }

    /** The fields a tenant with these mappings and settings writes HubSpot ids into. */
    public static List<Field> of(Map<ObjectPair, ObjectMapping> mappings, TenantSettings tenant) {
        Set<Field> fields = new LinkedHashSet<>();
        for (ObjectMapping mapping : mappings.values()) {
            if (writes(mapping.pair(), tenant)) {
                fields.add(new Field(mapping.salesforceObject(), mapping.salesforceIdField()));
            }
        }
        taskField(tenant.activities()).ifPresent(fields::add);
        return List.copyOf(fields);
    }

    /** Whether the tenant syncs the pair at all (its id field is written only then). */
    static boolean writes(ObjectPair pair, TenantSettings tenant) {
        return switch (pair) {
            case CONTACT_LEAD, CONTACT_CONTACT -> true;
            case COMPANY_ACCOUNT -> tenant.companySync();
            case DEAL_OPPORTUNITY -> tenant.dealSync();
        };
    }

    /** The Task field, when any activity sync is on (only then is it written or read). */
    public static Optional<Field> taskField(ActivitySettings activities) {
        boolean on = activities.readsHubSpot() || !activities.salesforceToHubSpot().isEmpty();
        return on ? Optional.of(new Field("Task", activities.salesforceIdField()))
                : Optional.empty();
    }

    /** The tenant's fields now, from its stored mappings and settings. */
    public List<Field> of(String tenantId) {
        return of(mappings.load(tenantId), settings.apply(tenantId));
    }

    /** The tenant's fields under these settings, with its stored mappings. */
    public List<Field> of(String tenantId, TenantSettings next) {
        return of(mappings.load(tenantId), next);
    }

    /** The id fields these mappings name, of the pairs the tenant syncs under its settings now. */
    public List<Field> ofMappings(String tenantId, Collection<ObjectMapping> proposed) {
        TenantSettings tenant = settings.apply(tenantId);
        return proposed.stream().filter(m -> writes(m.pair(), tenant))
                .map(m -> new Field(m.salesforceObject(), m.salesforceIdField())).distinct().toList();
    }

    /** Those of the fields another tenant on the org holds (one read), in the order given. */
    public List<Field> heldByOthers(String tenantId, String orgId, Collection<Field> fields) {
        Map<Field, String> holders = claims.holders(orgId, fields);
        return fields.stream().distinct().filter(f -> holders.containsKey(f) && !holders.get(f).equals(tenantId))
                .toList();
    }

    /**
     * Claims the fields for the tenant on its org, each by a conditional write.
     *
     * @return the fields another tenant on the org holds (not claimed), in the order given
     */
    public List<Field> claim(String tenantId, String orgId, Collection<Field> fields) {
        List<Field> refused = new ArrayList<>();
        for (Field field : new LinkedHashSet<>(fields)) {
            if (!claims.claim(tenantId, orgId, field)) {
                refused.add(field);
            }
        }
        return refused;
    }

    /**
     * A tenant has connected the org: the tenants already on it claim the fields they use (by id, so the same
     * order every time; a field two of them already share goes to the first), then the joining tenant claims its
     * own.
     *
     * @param onOrg the tenants connected to the org, as the connect read them (the joining one may be among them)
     * @return the joining tenant's fields that another tenant holds, as {@code SObject.Field}
     */
    public List<String> join(String tenantId, String orgId, List<Tenant> onOrg) {
        String key = Tenant.orgKey(orgId);
        onOrg.stream()
                .filter(t -> !t.id().equals(tenantId) && Tenant.orgKey(t.salesforceOrgId()).equals(key))
                .sorted(Comparator.comparing(Tenant::id))
                .forEach(t -> claim(t.id(), orgId, of(t.id())));
        return claim(tenantId, orgId, of(tenantId)).stream().map(Field::qualified).toList();
    }

    /** The sentence a connect answers with when some fields are held by another tenant. */
    public static String joinNotice(List<String> refused) {
        return refused.isEmpty() ? "" : "; this tenant's HubSpot ids need their own Salesforce fields: "
                + String.join(", ", refused) + " hold another tenant's. Create an External ID text field (Unique) for"
                + " each and name it as " + ObjectMappingKeys.SALESFORCE_ID_FIELD + " in this tenant's mappings ("
                + ACTIVITY_SETTING_KEY + " for Task); until then this tenant's sync of those objects is paused";
    }

    /** An admin's refusal of a field another tenant on the org holds. */
    public static String refusal(Field field, String settingKey) {
        return "Salesforce field " + field.qualified() + " already holds another tenant's HubSpot ids on this org:"
                + " create an External ID text field (Unique) of this tenant's own on " + field.sObject()
                + " and set " + settingKey + " to it";
    }
}
