package io.crmsync.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/** What the REST resources share: body parsing, record JSON, save results and the change origin. */
final class RestSupport {

    private static final Pattern CLIENT = Pattern.compile("(?:^|[;,\\s])client=([^;,\\s]+)");

    private final ObjectMapper json = new ObjectMapper();
    private final String apiVersion;
    /** The id of the user whose session made a request; null for the integration user. */
    private final java.util.function.Function<SandboxRequest, String> caller;

    RestSupport(String apiVersion) {
        this(apiVersion, request -> null);
    }

    RestSupport(String apiVersion, java.util.function.Function<SandboxRequest, String> caller) {
        this.apiVersion = apiVersion;
        this.caller = caller;
    }

    /** The user a write made by this request runs as (its session's user); null for the integration user. */
    String userId(SandboxRequest request) {
        return caller.apply(request);
    }

    ObjectMapper json() {
        return json;
    }

    /** The request body as a JSON tree, or JSON_PARSER_ERROR as Salesforce answers bad JSON. */
    JsonNode body(SandboxRequest request) {
        try {
            JsonNode node = json.readTree(request.body());
            if (node == null || node.isMissingNode()) {
                throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR", "No content to map due to end-of-input"));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR", e.getOriginalMessage() + " at [line:"
                    + e.getLocation().getLineNr() + ", column:" + e.getLocation().getColumnNr() + "]"));
        } catch (java.io.IOException e) {
            throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR", String.valueOf(e.getMessage())));
        }
    }

    /** The body as the fields of one record. */
    Map<String, Object> fields(SandboxRequest request) {
        return fields(body(request));
    }

    Map<String, Object> fields(JsonNode node) {
        if (!node.isObject()) {
            throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR",
                    "Cannot deserialize instance of SObject from " + node.getNodeType()));
        }
        return json.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    /** A record as REST returns it: attributes first, then the fields asked for. */
    Map<String, Object> withAttributes(SObjectSchema schema, Map<String, Object> record, List<String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attributes", Map.of("type", schema.name(), "url", recordUrl(schema, record.get("Id").toString())));
        fields.forEach(f -> body.put(f, record.get(f)));
        return body;
    }

    String recordUrl(SObjectSchema schema, String id) {
        return "/services/data/" + apiVersion + "/sobjects/" + schema.name() + "/" + id;
    }

    String apiVersion() {
        return apiVersion;
    }

    static Map<String, Object> saveResult(String id, Boolean created) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("success", true);
        body.put("errors", List.of());
        if (created != null) {
            body.put("created", created);
        }
        return body;
    }

    /** A failed SaveResult of sObject Collections; {@code id} is null for failed creates. */
    static Map<String, Object> failedResult(String id, SalesforceError error, boolean upsert) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (id != null) {
            body.put("id", id);
        }
        body.put("success", false);
        body.put("errors", List.of(error.toSaveResultJson()));
        if (upsert) {
            body.put("created", false);
        }
        return body;
    }

    /**
     * CDC's changeOrigin for a write made by this request: {@code com/salesforce/api/rest/62.0;client=crmsync}
     * where the client comes from the request's {@code Sforce-Call-Options}.
     */
    static String changeOrigin(SandboxRequest request) {
        String version = Optional.ofNullable(request.pathParams().get("version"))
                .orElseGet(() -> request.path().replaceFirst("^/services/data/([^/]+).*$", "$1")).replaceFirst("^v", "");
        Optional<String> client = request.header("Sforce-Call-Options").map(CLIENT::matcher).filter(Matcher::find)
                .map(m -> m.group(1));
        return "com/salesforce/api/rest/" + version + client.map(c -> ";client=" + c).orElse("");
    }
}
