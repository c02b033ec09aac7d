package io.crmsync.sync;

import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Associations that wait for their other end to sync ("Waiting for account to sync"): a contact or deal whose
 * company or account has no twin yet is remembered under that company or account, and synced again once it has.
 *
 * <p>Keys are record keys: {@code hubspot|company|<id>} or {@code salesforce|Account|<Id>} for what is waited on,
 * {@code hubspot|contact|<id>}, {@code hubspot|deal|<id>}, {@code salesforce|Contact|<Id>} or
 * {@code salesforce|Opportunity|<Id>} for who waits.
 */
public interface AssociationWaits {

    /** Remembers that {@code dependent} waits for {@code awaited} (idempotent). */
    void await(String tenantId, String awaited, String dependent);

    /** Who waits for each of the given records; records nobody waits for are absent. Batched reads. */
    Map<String, Set<String>> waitingFor(String tenantId, Collection<String> awaited);

    /** Forgets that these dependents wait for {@code awaited} (they synced, or no longer need it). */
    void release(String tenantId, String awaited, Collection<String> dependents);
}
