package io.crmsync.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.crmsync.mapping.SalesforceSchema;
import io.crmsync.mapping.SalesforceSchema.SalesforceField;
import io.crmsync.sync.IdentityFieldClaims;
import io.crmsync.sync.IdentityFields;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantSettings;

/**
 * The settings' side of a tenant's id fields: {@code activities.salesforceIdField} must be a Task field fit to hold
 * HubSpot activity keys, and a settings change that makes the tenant write a field (company or deal sync turned
 * on, activity sync turned on, another Task field) claims it on the org — refused when another tenant holds it.
 */
final class ActivityIdField {

    private final TenantDirectory tenants;
    private final IdentityFields identity;

    ActivityIdField(TenantDirectory tenants, IdentityFields identity) {
        this.tenants = tenants;
        this.identity = identity;
    }

    /** What is wrong with the Task field as an id field, against the org's describe. */
    static List<String> problems(SalesforceSchema salesforce, String name) {
        Optional<SalesforceField> field = salesforce.fields("Task").stream().filter(f -> f.name().equals(name))
                .findFirst();
        String key = IdentityFields.ACTIVITY_SETTING_KEY;
        if (field.isEmpty()) {
            return List.of(key + ": Task." + name + " does not exist in Salesforce: create it as a unique External ID"
                    + " text field");
        }
        if (!field.get().externalId() || !field.get().type().equals("string") || !field.get().unique()) {
            return List.of(key + ": Task." + name + " must be a Text field marked External ID and Unique (it is a "
                    + field.get().type() + (field.get().externalId() ? " External ID" : "")
                    + (field.get().unique() ? ", Unique" : "") + " field)");
        }
        return List.of();
    }

    /**
     * The fields the new settings make the tenant write that another tenant on its org holds, as errors; none when
     * the tenant has no org yet (its fields are claimed when it connects).
     */
    List<String> heldByOthers(String tenantId, TenantSettings current, TenantSettings next) {
        Optional<String> org = org(tenantId);
        if (org.isEmpty()) {
            return List.of();
        }
        return identity.heldByOthers(tenantId, org.get(), added(tenantId, current, next)).stream()
                .map(ActivityIdField::refusal).toList();
    }

    /** Claims what the new settings add; answers those another tenant took meanwhile. */
    List<String> claim(String tenantId, TenantSettings current, TenantSettings next) {
        Optional<String> org = org(tenantId);
        if (org.isEmpty()) {
            return List.of();
        }
        return identity.claim(tenantId, org.get(), added(tenantId, current, next)).stream()
                .map(ActivityIdField::refusal).toList();
    }

    private static String refusal(IdentityFieldClaims.Field field) {
        return IdentityFields.refusal(field, field.sObject().equals("Task") ? IdentityFields.ACTIVITY_SETTING_KEY
                : "salesforceIdField in this tenant's " + field.sObject() + " mapping");
    }

    private List<IdentityFieldClaims.Field> added(String tenantId, TenantSettings current, TenantSettings next) {
        List<IdentityFieldClaims.Field> added = new ArrayList<>(identity.of(tenantId, next));
        added.removeAll(identity.of(tenantId, current));
        return added;
    }

    private Optional<String> org(String tenantId) {
        return tenants.byId(tenantId).map(Tenant::salesforceOrgId).filter(o -> !o.isBlank());
    }
}
