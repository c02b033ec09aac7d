package io.crmsync.sandbox.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.crmsync.sandbox.http.SandboxResponse;

/** HubSpot's error body ({@code Error} in the OpenAPI documents): status, message, correlationId, category. */
final class HubSpotErrors {

    static final String AUTHENTICATION_MESSAGE = "Authentication credentials not found. This API supports OAuth 2.0"
            + " authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";

    private HubSpotErrors() {
    }

    static SandboxResponse error(int status, String category, String message) {
        return SandboxResponse.json(status, body(category, message, Map.of()));
    }

    static SandboxResponse error(int status, String category, String message, Map<String, List<String>> context) {
        return SandboxResponse.json(status, body(category, message, context));
    }

    static Map<String, Object> body(String category, String message, Map<String, List<String>> context) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("category", category);
        if (!context.isEmpty()) {
            body.put("context", context);
        }
        return body;
    }

    static SandboxResponse unauthenticated() {
        return error(401, "INVALID_AUTHENTICATION", AUTHENTICATION_MESSAGE);
    }

    static SandboxResponse validation(String message) {
        return error(400, "VALIDATION_ERROR", message);
    }

    static SandboxResponse objectNotFound() {
        return error(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");
    }
}
