package io.crmsync.crmhttp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import io.crmsync.budget.Crm;
import io.crmsync.budget.CrmBreakers;
import io.crmsync.budget.RetryPolicy;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.SyncPausedException;

/**
 * Sends a CRM request again, a bounded number of times, when it failed in a way that passes in a moment
 * ({@link RetryPolicy}). Each attempt is a real request through {@link CrmCallFilter}: reserved in the budget,
 * counted, and asked of the breaker, so a breaker that opens mid-call ends the retries. The last failure is the
 * call's, as without retries — except that when it left the CRM's breaker open, the caller gets the pause instead,
 * so its work is deferred rather than handed back. A request the filter refused (budget, breaker) is never resent.
 *
 * <p>Written out rather than with SmallRye Fault Tolerance's {@code Guard}: the wait depends on the CRM's answer
 * (Retry-After, read off a {@link Response} that is not an exception), on the invocation's deadline, and on what
 * the call does and how it failed (a create only when the request did nothing); its breaker would be one state per
 * guard, where crmsync needs one per tenant and CRM, shared with the budget's pause path.
 */
public final class CrmRetries {

    private static final Logger LOG = Logger.getLogger(CrmRetries.class);

    /** Waits; a test passes one that records instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration wait) throws InterruptedException;
    }

    private final RetryPolicy policy;
    private final Optional<CrmBreakers> breakers;
    private final DoubleSupplier random;
    private final Supplier<Optional<Instant>> latestEnd;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * @param random uniform in [0, 1); SecureRandom in the functions (a seeded Random would be in the SnapStart
     *        snapshot and jitter alike everywhere)
     * @param latestEnd when the current invocation must stop starting work (its deadline less the margin), if any
     */
    public CrmRetries(RetryPolicy policy, Optional<CrmBreakers> breakers, DoubleSupplier random,
            Supplier<Optional<Instant>> latestEnd, Clock clock, Sleeper sleeper) {
        this.policy = policy;
        this.breakers = breakers;
        this.random = random;
        this.latestEnd = latestEnd;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Sends {@code attempt} until it is answered, or fails in a way not to retry, or the retries are spent.
     *
     * @return the last answer (the caller reads its status as before)
     * @throws ProcessingException the last attempt's, when no attempt was answered
     * @throws io.crmsync.crm.SyncPausedException when the failures opened the CRM's breaker for the tenant
     */
    public Response send(Crm crm, RetryPolicy.Call call, Supplier<Response> attempt) {
        for (int retry = 1;; retry++) {
            Response response;
            try {
                response = attempt.get();
            } catch (ProcessingException e) {
                if (raisedByTheDoor(e)) {
                    throw e;
                }
                breakers.ifPresent(b -> b.failed(crm));
                RetryPolicy.Failure failure = notSent(e) ? RetryPolicy.Failure.NOT_SENT : RetryPolicy.Failure.NO_ANSWER;
                Optional<SyncPausedException> pause = breakers.flatMap(b -> b.pauseIfOpen(crm));
                if (pause.isPresent()) {
                    throw pause.get();
                }
                Optional<Duration> wait = waitBefore(retry, call, failure, Optional.empty());
                if (wait.isEmpty() || !slept(crm, wait.get(), failure.name())) {
                    throw e;
                }
                continue;
            }
            Optional<RetryPolicy.Failure> failure = RetryPolicy.failureOf(response.getStatus());
            if (failure.isEmpty()) {
                return response;
            }
            // Opened by this failure (or meanwhile by another caller's): no retry can pass, the work waits instead.
            Optional<SyncPausedException> pause = breakers.flatMap(b -> b.pauseIfOpen(crm));
            if (pause.isPresent()) {
                response.close();
                throw pause.get();
            }
            Optional<Duration> wait = waitBefore(retry, call, failure.get(),
                    Optional.ofNullable(response.getHeaderString("Retry-After")));
            if (wait.isEmpty()) {
                return response;
            }
            response.close();
            if (!slept(crm, wait.get(), Integer.toString(response.getStatus()))) {
                // Interrupted: the caller sees the failure it would have seen without retries.
                return Response.status(response.getStatus()).build();
            }
        }
    }

    private Optional<Duration> waitBefore(int retry, RetryPolicy.Call call, RetryPolicy.Failure failure,
            Optional<String> retryAfter) {
        if (!policy.mayRetry(call, failure)) {
            return Optional.empty();
        }
        return policy.delayBefore(retry, retryAfter.flatMap(RetryPolicy::retryAfter), random.getAsDouble(),
                clock.instant(), latestEnd.get());
    }

    /** Waits before a retry; false when interrupted (the call then gives up with its failure). */
    private boolean slept(Crm crm, Duration wait, String why) {
        LOG.debugf("%s answered %s; retrying in %d ms", crm, why, wait.toMillis());
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The filter refused the request (the budget's or the breaker's pause): it was never sent. */
    private static boolean raisedByTheDoor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CrmUnavailableException) {
                return true;
            }
        }
        return false;
    }

    /** No connection was made (refused, or timed out connecting): the CRM never saw the request. */
    private static boolean notSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }
}
