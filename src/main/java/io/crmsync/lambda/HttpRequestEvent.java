package io.crmsync.lambda;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A Lambda Function URL / API Gateway HTTP API request, payload format 2.0.
 * Header names arrive lower-cased from AWS; {@link #header} looks them up case-insensitively anyway.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpRequestEvent(
        String version,
        String rawPath,
        String rawQueryString,
        Map<String, String> headers,
        String body,
        @JsonProperty("isBase64Encoded") boolean base64Encoded,
        RequestContext requestContext) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestContext(String domainName, String requestId, Http http, long timeEpoch) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Http(String method, String path, String sourceIp, String userAgent) {
    }

    public Optional<String> header(String name) {
        if (headers == null) {
            return Optional.empty();
        }
        String wanted = name.toLowerCase(Locale.ROOT);
        return headers.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().toLowerCase(Locale.ROOT).equals(wanted))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public String method() {
        return requestContext == null || requestContext.http() == null ? "" : requestContext.http().method();
    }

    /** The body as the caller sent it, decoding Base64 when AWS says it encoded it. */
    public byte[] bodyBytes() {
        if (body == null) {
            return new byte[0];
        }
        return base64Encoded ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /** The full URL as called: https://{domainName}{rawPath}[?{rawQueryString}]. */
    public String fullUrl() {
        String host = requestContext == null ? header("host").orElse("") : requestContext.domainName();
        String query = rawQueryString == null || rawQueryString.isEmpty() ? "" : "?" + rawQueryString;
        return "https://" + host + (rawPath == null ? "/" : rawPath) + query;
    }

    /**
     * The first value of a query parameter, URL-decoded; empty when absent, empty-valued or badly escaped (a
     * malformed query is the caller's mistake, answered like a missing value rather than with a 500).
     */
    public Optional<String> queryParameter(String name) {
        if (rawQueryString == null || rawQueryString.isEmpty()) {
            return Optional.empty();
        }
        for (String pair : rawQueryString.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name) && eq > 0 && eq < pair.length() - 1) {
                try {
                    return Optional.of(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException badEscape) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}
