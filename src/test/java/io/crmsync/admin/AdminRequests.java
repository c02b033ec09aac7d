package io.crmsync.admin;

import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

/** Function URL requests (payload 2.0) for the admin routes' tests, and reading their JSON answers. */
final class AdminRequests {

    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    static final AdminHttp HTTP = new AdminHttp(JSON);

    private AdminRequests() {
    }

    static HttpRequestEvent request(String method, String path, String contentType, String body) {
        String rawPath = path;
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            rawPath = path.substring(0, q);
            query = path.substring(q + 1);
        }
        Map<String, String> headers = new HashMap<>();
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        return new HttpRequestEvent("2.0", rawPath, query, headers, body, false,
                new HttpRequestEvent.RequestContext("admin.lambda-url.us-east-1.on.aws", "req-1",
                        new HttpRequestEvent.Http(method, rawPath, "127.0.0.1", "test"), 0));
    }

    static HttpRequestEvent get(String path) {
        return request("GET", path, null, null);
    }

    static HttpRequestEvent json(String method, String path, String body) {
        return request(method, path, "application/json", body);
    }

    static HttpRequestEvent withHeader(HttpRequestEvent request, String name, String value) {
        Map<String, String> headers = new HashMap<>(request.headers());
        headers.put(name, value);
        return new HttpRequestEvent(request.version(), request.rawPath(), request.rawQueryString(), headers,
                request.body(), request.base64Encoded(), request.requestContext());
    }

    static JsonNode body(HttpResponseEvent response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    static java.util.List<String> errors(HttpResponseEvent response) {
        java.util.List<String> errors = new java.util.ArrayList<>();
        body(response).path("errors").forEach(e -> errors.add(e.asText()));
        return errors;
    }
}
