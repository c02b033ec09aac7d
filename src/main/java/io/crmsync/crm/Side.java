package io.crmsync.crm;

/** One of the two CRMs as a side of a sync: where a value, a cursor or a tie-break belongs. */
public enum Side {
    HUBSPOT, SALESFORCE
}
