package io.crmsync.sync;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who can own records on each side, by email: the only key HubSpot owners and Salesforce users share (ids differ
 * between the CRMs). Emails are kept trimmed and lower-cased, so matching ignores case; an owner without an email
 * is left out, since nothing could match it.
 *
 * <p>An email two owners (or two active users) share on one side is ambiguous: looking it up on that side finds
 * nothing, because picking one of them would be a guess. Their ids still know their email, so they compare equal
 * to the other side's owner with that email.
 *
 * @param hubSpotOwnerEmails HubSpot owner id → email
 * @param salesforceUserEmails ACTIVE Salesforce User Id → email (an inactive user cannot own records)
 */
public record Owners(Map<String, String> hubSpotOwnerEmails, Map<String, String> salesforceUserEmails) {

    /** No owners known on either side: every owner is unmatched. */
    public static final Owners NONE = new Owners(Map.of(), Map.of());

    public Owners {
        hubSpotOwnerEmails = normalized(hubSpotOwnerEmails);
        salesforceUserEmails = normalized(salesforceUserEmails);
    }

    public Optional<String> emailOfHubSpotOwner(String ownerId) {
        return Optional.ofNullable(ownerId).map(hubSpotOwnerEmails::get);
    }

    public Optional<String> emailOfSalesforceUser(String userId) {
        return Optional.ofNullable(userId).map(salesforceUserEmails::get);
    }

    /** The one HubSpot owner with this email; empty when there is none or several. */
    public Optional<String> hubSpotOwnerFor(String email) {
        return onlyOneWith(hubSpotOwnerEmails, email);
    }

    /** The one active Salesforce user with this email; empty when there is none or several. */
    public Optional<String> salesforceUserFor(String email) {
        return onlyOneWith(salesforceUserEmails, email);
    }

    /** How many HubSpot owners have this email (more than one: ambiguous). */
    long hubSpotOwnersWith(String email) {
        return countWith(hubSpotOwnerEmails, email);
    }

    /** How many active Salesforce users have this email (more than one: ambiguous). */
    long salesforceUsersWith(String email) {
        return countWith(salesforceUserEmails, email);
    }

    /**
     * A scan, not an index: a record can hold no extra state, and a directory of a few thousand users scanned for
     * the few owner fields of a batch costs far less than one CRM call.
     */
    private static Optional<String> onlyOneWith(Map<String, String> emails, String email) {
        String wanted = normalize(email);
        String found = null;
        for (Map.Entry<String, String> entry : emails.entrySet()) {
            if (entry.getValue().equals(wanted)) {
                if (found != null) {
                    return Optional.empty();
                }
                found = entry.getKey();
            }
        }
        return Optional.ofNullable(found);
    }

    private static long countWith(Map<String, String> emails, String email) {
        String wanted = normalize(email);
        return emails.values().stream().filter(e -> e.equals(wanted)).count();
    }

    private static Map<String, String> normalized(Map<String, String> emailsById) {
        Map<String, String> kept = new LinkedHashMap<>();
        if (emailsById != null) {
            emailsById.forEach((id, email) -> {
                String normal = normalize(email);
                if (id != null && !id.isBlank() && normal != null) {
                    kept.put(id.strip(), normal);
                }
            });
        }
        return Map.copyOf(kept);
    }

    private static String normalize(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
