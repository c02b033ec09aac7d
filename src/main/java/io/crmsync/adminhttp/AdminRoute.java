package io.crmsync.adminhttp;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.crmsync.lambda.HttpRequestEvent;

/**
 * One route of the admin API: an HTTP method and a path template whose {@code {name}} segments are parameters,
 * spelled as in the OpenAPI document ({@code /tenants/{id}/settings}). Each group's table of routes is what the
 * router dispatches on and what the OpenAPI test compares with the document, so the two cannot drift.
 */
public record AdminRoute(String method, String template) {

    public AdminRoute {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(template, "template");
        if (!method.equals(method.toUpperCase(Locale.ROOT)) || !template.startsWith("/")) {
            throw new IllegalArgumentException("a route is an upper-case method and a path starting with /: "
                    + method + " " + template);
        }
    }

    public static AdminRoute of(String method, String template) {
        return new AdminRoute(method, template);
    }

    /** A route that fits a request, with the path parameters it took from the path. */
    public record Match(AdminRoute route, Map<String, String> parameters) {

        public Match {
            parameters = Map.copyOf(parameters);
        }

        public String parameter(String name) {
            String value = parameters.get(name);
            if (value == null) {
                throw new IllegalArgumentException(route + " has no parameter " + name);
            }
            return value;
        }
    }

    /** The route among {@code routes} for the request's method and path. */
    public static Optional<Match> find(List<AdminRoute> routes, HttpRequestEvent request) {
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        String path = pathOf(request);
        for (AdminRoute route : routes) {
            if (route.method.equals(method)) {
                Optional<Map<String, String>> parameters = route.parameters(path);
                if (parameters.isPresent()) {
                    return Optional.of(new Match(route, parameters.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** The path parameters when {@code path} fits the template (a trailing slash is ignored). */
    public Optional<Map<String, String>> parameters(String path) {
        String[] expected = segments(template);
        String[] actual = segments(path);
        if (expected.length != actual.length) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < expected.length; i++) {
            if (expected[i].startsWith("{") && expected[i].endsWith("}")) {
                String value = URLDecoder.decode(actual[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected[i].substring(1, expected[i].length() - 1), value);
            } else if (!expected[i].equals(actual[i])) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** The request's path as the Function URL received it. */
    static String pathOf(HttpRequestEvent request) {
        if (request.rawPath() != null && !request.rawPath().isEmpty()) {
            return request.rawPath();
        }
        return request.requestContext() == null || request.requestContext().http() == null
                || request.requestContext().http().path() == null ? "/" : request.requestContext().http().path();
    }

    private static String[] segments(String path) {
        String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return trimmed.equals("/") ? new String[0] : trimmed.substring(1).split("/", -1);
    }

    @Override
    public String toString() {
        return method + " " + template;
    }
}
