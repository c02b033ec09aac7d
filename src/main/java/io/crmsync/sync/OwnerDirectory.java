package io.crmsync.sync;

/** Where a tenant's owners come from: HubSpot's owners and Salesforce's active users, each with its email. */
public interface OwnerDirectory {

    /**
     * Both sides' owners as they stand now (or as recently read).
     *
     * @throws CrmUnavailableException when either CRM cannot be read right now
     */
    Owners owners(String tenantId);
}
