package io.crmsync.sandbox.hubspot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.HubSpotErrors.RateLimitPolicy;

/**
 * HubSpot's API limits for one private app in one account: a rolling burst window per app (default 190 calls
 * per 10 s), a daily count per account (default 625,000, reset at midnight UTC here; HubSpot uses the
 * account's time zone), and the search API's own 5 requests per second, which is outside the burst window
 * and answers without rate-limit headers. Refused calls use up nothing. Time comes from the injected clock.
 */
public final class RateLimits {

    /**
     * @param burstMax        calls per app within one {@code burstInterval}
     * @param dailyMax        calls per account per day
     * @param searchPerSecond search requests per account per second
     */
    public record Settings(int burstMax, Duration burstInterval, long dailyMax, int searchPerSecond) {

        /** HubSpot Professional / Enterprise private app. */
        public static Settings hubSpotDefaults() {
            return new Settings(190, Duration.ofSeconds(10), 625_000, 5);
        }

        public Settings {
            if (burstMax < 1 || dailyMax < 1 || searchPerSecond < 1 || burstInterval.isNegative() || burstInterval.isZero()) {
                throw new IllegalArgumentException("Rate limits must be positive: " + burstMax + "/" + burstInterval
                        + ", " + dailyMax + "/day, " + searchPerSecond + "/s");
            }
        }
    }

    private record Decision(RateLimitPolicy refusedBy, long dailyRemaining, int burstRemaining) {
    }

    private final Settings settings;
    private final Clock clock;
    private final Deque<Instant> burst = new ArrayDeque<>();
    private final Deque<Instant> searches = new ArrayDeque<>();
    private LocalDate day;
    private long usedToday;

    RateLimits(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Metering for ordinary API endpoints: counts, refuses with 429 and adds the limit headers. */
    Handler.Filter forApi() {
        return (request, next) -> {
            Decision decision = admit(false);
            SandboxResponse response = decision.refusedBy() != null ? HubSpotErrors.rateLimited(decision.refusedBy())
                    : answer(request, next);
            return withHeaders(response, decision);
        };
    }

    /** Metering for search: 5 per second, counted in the daily total, no headers. */
    Handler.Filter forSearch() {
        return (request, next) -> {
            Decision decision = admit(true);
            return decision.refusedBy() != null ? HubSpotErrors.rateLimited(decision.refusedBy()) : answer(request, next);
        };
    }

    synchronized void reset() {
        burst.clear();
        searches.clear();
        usedToday = 0;
        day = null;
    }

    private static SandboxResponse answer(SandboxRequest request, Handler next) throws Exception {
        try {
            return next.handle(request);
        } catch (ResponseException e) {
            return e.response();
        }
    }

    private synchronized Decision admit(boolean search) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            usedToday = 0;
        }
        Deque<Instant> window = search ? searches : burst;
        Duration length = search ? Duration.ofSeconds(1) : settings.burstInterval();
        while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(length))) {
            window.removeFirst();
        }
        int max = search ? settings.searchPerSecond() : settings.burstMax();
        RateLimitPolicy refused = null;
        if (usedToday >= settings.dailyMax()) {
            refused = RateLimitPolicy.DAILY;
        } else if (window.size() >= max) {
            refused = search ? RateLimitPolicy.SECONDLY : RateLimitPolicy.TEN_SECONDLY_ROLLING;
        } else {
            window.addLast(now);
            usedToday++;
        }
        return new Decision(refused, settings.dailyMax() - usedToday, settings.burstMax() - burst.size());
    }

    private SandboxResponse withHeaders(SandboxResponse response, Decision decision) {
        return response.withHeader("X-HubSpot-RateLimit-Daily", String.valueOf(settings.dailyMax()))
                .withHeader("X-HubSpot-RateLimit-Daily-Remaining", String.valueOf(decision.dailyRemaining()))
                .withHeader("X-HubSpot-RateLimit-Interval-Milliseconds", String.valueOf(settings.burstInterval().toMillis()))
                .withHeader("X-HubSpot-RateLimit-Max", String.valueOf(settings.burstMax()))
                .withHeader("X-HubSpot-RateLimit-Remaining", String.valueOf(decision.burstRemaining()));
    }
}
