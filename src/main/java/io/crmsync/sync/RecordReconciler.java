package io.crmsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.SyncRule;
import io.crmsync.mapping.ValueConversion;
import io.crmsync.sync.FieldResolver.Decision;
import io.crmsync.sync.FieldResolver.FieldState;
import io.crmsync.crm.Side;

/**
 * Decides, for one pair of records, every mapped field's fate: what to write to Salesforce, what to write to
 * HubSpot, and the fingerprints to remember. Pure: the worker reads, calls this, then writes in batches.
 */
public final class RecordReconciler {

    private RecordReconciler() {
    }

    /** One field's decision, with both sides' values before it (canonical form: an owner as its email), for the audit log. */
    public record FieldDecision(FieldMapping field, String hubSpotValue, String salesforceValue, Decision decision) {
    }

    /**
     * @param salesforceWrites field → value for Salesforce (null clears)
     * @param hubSpotWrites property → value for HubSpot ("" clears)
     * @param fingerprints Salesforce field → fingerprint of the value that stands after the writes
     */
    public record Plan(Map<String, Object> salesforceWrites, Map<String, String> hubSpotWrites,
            Map<String, String> fingerprints, List<FieldDecision> decisions) {

        public boolean writesNothing() {
            return salesforceWrites.isEmpty() && hubSpotWrites.isEmpty();
        }
    }

    /**
     * Both records exist: apply each field's rule. Owner fields compare by email and are written only where the
     * target has exactly one owner with it (see {@link OwnerTranslation}).
     */
    public static Plan reconcile(ObjectMapping mapping, CrmRecord hubSpot, CrmRecord salesforce, Optional<Link> link,
            Side tieBreak, Owners owners) {
        Map<String, Object> toSalesforce = new LinkedHashMap<>();
        Map<String, String> toHubSpot = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        List<FieldDecision> decisions = new ArrayList<>();
        for (FieldMapping field : mapping.fields()) {
            String h = hubSpotCanonical(field, hubSpot, owners);
            String s = salesforceCanonical(field, salesforce, owners);
            if (s != null && s.equals(mapping.requiredDefaults().get(field.salesforceField()))) {
                // "[not provided]" stands in for a blank Salesforce cannot hold: it is not a value to sync back.
                s = null;
            }
            Optional<String> lastAgreed = link.map(l -> l.fieldFingerprints().get(field.salesforceField()));
            Decision decided = FieldResolver.decide(field.rule(),
                    new FieldState(h, hubSpot.changedAt(field.hubSpotProperty())),
                    new FieldState(s, salesforce.updatedAt()), lastAgreed, tieBreak);
            Decision decision = field.kind() == FieldKind.OWNER
                    ? OwnerTranslation.holdUnwritable(field, decided, h, s, owners) : decided;
            decisions.add(new FieldDecision(field, h, s, decision));
            decision.writeTo().ifPresent(side -> {
                if (side == Side.SALESFORCE) {
                    toSalesforce.put(field.salesforceField(), toSalesforce(mapping, field, decision.value(), owners));
                } else {
                    toHubSpot.put(field.hubSpotProperty(), toHubSpot(field, decision.value(), owners));
                }
            });
            String standing = decision.writeTo().isPresent() ? decision.value()
                    : decision.winner() == Side.HUBSPOT ? h : s;
            fingerprints.put(field.salesforceField(), FieldResolver.fingerprint(standing));
        }
        return new Plan(toSalesforce, toHubSpot, fingerprints, decisions);
    }

