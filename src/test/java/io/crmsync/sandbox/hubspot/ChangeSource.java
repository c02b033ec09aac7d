package io.crmsync.sandbox.hubspot;

import java.util.Optional;

/**
 * Who made a change, as webhooks and property history report it: {@code INTEGRATION} with the app id for
 * REST writes, {@code CRM_UI} with a user for the Java test API (which plays a person in HubSpot's UI).
 */
public record ChangeSource(String changeSource, String sourceId) {

    /** The user id the sandbox pretends edits through the UI. */
    public static final long SANDBOX_USER_ID = 1_000_001L;
    private static final String USER_PREFIX = "userId:";

    public static ChangeSource integration(long appId) {
        return new ChangeSource("INTEGRATION", String.valueOf(appId));
    }

    public static ChangeSource crmUi() {
        return new ChangeSource("CRM_UI", USER_PREFIX + SANDBOX_USER_ID);
    }

    /** The HubSpot user behind a UI change (history's updatedByUserId); empty for apps. */
    public Optional<Long> userId() {
        return sourceId.startsWith(USER_PREFIX) ? Optional.of(Long.parseLong(sourceId.substring(USER_PREFIX.length())))
                : Optional.empty();
    }
}
