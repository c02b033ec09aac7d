package io.crmsync.sync;

import java.util.Collection;
import java.util.Set;

/**
 * A tenant's inclusion list: only its members sync from HubSpot to Salesforce. Records created from Salesforce
 * ignore it, as in HubSpot, so the engine asks only for HubSpot-to-Salesforce work.
 */
public interface InclusionList {

    /**
     * Which of the given HubSpot contact ids are members of the list, in one call per worker batch.
     *
     * @param tenantId   the tenant whose portal holds the list
     * @param listId     the list's ILS id
     * @param contactIds HubSpot contact ids (up to about 1,000); duplicates are fine
     * @return the members among {@code contactIds}, spelled as given
     * @throws InclusionListMissingException when the list does not exist (any more) or cannot hold contacts
     * @throws CrmUnavailableException       when HubSpot cannot answer now (429, 5xx, unreachable)
     */
    Set<String> membersAmong(String tenantId, String listId, Collection<String> contactIds);
}
