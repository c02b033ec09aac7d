package io.crmsync.mapping;

/**
 * What a mapped field does when either side changes, with HubSpot's connector's names and semantics (and the
 * two HubSpot-side mirrors it lacks). "Blank" is null or the empty string.
 */
public enum SyncRule {
    /**
     * A Salesforce value always overwrites HubSpot; HubSpot passes a value only while Salesforce has none;
     * clearing the value in Salesforce clears it in HubSpot.
     */
    PREFER_SALESFORCE_UNLESS_BLANK,
    /** Salesforce's value (and its clearing) always wins; HubSpot never writes to Salesforce. */
    ALWAYS_SALESFORCE,
    /** The most recent change wins in both directions, clearing included. */
    TWO_WAY,
    /** Nothing passes either way; clearing is not propagated. */
    DONT_SYNC,
    /** The mirror of {@link #PREFER_SALESFORCE_UNLESS_BLANK}. */
    PREFER_HUBSPOT_UNLESS_BLANK,
    /** The mirror of {@link #ALWAYS_SALESFORCE}. */
    ALWAYS_HUBSPOT
}
