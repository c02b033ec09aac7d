package io.crmsync.cli;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One admin API request; {@code body} null for none. {@code secrets} are values the user passed (a token, a client
 * secret, a key) that are never printed: not by {@link #toString}, not in what the CLI echoes.
 */
record ApiRequest(String method, String path, String contentType, String body, String accept, List<String> secrets) {

    static final String JSON_TYPE = "application/json";
    static final String YAML_TYPE = "application/yaml";

    ApiRequest {
        secrets = List.copyOf(secrets);
    }

    ApiRequest(String method, String path, String contentType, String body, String accept) {
        this(method, path, contentType, body, accept, List.of());
    }

    static ApiRequest get(String path) {
        return new ApiRequest("GET", path, null, null, JSON_TYPE);
    }

    static ApiRequest json(String method, String path, JsonNode body) {
        return json(method, path, body, List.of());
    }

    static ApiRequest json(String method, String path, JsonNode body, List<String> secrets) {
        return new ApiRequest(method, path, JSON_TYPE, body == null ? null : body.toString(), JSON_TYPE, secrets);
    }

    /** Without the body, which may hold a secret. */
    @Override
    public String toString() {
        return method + " " + path + (body == null ? "" : " (" + contentType + ", " + body.length() + " chars)");
    }
}
