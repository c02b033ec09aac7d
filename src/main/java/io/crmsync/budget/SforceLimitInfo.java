package io.crmsync.budget;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce's {@code Sforce-Limit-Info} response header, e.g. {@code api-usage=10018/100000; api-bursts=1/750}:
 * the org's calls used in its rolling 24 hours, and its limit. Other parts ({@code api-bursts},
 * {@code per-app-api-usage}) are ignored.
 */
public record SforceLimitInfo(long used, long limit) {

    public static final String HEADER = "Sforce-Limit-Info";

    /** {@code api-usage=} at the start or after a separator, so {@code per-app-api-usage=} never matches. */
    private static final Pattern API_USAGE = Pattern.compile("(?:^|[;,]\\s*)api-usage=(\\d+)/(\\d+)");

    /** The {@code api-usage} of a header value; empty when the header is absent or has none. */
    public static Optional<SforceLimitInfo> parse(String headerValue) {
        if (headerValue == null) {
            return Optional.empty();
        }
        Matcher m = API_USAGE.matcher(headerValue.trim());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SforceLimitInfo(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty(); // digits beyond a long: not a header we can trust
        }
    }

    public long remaining() {
        return Math.max(0, limit - used);
    }
}
