package io.crmsync.sync;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

import io.crmsync.tenant.Tenant;

/**
 * Port: which tenant stamps its HubSpot ids in which Salesforce field of an org. HubSpot ids are per portal, so
 * two tenants sharing an org must never share a field; a claim per (org, sObject, field), taken by a conditional
 * write, makes one tenant its holder. A field nobody claimed is free: a tenant alone on its org needs no claims
 * (they are backfilled when a second tenant joins).
 */
public interface IdentityFieldClaims {

    /** A Salesforce field that holds HubSpot ids. */
    record Field(String sObject, String name) {
        public Field {
            Objects.requireNonNull(sObject, "sObject");
            Objects.requireNonNull(name, "name");
        }

        /** {@code SObject.Field}, as messages name it. */
        public String qualified() {
            return sObject + "." + name;
        }
    }

    /**
     * The holder of each of these fields that has a claim on the org; unclaimed fields are left out. One batched
     * read.
     *
     * @param orgId the org's 15- or 18-character id ({@link Tenant#orgKey} decides the claim)
     */
    Map<Field, String> holders(String orgId, Collection<Field> fields);

    /**
     * Takes the field for the tenant unless another tenant holds it; a tenant holding it already keeps it.
     *
     * @return whether the tenant holds the field now
     */
    boolean claim(String tenantId, String orgId, Field field);
}
