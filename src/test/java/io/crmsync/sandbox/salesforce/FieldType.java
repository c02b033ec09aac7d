package io.crmsync.sandbox.salesforce;

/** The field types the sandbox's schemas use (Salesforce's describe names in comments). */
public enum FieldType {
    /** id */
    ID,
    /** string */
    STRING,
    /** email */
    EMAIL,
    /** phone */
    PHONE,
    /** picklist: stored as text */
    PICKLIST,
    /** reference: an id of another record */
    REFERENCE,
    /** boolean */
    BOOLEAN,
    /** datetime */
    DATETIME,
    /** double, currency, percent */
    DOUBLE;

    /** Types whose values are text and compared as text in SOQL. */
    public boolean isText() {
        return this == STRING || this == EMAIL || this == PHONE || this == PICKLIST || this == ID || this == REFERENCE;
    }

    public boolean isId() {
        return this == ID || this == REFERENCE;
    }
}
