package io.crmsync.sandbox.http;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route path such as {@code /crm/v3/objects/{objectType}/{id}}: literal segments must match exactly,
 * {@code {name}} segments capture one (URL-decoded) path segment each.
 */
public final class PathPattern {

    private final String pattern;
    private final List<String> segments;

    private PathPattern(String pattern, List<String> segments) {
        this.pattern = pattern;
        this.segments = segments;
    }

    public static PathPattern of(String pattern) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("A path pattern starts with '/': " + pattern);
        }
        return new PathPattern(pattern, split(pattern));
    }

    public String pattern() {
        return pattern;
    }

    /** More literal segments win, so {@code /objects/{type}/batch} is tried before {@code /objects/{type}/{id}}. */
    int literalSegments() {
        return (int) segments.stream().filter(s -> !isParameter(s)).count();
    }

    /** The captured parameters when {@code rawPath} (still percent-encoded) matches. */
    Optional<Map<String, String>> match(String rawPath) {
        List<String> actual = split(rawPath);
        if (actual.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String expected = segments.get(i);
            String given = actual.get(i);
            if (isParameter(expected)) {
                if (given.isEmpty()) {
                    return Optional.empty();
                }
                params.put(expected.substring(1, expected.length() - 1), UrlCoding.decode(given));
            } else if (!expected.equals(given)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private static boolean isParameter(String segment) {
        return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
    }

    private static List<String> split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }

    @Override
    public String toString() {
        return pattern;
    }
}
