package io.crmsync.sync;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.SyncRule;
import io.crmsync.mapping.ValueConversion;
import io.crmsync.sync.FieldResolver.Decision;
import io.crmsync.sync.FieldResolver.FieldState;
import io.crmsync.sync.FieldResolver.Side;

/**
 * Decides, for one pair of records, every mapped field's fate: what to write to Salesforce, what to write to
 * HubSpot, and the fingerprints to remember. Pure: the worker reads, calls this, then writes in batches.
 */
public final class RecordReconciler {

    private RecordReconciler() {
    }

    /** One field's decision, with both sides' values before it (canonical form), for the audit log. */
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

    /** Both records exist: apply each field's rule. */
    public static Plan reconcile(ObjectMapping mapping, CrmRecord hubSpot, CrmRecord salesforce, Optional<Link> link,
            Side tieBreak) {
        Map<String, Object> toSalesforce = new LinkedHashMap<>();
        Map<String, String> toHubSpot = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        List<FieldDecision> decisions = new ArrayList<>();
        for (FieldMapping field : mapping.fields()) {
            String h = ValueConversion.fromHubSpot(field, hubSpot.properties().get(field.hubSpotProperty()));
            String s = ValueConversion.fromSalesforce(field, salesforce.properties().get(field.salesforceField()));
            if (s != null && s.equals(mapping.requiredDefaults().get(field.salesforceField()))) {
                // "[not provided]" stands in for a blank Salesforce cannot hold: it is not a value to sync back.
                s = null;
            }
            Optional<String> lastAgreed = link.map(l -> l.fieldFingerprints().get(field.salesforceField()));
            Decision decision = FieldResolver.decide(field.rule(), new FieldState(h, hubSpot.updatedAt()),
                    new FieldState(s, salesforce.updatedAt()), lastAgreed, tieBreak);
            decisions.add(new FieldDecision(field, h, s, decision));
            decision.writeTo().ifPresent(side -> {
                if (side == Side.SALESFORCE) {
                    toSalesforce.put(field.salesforceField(), salesforceValue(mapping, field, decision.value()));
                } else {
                    toHubSpot.put(field.hubSpotProperty(), ValueConversion.toHubSpot(field, decision.value()));
                }
            });
            String standing = decision.writeTo().isPresent() ? decision.value()
                    : decision.winner() == Side.HUBSPOT ? h : s;
            fingerprints.put(field.salesforceField(), FieldResolver.fingerprint(standing));
        }
        return new Plan(toSalesforce, toHubSpot, fingerprints, decisions);
    }

    /** No Salesforce record yet: what to create there from HubSpot (fields HubSpot may write) and defaults. */
    public static Plan createInSalesforce(ObjectMapping mapping, CrmRecord hubSpot) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        List<FieldDecision> decisions = new ArrayList<>();
        for (FieldMapping field : mapping.fields()) {
            String h = ValueConversion.fromHubSpot(field, hubSpot.properties().get(field.hubSpotProperty()));
            boolean passes = hubSpotMayWrite(field.rule()) && h != null;
            if (passes) {
                values.put(field.salesforceField(), ValueConversion.toSalesforce(field, h));
            }
            fingerprints.put(field.salesforceField(), FieldResolver.fingerprint(passes ? h : null));
            decisions.add(new FieldDecision(field, h, null, new Decision(passes ? Optional.of(Side.SALESFORCE)
                    : Optional.empty(), passes ? h : null, Side.HUBSPOT, field.rule(), "created in Salesforce")));
        }
        mapping.requiredDefaults().forEach((field, fallback) -> {
            if (values.get(field) == null) {
                values.put(field, fallback);
            }
        });
        return new Plan(values, Map.of(), fingerprints, decisions);
    }

    /** No HubSpot record yet: what to create there from Salesforce. */
    public static Plan createInHubSpot(ObjectMapping mapping, CrmRecord salesforce) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        List<FieldDecision> decisions = new ArrayList<>();
        for (FieldMapping field : mapping.fields()) {
            String s = ValueConversion.fromSalesforce(field, salesforce.properties().get(field.salesforceField()));
            boolean passes = salesforceMayWrite(field.rule()) && s != null;
            if (passes) {
                values.put(field.hubSpotProperty(), ValueConversion.toHubSpot(field, s));
            }
            fingerprints.put(field.salesforceField(), FieldResolver.fingerprint(passes ? s : null));
            decisions.add(new FieldDecision(field, null, s, new Decision(passes ? Optional.of(Side.HUBSPOT)
                    : Optional.empty(), passes ? s : null, Side.SALESFORCE, field.rule(), "created in HubSpot")));
        }
        return new Plan(Map.of(), values, fingerprints, decisions);
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
