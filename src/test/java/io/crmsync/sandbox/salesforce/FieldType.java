package io.crmsync.sandbox.salesforce;

import java.util.Locale;

/** The field types the sandbox's schemas use; {@link #describeName()} is Salesforce's name in describe results. */
public enum FieldType {
    ID,
    STRING,
    TEXTAREA,
    EMAIL,
    PHONE,
    URL,
    /** stored as text; the field's picklist values say which are allowed */
    PICKLIST,
    /** an id of another record; {@link FieldDef#referenceTo()} names the allowed types */
    REFERENCE,
    BOOLEAN,
    /** stored as Salesforce's text form, e.g. 2024-05-01T10:00:00.000+0000 */
    DATETIME,
    /** stored as yyyy-MM-dd */
    DATE,
    DOUBLE,
    CURRENCY,
    INT;

    public String describeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Types whose values are text and compared as text in SOQL. */
    public boolean isText() {
        return this == STRING || this == TEXTAREA || this == EMAIL || this == PHONE || this == URL || this == PICKLIST
                || this == ID || this == REFERENCE;
    }

    public boolean isId() {
        return this == ID || this == REFERENCE;
    }

    public boolean isNumber() {
        return this == DOUBLE || this == CURRENCY || this == INT;
    }
}
