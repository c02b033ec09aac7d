package io.crmsync.hubspot;

import jakarta.ws.rs.core.Response;

/** Reads HubSpot's error bodies for messages and refusals; a body that is not HubSpot's JSON reads as empty. */
final class HubSpotErrorBodies {

    private HubSpotErrorBodies() {
    }

    static HubSpotObjectsApi.StandardError read(Response response) {
        try {
            return response.readEntity(HubSpotObjectsApi.StandardError.class);
        } catch (RuntimeException e) {
            return new HubSpotObjectsApi.StandardError(null, null, null, null, null, null);
        }
    }

    /** The category, or for rate limits "RATE_LIMIT/policy", for log and exception messages. */
    static String describe(Response response) {
        HubSpotObjectsApi.StandardError error = read(response);
        return error.category() != null ? error.category()
                : error.errorType() != null ? error.errorType() + "/" + error.policyName() : "";
    }
}
