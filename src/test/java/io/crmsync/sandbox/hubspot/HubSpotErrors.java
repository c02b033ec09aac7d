package io.crmsync.sandbox.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.PropertyProblem;

/**
 * HubSpot's error bodies: {@code Error} in the OpenAPI documents (status, message, correlationId, category,
 * optional errors[] and context) and the rate-limit body, which has errorType and policyName instead.
 */
final class HubSpotErrors {

    static final String AUTHENTICATION_MESSAGE = "Authentication credentials not found. This API supports OAuth 2.0"
            + " authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A rate-limit policy: its name in 429 bodies and the wording of its message. */
    enum RateLimitPolicy {
        TEN_SECONDLY_ROLLING("ten_secondly_rolling"), DAILY("daily"), SECONDLY("secondly");

        private final String messageName;

        RateLimitPolicy(String messageName) {
            this.messageName = messageName;
        }
    }

    private HubSpotErrors() {
    }

    static SandboxResponse error(int status, String category, String message) {
        return SandboxResponse.json(status, body(category, message, Map.of(), List.of()));
    }

    static SandboxResponse error(int status, String category, String message, Map<String, List<String>> context) {
        return SandboxResponse.json(status, body(category, message, context, List.of()));
    }

    static Map<String, Object> body(String category, String message, Map<String, List<String>> context,
            List<Map<String, Object>> errors) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("category", category);
        if (!errors.isEmpty()) {
            body.put("errors", errors);
        }
        if (!context.isEmpty()) {
            body.put("context", context);
        }
        return body;
    }

    static SandboxResponse unauthenticated() {
        return error(401, "INVALID_AUTHENTICATION", AUTHENTICATION_MESSAGE);
    }

    /**
     * 401 for an OAuth access token past its expires_in, worded as HubSpot words it ("The OAuth token used to make
     * this call expired 5 minute(s) ago.").
     */
    static SandboxResponse expiredToken(java.time.Duration ago) {
        String age = ago.toMinutes() > 0 ? ago.toMinutes() + " minute(s)" : ago.toSeconds() + " second(s)";
        return error(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired " + age + " ago.");
    }

    /**
     * 400 from the OAuth token endpoint: no category, the refusal named in status (BAD_AUTH_CODE, BAD_REFRESH_TOKEN,
     * BAD_CLIENT_ID …) beside a short message.
     */
    static SandboxResponse oauth(String status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        return SandboxResponse.json(400, body);
    }

    static SandboxResponse validation(String message) {
        return error(400, "VALIDATION_ERROR", message);
    }

    static SandboxResponse objectNotFound() {
        return error(404, "OBJECT_NOT_FOUND", "Object not found.  objectId are usually numeric.");
    }

    static SandboxResponse conflict(HubSpotObjectType type, long existingId) {
        return error(409, "CONFLICT", type.singularLabel() + " already exists. Existing ID: " + existingId);
    }

    /**
     * 400 for a create without a required property, as HubSpot words it (two spaces after the first sentence):
     * "Error creating NOTE.  Some required properties were not set.", context.properties naming them.
     */
    static SandboxResponse requiredPropertiesMissing(HubSpotObjectType type, List<String> missing) {
        return error(400, "VALIDATION_ERROR", requiredPropertiesMessage(type),
                Map.of("properties", List.copyOf(missing)));
    }

    static String requiredPropertiesMessage(HubSpotObjectType type) {
        return "Error creating " + type.errorLabel() + ".  Some required properties were not set.";
    }

    /**
     * 400 for property problems: HubSpot embeds them as a JSON string in the message and lists them in errors[]
     * with the property name as context.
     */
    static SandboxResponse invalidProperties(List<PropertyProblem> problems, long portalId) {
        return SandboxResponse.json(400, invalidPropertiesBody(problems, portalId));
    }

    static Map<String, Object> invalidPropertiesBody(List<PropertyProblem> problems, long portalId) {
        List<Map<String, Object>> items = problems.stream().map(p -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("isValid", false);
            item.put("message", p.message());
            item.put("error", p.error());
            item.put("name", p.name());
            item.put("localizedErrorMessage", p.message());
            item.put("portalId", portalId);
            return item;
        }).toList();
        List<Map<String, Object>> errors = problems.stream().map(p -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("message", p.message());
            error.put("code", p.error());
            error.put("context", Map.of("propertyName", List.of(p.name())));
            return error;
        }).toList();
        String embedded;
        try {
            embedded = JSON.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain maps", e);
        }
        Map<String, List<String>> context = Map.of("properties", problems.stream().map(PropertyProblem::name).toList());
        return body("VALIDATION_ERROR", "Property values were not valid: " + embedded, context, errors);
    }

    /** HubSpot's 429: errorType and policyName, no category. */
    static SandboxResponse rateLimited(RateLimitPolicy policy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "error");
        body.put("message", "You have reached your " + policy.messageName + " limit.");
        body.put("errorType", "RATE_LIMIT");
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("policyName", policy.name());
        return SandboxResponse.json(429, body);
    }

    /** 423: HubSpot locks an object type briefly under heavy concurrent writes (e.g. mass upserts). */
    static SandboxResponse locked() {
        return error(423, "LOCKED", "The resource you are trying to update is locked. Include a delay of at least"
                + " 2 seconds between requests that write to the same records.");
    }

    /** How an injected fault looks: the body HubSpot sends with that status. */
    static SandboxResponse injected(int status) {
        return switch (status) {
            case 429 -> rateLimited(RateLimitPolicy.TEN_SECONDLY_ROLLING);
            case 423 -> locked();
            case 401 -> unauthenticated();
            case 403 -> error(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call.");
            case 404 -> objectNotFound();
            case 400 -> validation("Invalid input (injected by the sandbox)");
            case 502, 503, 504 -> error(status, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.");
            default -> error(status, "INTERNAL_ERROR", "internal error");
        };
    }
}
