package io.crmsync.sync;

import java.util.Optional;

import io.crmsync.mapping.FieldMapping;
import io.crmsync.sync.FieldResolver.Decision;
import io.crmsync.crm.Side;

/**
 * Owner fields across the CRMs. HubSpot owner ids and Salesforce User Ids never equal each other, so the sync rules
 * compare owners in a shared form, the owner's lower-cased email, and a winning email is written as the target's
 * own id for it. An owner is never guessed: when the target has no owner with that email, or several, nothing is
 * written and the decision says why; HubSpot's connector likewise leaves Salesforce's assignment rules (or the
 * integration user) to pick the owner of a record it creates.
 *
 * <p>An id whose email is unknown on its own side (a deleted or deactivated user, an id from elsewhere) takes a
 * placeholder form that contains spaces, so it never equals an email and is never written anywhere.
 */
public final class OwnerTranslation {

    /** Salesforce requires a record owner: clearing it fails the whole write, so a clearing stops here. */
    static final String SALESFORCE_OWNER_FIELD = "OwnerId";

    private static final String UNKNOWN_HUBSPOT_OWNER = "unknown HubSpot owner ";
    private static final String UNKNOWN_SALESFORCE_USER = "inactive or unknown Salesforce user ";

    private OwnerTranslation() {
    }

    /** The shared form of a HubSpot owner id (already trimmed; null for none). */
    public static String fromHubSpot(String ownerId, Owners owners) {
        if (ownerId == null) {
            return null;
        }
        return owners.emailOfHubSpotOwner(ownerId).orElse(UNKNOWN_HUBSPOT_OWNER + ownerId);
    }

    /** The shared form of a Salesforce User Id (already trimmed; null for none). */
    public static String fromSalesforce(String userId, Owners owners) {
        if (userId == null) {
            return null;
        }
        return owners.emailOfSalesforceUser(userId).orElse(UNKNOWN_SALESFORCE_USER + userId);
    }

    /** Why the owner cannot be written to {@code target}'s {@code field}; empty when it can. */
    public static Optional<String> unwritable(FieldMapping field, Side target, String canonical, Owners owners) {
        if (canonical == null) {
            return target == Side.SALESFORCE && SALESFORCE_OWNER_FIELD.equals(field.salesforceField())
                    ? Optional.of("owner not cleared: Salesforce requires a record owner")
                    : Optional.empty();
        }
        if (canonical.startsWith(UNKNOWN_HUBSPOT_OWNER) || canonical.startsWith(UNKNOWN_SALESFORCE_USER)) {
            return Optional.of("owner not matched: " + canonical + " has no email to match by");
        }
        long matches = target == Side.SALESFORCE ? owners.salesforceUsersWith(canonical)
                : owners.hubSpotOwnersWith(canonical);
        String who = target == Side.SALESFORCE ? "active Salesforce user" : "HubSpot owner";
        if (matches == 0) {
            return Optional.of("owner not matched: no " + who + " with email " + canonical);
        }
        if (matches > 1) {
            return Optional.of("owner not matched: " + matches + " " + who + "s share email " + canonical);
        }
        return Optional.empty();
    }

    /** The Salesforce User Id to write for a writable owner (see {@link #unwritable}). */
    static String salesforceUserId(String canonical, Owners owners) {
        return owners.salesforceUserFor(canonical).orElseThrow(() -> new IllegalStateException(
                "no single Salesforce user for an owner decided writable"));
    }

    /** The hubspot_owner_id value to write for a writable owner: "" clears it. */
    static String hubSpotOwnerId(String canonical, Owners owners) {
        if (canonical == null) {
            return "";
        }
        return owners.hubSpotOwnerFor(canonical).orElseThrow(() -> new IllegalStateException(
                "no single HubSpot owner for an owner decided writable"));
    }

    /**
     * The rules' decision, unless it would write an owner the target cannot take: then nothing is written and the
     * target's value stands. Its fingerprint is then what the link keeps, so the source still reads as changed next
     * time and the owner syncs once the directory can match it.
     */
    static Decision holdUnwritable(FieldMapping field, Decision decided, String hubSpotValue, String salesforceValue,
            Owners owners) {
        if (decided.writeTo().isEmpty()) {
            return decided;
        }
        Side target = decided.writeTo().get();
        return unwritable(field, target, decided.value(), owners)
                .map(why -> Decision.none(decided.rule(), target, decided.reason() + "; " + why,
                        target == Side.HUBSPOT ? hubSpotValue : salesforceValue))
                .orElse(decided);
    }
}
