package io.crmsync.sandbox.hubspot;

import java.util.Optional;

/**
 * Who made a change, as webhooks and property history report it: {@code INTEGRATION} with the app id for an
 * app's REST writes (crmsync's or another installed app's), {@code CRM_UI} with {@code userId:<id>} for a person
 * (the Java test API, or REST writes made with a person's token: see {@link HubSpotSandbox.Identity}).
 */
public record ChangeSource(String changeSource, String sourceId) {

    /** The user id the sandbox pretends edits through the UI. */
    public static final long SANDBOX_USER_ID = 1_000_001L;
    private static final String USER_PREFIX = "userId:";

    public static ChangeSource integration(long appId) {
        return new ChangeSource("INTEGRATION", String.valueOf(appId));
    }

    public static ChangeSource crmUi() {
        return crmUi(SANDBOX_USER_ID);
    }

    /** A person (HubSpot user {@code userId}) editing in HubSpot's UI: sourceId {@code userId:<id>}. */
    public static ChangeSource crmUi(long userId) {
        return new ChangeSource("CRM_UI", USER_PREFIX + userId);
    }

    /** The HubSpot user behind a UI change (history's updatedByUserId); empty for apps. */
    public Optional<Long> userId() {
        return sourceId.startsWith(USER_PREFIX) ? Optional.of(Long.parseLong(sourceId.substring(USER_PREFIX.length())))
                : Optional.empty();
    }
}
