package io.crmsync.sandbox.hubspot;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.SandboxRequest;

/** Reading request bodies and parameters the way HubSpot does, and writing records in its JSON shape. */
final class HubSpotJson {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter HUBSPOT_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final PropertyRegistry registry;

    HubSpotJson(PropertyRegistry registry) {
        this.registry = registry;
    }

    /** A batch answer's body (BatchResponse…; with errors, the …WithErrors shape of a 207). */
    static Map<String, Object> batchBody(List<Object> results, List<Map<String, Object>> errors, Instant startedAt,
            Instant completedAt) {
        Map<String, Object> response = new java.util.LinkedHashMap<>();
        response.put("status", "COMPLETE");
        response.put("results", results);
        if (!errors.isEmpty()) {
            response.put("numErrors", errors.size());
            response.put("errors", errors);
        }
        response.put("startedAt", format(startedAt));
        response.put("completedAt", format(completedAt));
        return response;
    }

    static String format(Instant instant) {
        return HUBSPOT_TIME.format(instant);
    }

    /**
     * SimplePublicObject. Properties: the requested ones that exist (null when unset), or the type's defaults
     * when none are requested, plus the system properties every object carries.
     */
    Map<String, Object> publicObject(HubSpotObjectType type, HubSpotObject object, List<String> requested,
            List<String> withHistory) {
        Map<String, String> all = allProperties(type, object);
        Set<String> names = new LinkedHashSet<>(requested.isEmpty() ? type.defaultProperties() : requested);
        names.addAll(type.alwaysReturned());
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : names) {
            if (registry.find(type, name).isPresent()) {
                properties.put(name, all.get(name));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", String.valueOf(object.id()));
        result.put("properties", properties);
        if (!withHistory.isEmpty()) {
            Map<String, Object> histories = new LinkedHashMap<>();
            for (String name : withHistory) {
                List<HubSpotObject.PropertyVersion> versions = history(type, object, name);
                if (!versions.isEmpty()) {
                    histories.put(name, versions.stream().map(HubSpotJson::version).toList());
                }
            }
            result.put("propertiesWithHistory", histories);
        }
        result.put("createdAt", format(object.createdAt()));
        result.put("updatedAt", format(object.updatedAt()));
        result.put("archived", object.archived());
        object.archivedAt().ifPresent(at -> result.put("archivedAt", format(at)));
        return result;
    }

    /** A write's answer: every property the record holds plus the system ones. */
    Map<String, Object> writtenObject(HubSpotObjectType type, HubSpotObject object) {
        return publicObject(type, object, List.copyOf(object.properties().keySet()), List.of());
    }

    static Map<String, String> allProperties(HubSpotObjectType type, HubSpotObject object) {
        Map<String, String> all = new LinkedHashMap<>(object.properties());
        all.put(HubSpotObjectType.OBJECT_ID, String.valueOf(object.id()));
        all.put(type.createDateName(), format(object.createdAt()));
        all.put(type.lastModifiedName(), format(object.updatedAt()));
        return all;
    }

    /** System properties have a history too: their one value, set by HubSpot itself. */
    private static List<HubSpotObject.PropertyVersion> history(HubSpotObjectType type, HubSpotObject object,
            String name) {
        List<HubSpotObject.PropertyVersion> versions = object.history().get(name);
        if (versions != null) {
            return versions;
        }
        String value = allProperties(type, object).get(name);
        if (value != null && type.alwaysReturned().contains(name)) {
            return List.of(new HubSpotObject.PropertyVersion(value, object.createdAt(), "CRM_UI", null, null, null));
        }
        return List.of();
    }

    private static Map<String, Object> version(HubSpotObject.PropertyVersion v) {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("value", v.value());
        version.put("timestamp", format(v.timestamp()));
        version.put("sourceType", v.sourceType());
        if (v.sourceId() != null) {
            version.put("sourceId", v.sourceId());
        }
        if (v.sourceLabel() != null) {
            version.put("sourceLabel", v.sourceLabel());
        }
        if (v.updatedByUserId() != null) {
            version.put("updatedByUserId", v.updatedByUserId());
        }
        return version;
    }

    /** The body as a JSON object; anything else is HubSpot's 400. */
    static JsonNode readObject(SandboxRequest request) {
        JsonNode node = read(request);
        if (!node.isObject()) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: expected a JSON object."));
        }
        return node;
    }

    static JsonNode read(SandboxRequest request) {
        try {
            JsonNode node = MAPPER.readTree(request.body());
            if (node == null || node.isMissingNode()) {
                throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: the body is empty."));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON on line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: " + e.getMessage()));
        }
    }

    /** {"properties":{...}}: HubSpot takes numbers and booleans as their text; null means "clear". */
    static Map<String, String> propertiesOf(JsonNode body) {
        JsonNode properties = body.get("properties");
        if (properties == null || !properties.isObject()) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: \"properties\" must be an object."));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw new ResponseException(HubSpotErrors.validation(
                        "Invalid input JSON: the value of property " + field.getKey() + " must be a string."));
            }
            values.put(field.getKey(), value.isNull() ? "" : value.asText());
        }
        return values;
    }

    /** The "inputs" array of a batch body, at most {@code limit} long. */
    static JsonNode inputs(JsonNode body, int limit) {
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray()) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: \"inputs\" must be an array."));
        }
        if (inputs.size() > limit) {
            throw new ResponseException(HubSpotErrors.error(400, "VALIDATION_ERROR", "Batch input limit exceeded: "
                    + inputs.size() + " inputs given, at most " + limit + " allowed per request.",
                    Map.of("limit", List.of(String.valueOf(limit)))));
        }
        return inputs;
    }

    static List<String> stringList(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        }
        return values;
    }

    /** {@code properties=a,b} and {@code properties=a&properties=b} both work, as with HubSpot. */
    static List<String> listParam(SandboxRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (String value : request.queryParams(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    static boolean archivedParam(SandboxRequest request) {
        return request.queryParam("archived").map(Boolean::parseBoolean).orElse(false);
    }

    /** A {@code limit} parameter within 1..max (HubSpot answers 400 outside it). */
    static int limitParam(Optional<String> raw, int defaultLimit, int max) {
        if (raw.isEmpty()) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(raw.get().trim());
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ResponseException(HubSpotErrors.validation("limit must be between 1 and " + max + ", was " + raw.get()));
    }

    static Optional<Long> parseId(String id) {
        try {
            return Optional.of(Long.parseLong(id.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** ForwardPaging: {"next":{"after":…,"link":…}}. */
    static Map<String, Object> nextPage(String after, String link) {
        Map<String, Object> next = new LinkedHashMap<>();
        next.put("after", after);
        if (link != null) {
            next.put("link", link);
        }
        return Map.of("next", next);
    }
}
