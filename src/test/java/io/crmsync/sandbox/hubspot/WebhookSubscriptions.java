package io.crmsync.sandbox.hubspot;

import java.net.URI;
import java.util.Set;

/**
 * The app's webhook settings: one target URL and the subscribed event types. A type is
 * {@code contact.creation}, {@code company.propertyChange:industry} (one property, as HubSpot subscribes
 * property changes), {@code deal.propertyChange} (a sandbox shorthand for every property), or {@link #ALL}.
 */
record WebhookSubscriptions(URI target, Set<String> types) {

    /** Every event type and property. */
    static final String ALL = "all";
    /** HubSpot does not allow property-change subscriptions to these. */
    static final Set<String> UNSUBSCRIBABLE_PROPERTIES = Set.of("hs_lastmodifieddate", "num_unique_conversion_events");
    static final Set<String> ACTIONS = Set.of("creation", "deletion", "propertyChange", "merge", "restore",
            "associationChange", "privacyDeletion");
    static final Set<String> OBJECTS = Set.of("contact", "company", "deal");

    WebhookSubscriptions {
        types = Set.copyOf(types);
        for (String type : types) {
            if (!type.equals(ALL) && !valid(type)) {
                throw new IllegalArgumentException("Unknown subscription type '" + type + "'; expected e.g. "
                        + "contact.creation, contact.propertyChange:email or all");
            }
        }
    }

    private static boolean valid(String type) {
        String base = type.contains(":") ? type.substring(0, type.indexOf(':')) : type;
        int dot = base.indexOf('.');
        if (dot < 0) {
            return false;
        }
        String object = base.substring(0, dot);
        String action = base.substring(dot + 1);
        boolean property = type.contains(":");
        return OBJECTS.contains(object) && ACTIONS.contains(action) && (!property || action.equals("propertyChange"))
                && (!action.equals("privacyDeletion") || object.equals("contact"));
    }

    /** Whether an event of {@code subscriptionType} (about {@code propertyName} for property changes) is wanted. */
    boolean wants(String subscriptionType, String propertyName) {
        if (propertyName != null && UNSUBSCRIBABLE_PROPERTIES.contains(propertyName)) {
            return false;
        }
        if (types.contains(ALL) || types.contains(subscriptionType)) {
            return true;
        }
        return propertyName != null && types.contains(subscriptionType + ":" + propertyName);
    }
}
