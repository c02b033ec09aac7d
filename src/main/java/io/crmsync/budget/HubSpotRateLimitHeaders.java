package io.crmsync.budget;

import java.util.Optional;
import java.util.function.Function;

/**
 * HubSpot's {@code X-HubSpot-RateLimit-Daily} and {@code -Daily-Remaining} response headers: the account's daily
 * limit and what is left of it today. HubSpot sends them with private-app calls only (not OAuth-authorised calls,
 * not search responses), so their absence is normal.
 */
public record HubSpotRateLimitHeaders(long daily, long dailyRemaining) {

    public static final String DAILY = "X-HubSpot-RateLimit-Daily";
    public static final String DAILY_REMAINING = "X-HubSpot-RateLimit-Daily-Remaining";

    /** Both header values, as received; empty unless both are present and numeric. */
    public static Optional<HubSpotRateLimitHeaders> parse(String daily, String dailyRemaining) {
        try {
            if (daily == null || dailyRemaining == null) {
                return Optional.empty();
            }
            long limit = Long.parseLong(daily.trim());
            long remaining = Long.parseLong(dailyRemaining.trim());
            return limit < 0 || remaining < 0 ? Optional.empty()
                    : Optional.of(new HubSpotRateLimitHeaders(limit, remaining));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** From a response's header lookup, e.g. {@code HubSpotRateLimitHeaders.parse(response::getHeaderString)}. */
    public static Optional<HubSpotRateLimitHeaders> parse(Function<String, String> header) {
        return parse(header.apply(DAILY), header.apply(DAILY_REMAINING));
    }

    /** Calls the account used today, as {@link Ledger#observe} takes them. */
    public long used() {
        return Math.max(0, daily - dailyRemaining);
    }
}
