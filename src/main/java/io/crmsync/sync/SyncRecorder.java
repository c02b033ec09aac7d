package io.crmsync.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.sync.RecordOutcome.Status;

/**
 * What crmsync remembers of a written batch: each synced record's link (with its fields' fingerprints), an audit
 * row per field decided, the sync errors of refused records, and waits for accounts without a twin yet — one
 * append per table for the whole batch. Apart from the writes because it writes crmsync's own tables only.
 */
final class SyncRecorder {

    private final LinkStore links;
    private final AuditLog audit;
    private final SyncErrorLog errors;
    private final AssociationWaits waits;
    private final Clock clock;

    SyncRecorder(LinkStore links, AuditLog audit, SyncErrorLog errors, AssociationWaits waits, Clock clock) {
        this.links = links;
        this.audit = audit;
        this.errors = errors;
        this.waits = waits;
        this.clock = clock;
    }

    /** Links, audit rows and sync errors for what was decided; settles the outcome of every record written. */
    void record(String tenantId, String objectType, List<RecordWork> active) {
        Instant now = clock.instant();
        saveLinks(tenantId, objectType, active, now);
        List<AuditLog.Entry> entries = new ArrayList<>();
        List<SyncErrorLog.SyncError> refused = new ArrayList<>();
        List<String> cleared = new ArrayList<>();
        for (RecordWork w : active) {
            String recordKey = "hubspot|" + objectType + "|" + (w.hubSpot == null ? "?" : w.hubSpot.id());
            if (!w.open()) {
                if (w.refusal != null) {
                    String key = w.hubSpot != null ? recordKey : "salesforce|" + w.mapping.salesforceObject() + "|" + w.key;
                    refused.add(new SyncErrorLog.SyncError(tenantId, key, w.refusal.category(), w.refusal.code(),
                            w.outcome.detail(), now));
                }
                continue;
            }
            boolean wrote = w.writesToCrm();
            if (w.account != null) {
                accountAudit(tenantId, objectType, w, now).ifPresent(entries::add);
            }
            if (w.stale) {
                // Its re-run decides the waits and errors.
            } else if (w.account != null && w.account.awaited().isPresent()) {
                // The record synced, but its account must wait: a sync error users see, and a note to come back.
                waits.await(tenantId, w.account.awaited().get(), recordKey);
                refused.add(new SyncErrorLog.SyncError(tenantId, recordKey, "Associations", "WAITING_FOR_ACCOUNT",
                        AccountAssociation.WAITING + " (" + w.account.awaited().get() + ")", now));
            } else {
                cleared.add(recordKey);
            }
            for (RecordReconciler.FieldDecision d : w.plan.decisions()) {
                if ("already equal".equals(d.decision().reason()) || "not synced".equals(d.decision().reason())) {
                    continue;
                }
                entries.add(new AuditLog.Entry(tenantId, objectType, w.hubSpot.id(), w.mapping.salesforceObject(),
                        w.salesforce.id(), d.field().salesforceField(), d.hubSpotValue(), d.salesforceValue(),
                        d.decision().value(), d.decision().writeTo().map(Enum::name).orElse(""),
                        d.decision().winner().name(), d.decision().rule().name(), w.withPairing(d.decision().reason()),
                        now));
            }
            w.outcome = w.stale ? new RecordOutcome(Status.RETRY, FreshLinks.STALE)
                    : wrote ? new RecordOutcome(Status.SYNCED, w.createInSalesforce ? "created in Salesforce"
                            : w.createInHubSpot ? "created in HubSpot" : "updated")
                    : RecordOutcome.of(Status.UNCHANGED);
        }
        if (!entries.isEmpty()) {
            audit.append(entries);
        }
        if (!refused.isEmpty()) {
            errors.record(refused);
        }
        if (!cleared.isEmpty()) {
            errors.clear(tenantId, cleared);
        }
    }

    /**
     * Saves the link of every record synced, all in one {@link LinkStore#saveAll}, each conditioned on the version
     * {@link FreshLinks} found. A refused save of a record written marks it stale: another worker recorded this
     * record while ours was writing, so what we wrote may be older than what it saw, and the record is read and
     * synced again (the audit still says what we wrote).
     */
    private void saveLinks(String tenantId, String objectType, List<RecordWork> active, Instant now) {
        List<RecordWork> saving = new ArrayList<>();
        List<Link> toSave = new ArrayList<>();
        for (RecordWork w : active) {
            if (!w.open()) {
                continue;
            }
            Map<String, String> fingerprints = new LinkedHashMap<>(w.plan.fingerprints());
            if (w.account != null) {
                fingerprints.put(AccountAssociation.FINGERPRINT_KEY, w.account.fingerprint());
            }
            // An echo or a repeat that found both sides as the link has them leaves the link as it is: no write.
            boolean linkAsStored = !w.writesToCrm() && w.link != null
                    && w.salesforce.id().equals(w.link.salesforceId())
                    && w.mapping.salesforceObject().equals(w.link.salesforceObject())
                    && fingerprints.equals(w.link.fieldFingerprints());
            if (!linkAsStored && w.linkVersion != RecordWork.KEEP_STORED_LINK) {
                saving.add(w);
                toSave.add(new Link(tenantId, objectType, w.hubSpot.id(), w.mapping.salesforceObject(),
                        w.salesforce.id(), ValuesHash.of(fingerprints), now, fingerprints, w.linkVersion));
            }
        }
        List<Boolean> stored = toSave.isEmpty() ? List.of() : links.saveAll(toSave);
        for (int i = 0; i < saving.size(); i++) {
            RecordWork w = saving.get(i);
            if (!stored.get(i) && w.writesToCrm()) {
                w.stale = true;
                w.ownWrites = w.writtenValues();
            }
        }
    }

    /** The audit row of an account decision that wrote or waited. */
    private static Optional<AuditLog.Entry> accountAudit(String tenantId, String objectType, RecordWork w,
            Instant now) {
        AccountAssociation.Result a = w.account;
        if (!a.writesSomething() && a.awaited().isEmpty()) {
            return Optional.empty();
        }
        String written = a.accountIdForSalesforce().orElse(a.companyForHubSpot().orElse(null));
        return Optional.of(new AuditLog.Entry(tenantId, objectType, w.hubSpot.id(), w.mapping.salesforceObject(),
                w.salesforce.id(), AccountAssociation.SALESFORCE_FIELD, a.hubSpotValue(), a.salesforceValue(), written,
                a.decision().writeTo().map(Enum::name).orElse(""), a.decision().winner().name(),
                a.decision().rule().name(), w.withPairing(a.decision().reason()), now));
    }
}
