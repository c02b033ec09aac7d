package io.crmsync.sync;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

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
