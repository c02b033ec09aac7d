package io.crmsync.mapping;

import java.util.List;

/** Port: the fields of a Salesforce object, as its describe reports them. */
public interface SalesforceSchema {

    /** Every field of the sObject (Lead, Contact, Account, Opportunity). */
    List<SalesforceField> fields(String sObject);

    /**
     * One field of a describe result.
     *
     * @param type Salesforce's API type: string, textarea, email, phone, url, picklist, multipicklist, reference,
     *        boolean, int, double, currency, percent, date, datetime, id …
     * @param picklistValues active picklist values (API names)
     * @param nillable may be left blank; a createable, non-nillable field without a default must be set on create
     * @param externalId an External ID field (indexed; records may be upserted by it)
     * @param unique the field refuses duplicate values (describe's {@code unique}; for an External ID field the
     *        "Unique" checkbox): crmsync's upserts create no duplicates only by a unique external ID
     * @param referenceTo for references: the sObjects the id may point to (User for OwnerId)
     */
    record SalesforceField(String name, String type, int length, List<String> picklistValues, boolean updateable,
            boolean createable, boolean nillable, boolean defaultedOnCreate, boolean externalId, boolean unique,
            List<String> referenceTo) {

        public SalesforceField {
            picklistValues = List.copyOf(picklistValues);
            referenceTo = List.copyOf(referenceTo);
        }
    }
}
