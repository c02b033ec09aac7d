package io.crmsync.adminhttp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

/** JSON in and out for the admin routes: request bodies read with clear errors, answers written with Jackson. */
@ApplicationScoped
public class AdminHttp {

    public static final String JSON = "application/json";
    public static final String YAML = "application/yaml";

    private final ObjectMapper json;

    public AdminHttp(ObjectMapper json) {
        this.json = json;
    }

    public ObjectNode object() {
        return json.createObjectNode();
    }

    /** A node of any value Jackson can write (records, maps, lists). */
    public JsonNode tree(Object value) {
        return json.valueToTree(value);
    }

    public HttpResponseEvent answer(int status, Object body) {
        try {
            return new HttpResponseEvent(status, headers(JSON), json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an admin answer could not be written as JSON", e);
        }
    }

    public HttpResponseEvent ok(Object body) {
        return answer(200, body);
    }

    /** {@code {"errors": [...]}}, with {@code more} fields beside them (a fresh plan, the settings in force). */
    public HttpResponseEvent errors(int status, List<String> errors, Map<String, ?> more) {
        ObjectNode body = object();
        body.set("errors", json.valueToTree(errors));
        more.forEach((name, value) -> body.set(name, json.valueToTree(value)));
        return answer(status, body);
    }

    public HttpResponseEvent errors(int status, List<String> errors) {
        return errors(status, errors, Map.of());
    }

    /** A plain-text answer (a mappings.yaml asked for with {@code Accept: application/yaml}). */
    public HttpResponseEvent text(int status, String contentType, String body) {
        return new HttpResponseEvent(status, headers(contentType), body);
    }

    /** Admin answers describe one tenant's configuration, and once its Outbound Message token: never cached. */
    private static Map<String, String> headers(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", contentType);
        headers.put("cache-control", "no-store");
        return headers;
    }

    /** The body as a JSON object; a missing, malformed or non-object body is a 400 that says so. */
    public ObjectNode jsonObject(HttpRequestEvent request) {
        String text = text(request);
        if (text.isBlank()) {
            throw AdminApiException.badRequest("body: a JSON object is required");
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw AdminApiException.badRequest("body: not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")");
        }
        if (!(node instanceof ObjectNode object)) {
            throw AdminApiException.badRequest("body: must be a JSON object, not " + node.getNodeType()
                    .name().toLowerCase(Locale.ROOT));
        }
        return object;
    }

    /** The body as text (Base64-decoded when AWS encoded it). */
    public static String text(HttpRequestEvent request) {
        try {
            return new String(request.bodyBytes(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw AdminApiException.badRequest("body: marked Base64 but is not");
        }
    }

    /** The media type of the body, lower-cased and without parameters; empty when not given. */
    public static String contentType(HttpRequestEvent request) {
        return request.header("content-type").map(v -> v.split(";", 2)[0].strip().toLowerCase(Locale.ROOT))
                .orElse("");
    }

    public static boolean isJson(String mediaType) {
        return mediaType.equals(JSON) || mediaType.endsWith("+json");
    }

    public static boolean isYaml(String mediaType) {
        return List.of("application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain")
                .contains(mediaType);
    }

    /** Whether the caller asked for YAML rather than JSON ({@code Accept}). */
    public static boolean acceptsYamlOnly(HttpRequestEvent request) {
        String accept = request.header("accept").orElse("").toLowerCase(Locale.ROOT);
        return accept.contains("yaml") && !accept.contains("json");
    }

    /** A query parameter's first value. */
    public static Optional<String> query(HttpRequestEvent request, String name) {
        String raw = request.rawQueryString();
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            if (URLDecoder.decode(parts[0], StandardCharsets.UTF_8).equals(name)) {
                return Optional.of(parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
            }
        }
        return Optional.empty();
    }
}
