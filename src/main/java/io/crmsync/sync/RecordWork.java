package io.crmsync.sync;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.RecordReconciler.Plan;

/**
 * One record being synced as it passes through the engine's steps: both sides as read, its link, the mapping in
 * force, the plan and, once settled, its outcome. Mutable on purpose: each step of a batch fills in what it
 * learns, and the batch is one invocation's working state, never shared.
 */
final class RecordWork {

    final String key;
    CrmRecord hubSpot;
    CrmRecord salesforce;
    Link link;
    ObjectMapping mapping;
    Plan plan;
    boolean createInSalesforce;
    boolean createInHubSpot;
    boolean stampExternalId;
    String pairedBy = "";
    RecordOutcome outcome;
    /** Set when a CRM refused the record: what to write to the sync-errors table. */
    WriteResult.Refused refusal;
    /** For contacts synced with Salesforce Contacts and for deals: the account decision. */
    AccountAssociation.Result account;
    /**
     * The version of the stored link this record's link save is conditioned on, as {@link FreshLinks} found it just
     * before the writes; {@link #KEEP_STORED_LINK} when the stored link is newer than what was read and nothing is
     * written, so the newer one stays.
     */
    long linkVersion;
    /** Another worker recorded a sync of this record after it was read: it is re-read and synced again. */
    boolean stale;

    /**
     * Salesforce field → fingerprint of the value this worker wrote in an earlier round whose link save another
     * worker's beat. Taken as the last agreed value for those fields, so the late write is seen for what it is
     * (ours, possibly older than the other worker's) and not mistaken for a user's change to spread.
     */
    Map<String, String> ownWrites = Map.of();

    static final long KEEP_STORED_LINK = -1;

    RecordWork(String key) {
        this.key = key;
    }

    /** Still to be decided: nothing settled its outcome yet. */
    boolean open() {
        return outcome == null;
    }

    /** Synced (or found in agreement) with both twins known. */
    boolean settled() {
        return outcome != null && (outcome.status() == Status.SYNCED || outcome.status() == Status.UNCHANGED)
                && hubSpot != null && salesforce != null;
    }

    /** The link to plan from: the stored one, with {@link #ownWrites} as the last agreed values they name. */
    Optional<Link> linkForPlan() {
        if (ownWrites.isEmpty() || link == null) {
            return Optional.ofNullable(link);
        }
        Map<String, String> agreed = new LinkedHashMap<>(link.fieldFingerprints());
        agreed.putAll(ownWrites);
        return Optional.of(new Link(link.tenantId(), link.hubSpotObject(), link.hubSpotId(), link.salesforceObject(),
                link.salesforceId(), link.lastWrittenHash(), link.syncedAt(), agreed, link.version()));
    }

    /** Fingerprints of the values the plan writes, by Salesforce field (see {@link #ownWrites}). */
    Map<String, String> writtenValues() {
        Map<String, String> written = new LinkedHashMap<>();
        plan.decisions().stream().filter(d -> d.decision().writeTo().isPresent()).forEach(d -> written.put(
                d.field().salesforceField(), FieldResolver.fingerprint(d.decision().value())));
        return written;
    }

    /** The plan writes to a CRM: values, a creation, a pairing stamp or an account. */
    boolean writesToCrm() {
        return !plan.writesNothing() || createInSalesforce || createInHubSpot || stampExternalId
                || account != null && account.writesSomething();
    }

    /** The audit rows' reason, prefixed with how the record was paired when that is news. */
    String withPairing(String reason) {
        return (pairedBy.isEmpty() ? "" : pairedBy + "; ") + reason;
    }

    /** One work item per id, in the order the ids came. */
    static Map<String, RecordWork> of(Collection<String> ids) {
        Map<String, RecordWork> work = new LinkedHashMap<>();
        ids.forEach(id -> work.put(id, new RecordWork(id)));
        return work;
    }
}
