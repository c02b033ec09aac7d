package io.crmsync.budget;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The few retries a CRM call gets inside the call when it fails in a way that passes in a moment: full jitter (a
 * random wait in 0..base·2^(n-1), capped), a CRM's Retry-After honoured when it is short (a longer one means the CRM
 * asks for more than a call should wait: the call gives up, and the breaker or the queue's backoff takes over), and
 * never a wait that would end past the invocation's deadline. Whether a failure may be retried depends on what the
 * call does: a read, an update or an upsert by external id lands the same however often it is sent; a create sent
 * twice may make two records, so it is retried only when the request certainly did nothing.
 *
 * @param maxRetries retries after the first attempt (0: none)
 * @param base the first retry's jitter ceiling, doubled per retry
 * @param maxDelay the jitter ceiling's cap
 * @param maxRetryAfter the longest Retry-After waited for
 */
public record RetryPolicy(int maxRetries, Duration base, Duration maxDelay, Duration maxRetryAfter) {

    /** No retry inside the call: the first failure is the call's. */
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    /** What a call does, as far as sending it again is concerned. */
    public enum Call {
        /** A read, an update, an upsert by external id, an association: the same result however often sent. */
        REPEATABLE,
        /** Makes new records: sent again after it may have been processed, it could make them twice. */
        CREATE
    }

    /** How an attempt failed. */
    public enum Failure {
        /** 429, 423 or 503: the CRM refused before doing anything. */
        REFUSED_UNPROCESSED,
        /** Another 5xx: the CRM may have done part of it. */
        FAILED,
        /** The connection was refused or timed out connecting: the request never reached the CRM. */
        NOT_SENT,
        /** No answer (read timeout, reset): the request may have been processed. */
        NO_ANSWER
    }

    /** The failure an HTTP status is, if it is one worth retrying. */
    public static Optional<Failure> failureOf(int status) {
        if (status == 429 || status == 423 || status == 503) {
            return Optional.of(Failure.REFUSED_UNPROCESSED);
        }
        return status >= 500 ? Optional.of(Failure.FAILED) : Optional.empty();
    }

    public boolean mayRetry(Call call, Failure failure) {
        return call == Call.REPEATABLE || failure == Failure.REFUSED_UNPROCESSED || failure == Failure.NOT_SENT;
    }

    /**
     * The wait before retry {@code retry} (1 for the first), or empty to give up.
     *
     * @param retryAfter the CRM's Retry-After, if it sent one
     * @param random uniform in [0, 1)
     * @param latestEnd the retry must be sent before this (the invocation's deadline less its margin), if any
     */
    public Optional<Duration> delayBefore(int retry, Optional<Duration> retryAfter, double random, Instant now,
            Optional<Instant> latestEnd) {
        if (retry > maxRetries) {
            return Optional.empty();
        }
        Duration wait;
        if (retryAfter.isPresent()) {
            if (retryAfter.get().compareTo(maxRetryAfter) > 0) {
                return Optional.empty();
            }
            wait = retryAfter.get();
        } else {
            long ceiling = Math.min(maxDelay.toMillis(), base.toMillis() << Math.min(30, retry - 1));
            wait = Duration.ofMillis((long) (random * ceiling));
        }
        if (latestEnd.isPresent() && now.plus(wait).isAfter(latestEnd.get())) {
            return Optional.empty();
        }
        return Optional.of(wait);
    }

    /**
     * Retry-After in seconds, as the CRMs send it; anything else (an HTTP date) reads as a day, so the call gives up
     * rather than guess.
     */
    public static Optional<Duration> retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException e) {
            return Optional.of(Duration.ofDays(1));
        }
    }
}
