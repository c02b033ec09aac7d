package io.crmsync.sandbox.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/** Maps (method, path) to a handler; the most literal pattern wins when several match. */
public final class Router {

    /** One registered endpoint. */
    public record Route(String method, PathPattern pattern, Handler handler) {
    }

    /** The outcome of routing: a route with its path parameters, or the methods the path allows. */
    public sealed interface Match {
        record Found(Route route, Map<String, String> pathParams) implements Match {
        }

        record MethodNotAllowed(Set<String> allowed) implements Match {
        }

        record NotFound() implements Match {
        }
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public Router add(String method, String pattern, Handler handler) {
        routes.add(new Route(method, PathPattern.of(pattern), handler));
        return this;
    }

    public Router get(String pattern, Handler handler) {
        return add("GET", pattern, handler);
    }

    public Router post(String pattern, Handler handler) {
        return add("POST", pattern, handler);
    }

    public Router patch(String pattern, Handler handler) {
        return add("PATCH", pattern, handler);
    }

    public Router put(String pattern, Handler handler) {
        return add("PUT", pattern, handler);
    }

    public Router delete(String pattern, Handler handler) {
        return add("DELETE", pattern, handler);
    }

    public Match match(String method, String rawPath) {
        List<Route> ordered = new ArrayList<>(routes);
        ordered.sort(Comparator.comparingInt((Route r) -> r.pattern().literalSegments()).reversed());
        Set<String> allowed = new TreeSet<>();
        for (Route route : ordered) {
            Optional<Map<String, String>> params = route.pattern().match(rawPath);
            if (params.isEmpty()) {
                continue;
            }
            if (route.method().equals(method)) {
                return new Match.Found(route, params.get());
            }
            allowed.add(route.method());
        }
        return allowed.isEmpty() ? new Match.NotFound() : new Match.MethodNotAllowed(allowed);
    }
}
