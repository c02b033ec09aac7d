package io.crmsync.mapping;

/**
 * How a mapped value is represented on each side, which decides how it is converted and compared. HubSpot
 * sends every property value as a string; Salesforce's JSON has numbers, booleans and ISO dates.
 */
public enum FieldKind {
    /** HubSpot string/textarea ↔ Salesforce string, textarea, email, phone, url. */
    TEXT,
    /** HubSpot number ("1000.5") ↔ Salesforce double, int, currency, percent. */
    NUMBER,
    /** HubSpot bool/booleancheckbox ("true") ↔ Salesforce boolean. */
    BOOLEAN,
    /** HubSpot date ("2026-11-29" or midnight epoch ms) ↔ Salesforce date ("2026-11-29"). */
    DATE,
    /** HubSpot datetime (epoch ms or ISO) ↔ Salesforce datetime (ISO-8601). */
    DATETIME,
    /** HubSpot select/radio ↔ Salesforce picklist, through the mapping's value map. */
    ENUMERATION,
    /** HubSpot multiple checkboxes ("a;b") ↔ Salesforce multipicklist ("a;b"), value by value. */
    MULTI_ENUMERATION,
    /** HubSpot owner id ↔ Salesforce User id, matched by email; always two-way. */
    OWNER
}