    /**
     * No Salesforce record yet: what to create there from HubSpot (fields HubSpot may write) and defaults. An owner
     * with no matching active Salesforce user is left out, so Salesforce's assignment rules (or the integration
     * user) own the new record.
     */
    public static Plan createInSalesforce(ObjectMapping mapping, CrmRecord hubSpot, Owners owners) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        List<FieldDecision> decisions = new ArrayList<>();
        for (FieldMapping field : mapping.fields()) {
            String h = hubSpotCanonical(field, hubSpot, owners);
            Optional<String> unmatched = h == null || field.kind() != FieldKind.OWNER ? Optional.empty()
                    : OwnerTranslation.unwritable(field, Side.SALESFORCE, h, owners);
            boolean passes = hubSpotMayWrite(field.rule()) && h != null && unmatched.isEmpty();
            if (passes) {
                values.put(field.salesforceField(), toSalesforce(mapping, field, h, owners));
            }
            fingerprints.put(field.salesforceField(), FieldResolver.fingerprint(passes ? h : null));
            decisions.add(new FieldDecision(field, h, null, new Decision(passes ? Optional.of(Side.SALESFORCE)
                    : Optional.empty(), passes ? h : null, Side.HUBSPOT, field.rule(),
                    "created in Salesforce" + unmatched.map(why -> "; " + why).orElse(""))));
        }
        mapping.requiredDefaults().forEach((field, fallback) -> {
            if (values.get(field) == null) {
                values.put(field, fallback);
            }
        });
        return new Plan(values, Map.of(), fingerprints, decisions);
    }

    /** No HubSpot record yet: what to create there from Salesforce; an owner only when HubSpot has a match. */
    public static Plan createInHubSpot(ObjectMapping mapping, CrmRecord salesforce, Owners owners) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        List<FieldDecision> decisions = new ArrayList<>();
        for (FieldMapping field : mapping.fields()) {
            String s = salesforceCanonical(field, salesforce, owners);
            Optional<String> unmatched = s == null || field.kind() != FieldKind.OWNER ? Optional.empty()
                    : OwnerTranslation.unwritable(field, Side.HUBSPOT, s, owners);
            boolean passes = salesforceMayWrite(field.rule()) && s != null && unmatched.isEmpty();
            if (passes) {
                values.put(field.hubSpotProperty(), toHubSpot(field, s, owners));
            }
            fingerprints.put(field.salesforceField(), FieldResolver.fingerprint(passes ? s : null));
            decisions.add(new FieldDecision(field, null, s, new Decision(passes ? Optional.of(Side.HUBSPOT)
                    : Optional.empty(), passes ? s : null, Side.SALESFORCE, field.rule(),
                    "created in HubSpot" + unmatched.map(why -> "; " + why).orElse(""))));
        }
        return new Plan(Map.of(), values, fingerprints, decisions);
    }

    /** A HubSpot value in canonical form; for an owner, its email. */
    private static String hubSpotCanonical(FieldMapping field, CrmRecord hubSpot, Owners owners) {
        String canonical = ValueConversion.fromHubSpot(field, hubSpot.properties().get(field.hubSpotProperty()));
        return field.kind() == FieldKind.OWNER ? OwnerTranslation.fromHubSpot(canonical, owners) : canonical;
    }

    /** A Salesforce value in canonical form; for an owner, its email. */
    private static String salesforceCanonical(FieldMapping field, CrmRecord salesforce, Owners owners) {
        String canonical = ValueConversion.fromSalesforce(field, salesforce.properties().get(field.salesforceField()));
        return field.kind() == FieldKind.OWNER ? OwnerTranslation.fromSalesforce(canonical, owners) : canonical;
    }

    private static Object toSalesforce(ObjectMapping mapping, FieldMapping field, String canonical, Owners owners) {
        return field.kind() == FieldKind.OWNER && canonical != null
                ? OwnerTranslation.salesforceUserId(canonical, owners) : salesforceValue(mapping, field, canonical);
    }

    private static String toHubSpot(FieldMapping field, String canonical, Owners owners) {
        return field.kind() == FieldKind.OWNER ? OwnerTranslation.hubSpotOwnerId(canonical, owners)
                : ValueConversion.toHubSpot(field, canonical);
    }

    /** A required Salesforce field is never cleared: its default stands in (as HubSpot's connector does). */
    private static Object salesforceValue(ObjectMapping mapping, FieldMapping field, String canonical) {
        if (canonical == null && mapping.requiredDefaults().containsKey(field.salesforceField())) {
            return mapping.requiredDefaults().get(field.salesforceField());
        }
        return ValueConversion.toSalesforce(field, canonical);
    }

    static boolean hubSpotMayWrite(SyncRule rule) {
        return rule != SyncRule.ALWAYS_SALESFORCE && rule != SyncRule.DONT_SYNC;
    }

    static boolean salesforceMayWrite(SyncRule rule) {
        return rule != SyncRule.ALWAYS_HUBSPOT && rule != SyncRule.DONT_SYNC;
    }
}
