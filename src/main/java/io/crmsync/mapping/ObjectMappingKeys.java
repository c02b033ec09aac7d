package io.crmsync.mapping;

/** Names shared by the mapping document's readers and writers (mappings.yaml, the stored mapping items). */
public final class ObjectMappingKeys {

    /**
     * A pair's own Salesforce External ID field for the tenant's HubSpot ids (mappings.yaml, and the attribute of
     * the stored mapping item); left out, the pair's default ({@link ObjectPair#defaultIdField()}).
     */
    public static final String SALESFORCE_ID_FIELD = "salesforceIdField";

    /** A Salesforce field API name: what a describe can list, so nothing else is worth asking about. */
    static final String FIELD_NAME = "[A-Za-z][A-Za-z0-9_]{0,79}";

    private ObjectMappingKeys() {
    }
}
