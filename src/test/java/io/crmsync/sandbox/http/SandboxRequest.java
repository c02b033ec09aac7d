package io.crmsync.sandbox.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One received request. Header names are kept lower-case; query and path values are decoded.
 *
 * @param route the matched pattern, e.g. {@code /crm/v3/objects/{objectType}/{id}}
 */
public record SandboxRequest(String method, String path, String route, Map<String, String> pathParams,
        Map<String, List<String>> queryParams, Map<String, List<String>> headers, byte[] body) {

    public SandboxRequest {
        pathParams = Map.copyOf(pathParams);
        queryParams = Map.copyOf(queryParams);
        headers = headers.entrySet().stream().collect(Collectors.toUnmodifiableMap(
                e -> e.getKey().toLowerCase(Locale.ROOT), e -> List.copyOf(e.getValue()), (a, b) -> a));
        body = body.clone();
    }

    /** "POST /crm/v3/objects/{objectType}/batch/read": the key the call counters use. */
    public String endpointKey() {
        return method + " " + route;
    }

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalArgumentException("The route " + route + " has no parameter " + name);
        }
        return value;
    }

    /** The first value of a query parameter. */
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public List<String> queryParams(String name) {
        return queryParams.getOrDefault(name, List.of());
    }

    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as an application/x-www-form-urlencoded form. */
    public Map<String, List<String>> formParams() {
        return UrlCoding.parseForm(bodyText());
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
