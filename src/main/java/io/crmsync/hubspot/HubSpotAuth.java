package io.crmsync.hubspot;

import java.util.Optional;

/** The Authorization header every HubSpot adapter sends, with one clear error when the token is missing. */
final class HubSpotAuth {

    private HubSpotAuth() {
    }

    static String bearer(Optional<String> accessToken) {
        return "Bearer " + accessToken.filter(t -> !t.isBlank()).orElseThrow(() -> new IllegalStateException(
                "crmsync.hubspot.access-token (CRMSYNC_HUBSPOT_ACCESS_TOKEN) is not set"));
    }
}
