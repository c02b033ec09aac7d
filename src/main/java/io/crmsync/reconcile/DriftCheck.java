package io.crmsync.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.SyncRule;
import io.crmsync.mapping.ValueConversion;
import io.crmsync.sync.FieldResolver;
import io.crmsync.crm.Side;
import io.crmsync.sync.Link;
import io.crmsync.sync.OwnerTranslation;
import io.crmsync.sync.Owners;

/**
 * Whether one side's record still holds what both sides agreed on at the last sync. Pure: it compares each mapped
 * value, in the canonical form {@code sync.RecordReconciler} fingerprints, with the link's fingerprint.
 *
 * <p>Only a difference a sync would act on counts as drift. Otherwise a record the rules deliberately leave
 * different (a field one side never writes, an owner the other side has no user for) would be "repaired" by
 * every pass, forever, without anything changing.
 */
public final class DriftCheck {

    /** Must equal {@code sync.OwnerTranslation}'s placeholders: an owner id whose email is unknown on its side. */
    /** Salesforce requires a record owner, so a clearing is never written there. */

    private DriftCheck() {
    }

    public enum Verdict {
        /** Every mapped value is what the link says both sides agreed on. */
        IN_SYNC,
        /** A value differs in a way a sync would act on: a missed change notice or a failed write. */
        DRIFTED,
        /** No link: the record was never paired with one on the other side. */
        NEVER_PAIRED
    }

    /** @param driftedFields the Salesforce field names of the mapped fields that differ (empty unless DRIFTED) */
    public record Result(Verdict verdict, List<String> driftedFields) {
        public Result {
            driftedFields = List.copyOf(driftedFields);
        }
    }

    /**
     * @param side the side {@code record} was read from; its properties are keyed by that side's names
     * @param mapping the mapping of the link's object pair
     */
    public static Result check(Side side, ChangedRecord record, Optional<Link> link, ObjectMapping mapping,
            Owners owners) {
        if (link.isEmpty()) {
            return new Result(Verdict.NEVER_PAIRED, List.of());
        }
        List<String> drifted = new ArrayList<>();
        for (FieldMapping field : mapping.fields()) {
            if (field.rule() == SyncRule.DONT_SYNC) {
                continue; // its fingerprint is HubSpot's value, which Salesforce need not share
            }
            String agreed = link.get().fieldFingerprints().get(field.salesforceField());
            String value = canonical(side, field, mapping, record, owners);
            if (agreed == null) {
                // Mapped since the last sync (or a link from before per-field fingerprints): one sync records it.
                drifted.add(field.salesforceField());
            } else if (!agreed.equals(FieldResolver.fingerprint(value)) && syncWouldAct(side, field, value, agreed,
                    owners)) {
                drifted.add(field.salesforceField());
            }
        }
        return new Result(drifted.isEmpty() ? Verdict.IN_SYNC : Verdict.DRIFTED, drifted);
    }

    /** The value as {@code RecordReconciler} sees it: converted, an owner as its email, a required default as blank. */
    private static String canonical(Side side, FieldMapping field, ObjectMapping mapping, ChangedRecord record,
            Owners owners) {
        if (side == Side.HUBSPOT) {
            String value = ValueConversion.fromHubSpot(field, record.properties().get(field.hubSpotProperty()));
            return field.kind() == FieldKind.OWNER ? OwnerTranslation.fromHubSpot(value, owners) : value;
        }
        String value = ValueConversion.fromSalesforce(field, record.properties().get(field.salesforceField()));
        if (value != null && value.equals(mapping.requiredDefaults().get(field.salesforceField()))) {
            return null; // "[not provided]" stands in for a blank Salesforce cannot hold
        }
        return field.kind() == FieldKind.OWNER ? OwnerTranslation.fromSalesforce(value, owners) : value;
    }

    /**
     * A value differs from the agreed one: would syncing the pair change anything? Not when this side never writes
     * the field and both sides agreed on a blank (the other side has nothing to send and sent no clearing), nor
     * when an owner cannot be written to the other side (the sync holds it until the owners match).
     */
    private static boolean syncWouldAct(Side side, FieldMapping field, String value, String agreed, Owners owners) {
        boolean blankAgreed = agreed.equals(FieldResolver.fingerprint(null));
        if (field.rule() == SyncRule.ALWAYS_HUBSPOT && side == Side.SALESFORCE
                || field.rule() == SyncRule.ALWAYS_SALESFORCE && side == Side.HUBSPOT) {
            return !blankAgreed;
        }
        if (field.kind() == FieldKind.OWNER) {
            return ownerWritableTo(side == Side.HUBSPOT ? Side.SALESFORCE : Side.HUBSPOT, field, value, owners);
        }
        return true;
    }

    private static boolean ownerWritableTo(Side target, FieldMapping field, String email, Owners owners) {
        return OwnerTranslation.unwritable(field, target, email, owners).isEmpty();
    }
}
