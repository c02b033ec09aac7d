package io.crmsync.sandbox.hubspot;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When the sandbox sends a failed webhook POST (non-2xx, connection error, timeout) again. HubSpot "will attempt to
 * re-send failed notifications up to 10 times", "spread out over the next 24 hours, with varying delays" and
 * randomised: {@link #HUBSPOT}. The delay before the n-th resend is {@code firstDelay × 2^(n−1)}, at most
 * {@code maxDelay}, then moved by up to ± {@code jitter} of itself.
 */
public record WebhookRetries(int maxRetries, Duration firstDelay, Duration maxDelay, double jitter) {

    /** HubSpot's schedule: 10 resends, 1 min doubling to at most 8 h, ±20%: the last about 16.5 h after the first. */
    public static final WebhookRetries HUBSPOT = new WebhookRetries(10, Duration.ofMinutes(1), Duration.ofHours(8),
            0.2);

    public WebhookRetries {
        if (maxRetries < 0 || firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0 || jitter < 0
                || jitter >= 1) {
            throw new IllegalArgumentException("not a retry schedule: " + maxRetries + ", " + firstDelay + ", "
                    + maxDelay + ", " + jitter);
        }
    }

    /** The same wait before every resend (the sandbox's quick default for tests). */
    public static WebhookRetries constant(int maxRetries, Duration delay) {
        return new WebhookRetries(maxRetries, delay, delay, 0);
    }

    /** HubSpot's shape at a smaller scale: as {@link #HUBSPOT}, every delay divided by {@code factor}. */
    public static WebhookRetries hubSpotShortenedBy(long factor) {
        return new WebhookRetries(HUBSPOT.maxRetries(), HUBSPOT.firstDelay().dividedBy(factor),
                HUBSPOT.maxDelay().dividedBy(factor), HUBSPOT.jitter());
    }

    /** The wait before resend {@code retry} (1 for the first resend) without jitter. */
    public Duration nominalDelayBefore(int retry) {
        long millis = firstDelay.toMillis() << Math.min(30, Math.max(0, retry - 1));
        return Duration.ofMillis(Math.min(maxDelay.toMillis(), millis));
    }

    Duration delayBefore(int retry) {
        long nominal = nominalDelayBefore(retry).toMillis();
        long spread = (long) (nominal * jitter);
        return Duration.ofMillis(nominal + (spread == 0 ? 0 : ThreadLocalRandom.current().nextLong(-spread, spread + 1)));
    }
}
