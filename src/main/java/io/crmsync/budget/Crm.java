package io.crmsync.budget;

/** The two systems whose API calls are budgeted; each counts its calls in its own kind of window. */
public enum Crm {
    HUBSPOT,
    SALESFORCE;

    /** Lower-case name, as in {@link CrmCalls}' endpoint keys and the ledger's bucket keys. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
