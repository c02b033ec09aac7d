package io.crmsync.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

import io.crmsync.crm.Side;
import io.crmsync.mapping.SyncRule;

/**
 * Decides, for one mapped field, which way a value flows — the sync rules as HubSpot documents them, made
 * exact. Pure: it sees both current values (already in a common form), when each last changed, and a
 * fingerprint of the value both sides last agreed on (so it can tell "cleared" from "never set" and "changed"
 * from "unchanged" without keeping the value itself).
 */
public final class FieldResolver {

    private FieldResolver() {
    }

    /** A field's current value on one side and when it last changed there (null when unknown). */
    public record FieldState(String value, Instant changedAt) {
        public boolean blank() {
            return value == null || value.isEmpty();
        }
    }

    /**
     * @param writeTo the side to write, empty when nothing flows
     * @param value the value to write there (null to clear)
     * @param winner the side whose value stands after the decision
     */
    public record Decision(Optional<Side> writeTo, String value, Side winner, SyncRule rule, String reason) {
        static Decision none(SyncRule rule, Side winner, String reason, String value) {
            return new Decision(Optional.empty(), value, winner, rule, reason);
        }

        static Decision write(SyncRule rule, Side to, String value, String reason) {
            return new Decision(Optional.of(to), value, to == Side.HUBSPOT ? Side.SALESFORCE : Side.HUBSPOT, rule,
                    reason);
        }
    }

    /**
     * @param lastAgreed fingerprint ({@link #fingerprint}) of the value both sides held after the last sync;
     *        empty when the records were never synced
     * @param tieBreak who wins a two-way conflict when both sides changed at the same instant (or times are unknown)
     */
    public static Decision decide(SyncRule rule, FieldState hubSpot, FieldState salesforce,
            Optional<String> lastAgreed, Side tieBreak) {
        if (rule == SyncRule.DONT_SYNC) {
            return Decision.none(rule, Side.HUBSPOT, "not synced", hubSpot.value());
        }
        if (same(hubSpot, salesforce)) {
            return Decision.none(rule, tieBreak, "already equal", hubSpot.value());
        }
        boolean hubSpotChanged = lastAgreed.map(f -> !f.equals(fingerprint(hubSpot.value()))).orElse(true);
        boolean salesforceChanged = lastAgreed.map(f -> !f.equals(fingerprint(salesforce.value()))).orElse(true);
        boolean agreedOnAValue = lastAgreed.map(f -> !f.equals(fingerprint(null))).orElse(false);
        return switch (rule) {
            case PREFER_SALESFORCE_UNLESS_BLANK -> preferUnlessBlank(rule, Side.SALESFORCE, salesforce, hubSpot,
                    salesforceChanged && agreedOnAValue);
            case PREFER_HUBSPOT_UNLESS_BLANK -> preferUnlessBlank(rule, Side.HUBSPOT, hubSpot, salesforce,
                    hubSpotChanged && agreedOnAValue);
            case ALWAYS_SALESFORCE -> always(rule, Side.SALESFORCE, salesforce, salesforceChanged && agreedOnAValue);
            case ALWAYS_HUBSPOT -> always(rule, Side.HUBSPOT, hubSpot, hubSpotChanged && agreedOnAValue);
            case TWO_WAY -> twoWay(hubSpot, salesforce, lastAgreed.isPresent(), hubSpotChanged, salesforceChanged,
                    tieBreak);
            case DONT_SYNC -> throw new AssertionError("handled above");
        };
    }

    /** {@code preferred} wins with a value and with a deliberate clearing; the other side fills only a blank. */
    private static Decision preferUnlessBlank(SyncRule rule, Side preferred, FieldState mine, FieldState theirs,
            boolean clearedByMe) {
        Side other = other(preferred);
        if (!mine.blank()) {
            return Decision.write(rule, other, mine.value(), name(preferred) + " has a value");
        }
        if (clearedByMe) {
            return Decision.write(rule, other, null, "cleared in " + name(preferred));
        }
        if (!theirs.blank()) {
            return Decision.write(rule, preferred, theirs.value(), name(preferred) + " is blank");
        }
        return Decision.none(rule, preferred, "both blank", null);
    }

    /** Only {@code source}'s values and clearings ever move; a blank it never had moves nothing. */
    private static Decision always(SyncRule rule, Side source, FieldState mine, boolean clearedByMe) {
        Side other = other(source);
        if (!mine.blank()) {
            return Decision.write(rule, other, mine.value(), "always " + name(source));
        }
        if (clearedByMe) {
            return Decision.write(rule, other, null, "cleared in " + name(source));
        }
        return Decision.none(rule, source, name(source) + " has no value; " + name(other) + " never writes", null);
    }

    private static Decision twoWay(FieldState hubSpot, FieldState salesforce, boolean syncedBefore,
            boolean hubSpotChanged, boolean salesforceChanged, Side tieBreak) {
        SyncRule rule = SyncRule.TWO_WAY;
        if (!syncedBefore && hubSpot.blank() != salesforce.blank()) {
            // First pairing: a blank is not a deliberate clearing; the value fills it.
            return hubSpot.blank() ? Decision.write(rule, Side.HUBSPOT, salesforce.value(), "first sync fills blank")
                    : Decision.write(rule, Side.SALESFORCE, hubSpot.value(), "first sync fills blank");
        }
        if (hubSpotChanged && !salesforceChanged) {
            return Decision.write(rule, Side.SALESFORCE, hubSpot.value(), "changed in HubSpot");
        }
        if (salesforceChanged && !hubSpotChanged) {
            return Decision.write(rule, Side.HUBSPOT, salesforce.value(), "changed in Salesforce");
        }
        Side newer = newer(hubSpot.changedAt(), salesforce.changedAt()).orElse(tieBreak);
        String reason = newer(hubSpot.changedAt(), salesforce.changedAt()).isPresent()
                ? "changed in both; " + name(newer) + " more recently"
                : "changed in both at the same time; tie goes to " + name(tieBreak);
        return newer == Side.HUBSPOT ? Decision.write(rule, Side.SALESFORCE, hubSpot.value(), reason)
                : Decision.write(rule, Side.HUBSPOT, salesforce.value(), reason);
    }

    private static Optional<Side> newer(Instant hubSpot, Instant salesforce) {
        if (hubSpot == null || salesforce == null || hubSpot.equals(salesforce)) {
            return Optional.empty();
        }
        return Optional.of(hubSpot.isAfter(salesforce) ? Side.HUBSPOT : Side.SALESFORCE);
    }

    private static boolean same(FieldState a, FieldState b) {
        return a.blank() && b.blank() || Objects.equals(a.value(), b.value());
    }

    /** A value's fingerprint as kept after a sync: the value itself is not stored. Blank has its own. */
    public static String fingerprint(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        return ValuesHash.of(java.util.Map.of("v", value));
    }

    private static Side other(Side side) {
        return side == Side.HUBSPOT ? Side.SALESFORCE : Side.HUBSPOT;
    }

    private static String name(Side side) {
        return side == Side.HUBSPOT ? "HubSpot" : "Salesforce";
    }
}
