package io.crmsync.sync;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.sync.pair.PairBehaviour;

/**
 * The batched CRM writes of planned records: HubSpot creates (upsert by the pair's key) first, so new HubSpot ids
 * can be stamped into Salesforce; then Salesforce creates (upsert by external ID) and updates per object; then
 * HubSpot updates and company associations. Each write's result settles its records' outcome; what is to be
 * remembered of them is {@link SyncRecorder}'s part.
 */
final class RecordWriter {

    private static final String COMPANY = ObjectPair.COMPANY_ACCOUNT.hubSpotObject();

    private final HubSpotRecords hubSpot;
    private final SalesforceRecords salesforce;
    private final HubSpotAssociations associations;
    private final Clock clock;

    RecordWriter(HubSpotRecords hubSpot, SalesforceRecords salesforce, HubSpotAssociations associations, Clock clock) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.associations = associations;
        this.clock = clock;
    }

    /** Writes the batch's planned records; answers those that were planned (written, refused or unchanged). */
    List<RecordWork> write(String tenantId, PairBehaviour pair, Collection<RecordWork> work) {
        String objectType = pair.hubSpotObject();
        List<RecordWork> active = work.stream().filter(w -> w.open() && w.plan != null).toList();
        List<RecordWork> hubSpotCreates = active.stream().filter(w -> w.createInHubSpot).toList();
        if (!hubSpotCreates.isEmpty()) {
            List<WriteResult> results = hubSpot.upsert(tenantId, objectType, pair.hubSpotUpsertProperty(),
                    hubSpotCreates.stream().map(w -> new RecordWrite(pair.hubSpotUpsertKey(w.salesforce),
                            new LinkedHashMap<>(w.plan.hubSpotWrites()))).toList());
            apply(results, hubSpotCreates, (w, id) -> {
                w.hubSpot = new CrmRecord(id, Map.of(), clock.instant());
                w.stampExternalId = true;
            }, "hubspot|" + objectType);
        }
        Map<String, List<RecordWork>> bySObject = new LinkedHashMap<>();
        active.stream().filter(RecordWork::open)
                .forEach(w -> bySObject.computeIfAbsent(w.mapping.salesforceObject(), k -> new ArrayList<>()).add(w));
        bySObject.forEach((sObject, group) -> writeSalesforce(tenantId, sObject, group));
        List<RecordWork> hubSpotUpdates = active.stream().filter(w -> w.open() && !w.createInHubSpot
                && !w.plan.hubSpotWrites().isEmpty()).toList();
        if (!hubSpotUpdates.isEmpty()) {
            apply(hubSpot.update(tenantId, objectType, hubSpotUpdates.stream()
                    .map(w -> new RecordWrite(w.hubSpot.id(), new LinkedHashMap<>(w.plan.hubSpotWrites()))).toList()),
                    hubSpotUpdates, (w, id) -> { }, "hubspot|" + objectType);
        }
        List<RecordWork> associate = active.stream().filter(w -> w.open() && w.account != null
                && w.account.companyForHubSpot().isPresent()).toList();
        if (!associate.isEmpty()) {
            apply(associations.associatePrimary(tenantId, objectType, COMPANY, associate.stream()
                    .map(w -> new HubSpotAssociations.Association(w.hubSpot.id(), w.account.companyForHubSpot().get()))
                    .toList()), associate, (w, id) -> { }, "hubspot|" + objectType + " association");
        }
        return active;
    }

    private void writeSalesforce(String tenantId, String sObject, List<RecordWork> group) {
        ObjectMapping mapping = group.get(0).mapping;
        List<RecordWork> creates = group.stream().filter(w -> w.createInSalesforce).toList();
        if (!creates.isEmpty()) {
            apply(salesforce.upsert(tenantId, sObject, mapping.salesforceIdField(), creates.stream()
                    .map(w -> new RecordWrite(w.hubSpot.id(), withAccount(w, w.plan.salesforceWrites()))).toList()),
                    creates, (w, id) -> w.salesforce = new CrmRecord(id, Map.of(), clock.instant()),
                    "salesforce|" + sObject);
        }
        List<RecordWork> updates = group.stream().filter(w -> w.open() && !w.createInSalesforce
                && (!w.plan.salesforceWrites().isEmpty() || w.stampExternalId || writesAccount(w))).toList();
        if (!updates.isEmpty()) {
            apply(salesforce.update(tenantId, sObject, updates.stream().map(w -> {
                Map<String, Object> fields = withAccount(w, w.plan.salesforceWrites());
                if (w.stampExternalId) {
                    // Marks the pairing in Salesforce too, so upserts and CDC events name the HubSpot twin.
                    fields.put(mapping.salesforceIdField(), w.hubSpot.id());
                }
                return new RecordWrite(w.salesforce.id(), fields);
            }).toList()), updates, (w, id) -> { }, "salesforce|" + sObject);
        }
    }

    private static boolean writesAccount(RecordWork w) {
        return w.account != null && w.account.accountIdForSalesforce().isPresent();
    }

    /** The Salesforce fields to write, with AccountId when the account decision writes it ("" clears it). */
    private static Map<String, Object> withAccount(RecordWork w, Map<String, Object> fields) {
        Map<String, Object> all = new LinkedHashMap<>(fields);
        if (writesAccount(w)) {
            String accountId = w.account.accountIdForSalesforce().get();
            all.put(AccountAssociation.SALESFORCE_FIELD, accountId.isEmpty() ? null : accountId);
        }
        return all;
    }

    /** Matches results to records (same order); a refusal or retry settles the record's outcome. */
    private static void apply(List<WriteResult> results, List<RecordWork> written,
            BiConsumer<RecordWork, String> onWritten, String side) {
        for (int i = 0; i < written.size(); i++) {
            RecordWork w = written.get(i);
            WriteResult result = i < results.size() ? results.get(i) : new WriteResult.Retry(w.key, "no result");
            if (result instanceof WriteResult.Written ok) {
                onWritten.accept(w, ok.id());
            } else if (result instanceof WriteResult.Refused refused) {
                w.refusal = refused;
                w.outcome = new RecordOutcome(Status.REFUSED, side + " " + refused.code() + ": " + refused.message()
                        + " [" + refused.category() + "]");
            } else if (result instanceof WriteResult.Retry retry) {
                w.outcome = new RecordOutcome(Status.RETRY, retry.reason());
            }
        }
    }
}
