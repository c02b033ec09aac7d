package io.crmsync.crmhttp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import io.crmsync.budget.Breaker;
import io.crmsync.budget.Crm;
import io.crmsync.budget.CrmBreakers;
import io.crmsync.budget.RetryPolicy;
import io.crmsync.budget.TenantCalls;
import io.crmsync.crm.SyncPausedException;
import io.crmsync.sandbox.http.MutableClock;

/** Retries inside a CRM call, against a fake CRM that answers from a script. */
class CrmRetriesTest {

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final RetryPolicy POLICY = new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(5));
    static final String CALL = "hubspot POST /crm/v3/objects/{objectType}/batch/read";

    final MutableClock clock = new MutableClock(T0);
    final List<Duration> waits = new ArrayList<>();
    final TenantCalls tenants = new TenantCalls();
    final CrmBreakers breakers = new CrmBreakers(tenants, new Breaker.Settings(4, Duration.ofSeconds(30),
            Duration.ofMinutes(5)), clock);
    Optional<Instant> latestEnd = Optional.empty();

    final CrmRetries retries = new CrmRetries(POLICY, Optional.of(breakers), () -> 0.5, () -> latestEnd, clock,
            wait -> {
                waits.add(wait);
                clock.advance(wait);
            });

    /** A CRM answering each request with the next scripted answer; every request it sees is a call made. */
    final class FakeCrm implements Supplier<Response> {
        final Deque<Object> script = new ArrayDeque<>();
        int calls;

        FakeCrm(Object... answers) {
            script.addAll(List.of(answers));
        }

        @Override
        public Response get() {
            calls++;
            Object next = script.size() > 1 ? script.poll() : script.peek();
            if (next instanceof RuntimeException e) {
                throw e;
            }
            if (next instanceof Response r) {
                return r;
            }
            // As the REST client reports what happened on the wire: the breaker hears every answer.
            tenants.current().ifPresent(t -> breakers.answered(t, CALL, (Integer) next));
            return Response.status((Integer) next).build();
        }
    }

    @Test
    void twoServiceUnavailablesThenAnAnswerIsOneSuccessOfThreeCalls() {
        FakeCrm crm = new FakeCrm(503, 503, 200);

        Response answer = retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, crm);

        assertThat(answer.getStatus()).isEqualTo(200);
        assertThat(crm.calls).isEqualTo(3);
        // Full jitter: half of 200 ms, then half of 400 ms.
        assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    }

    @Test
    void theHappyPathIsOneCall() {
        FakeCrm crm = new FakeCrm(200);
        assertThat(retries.send(Crm.HUBSPOT, RetryPolicy.Call.CREATE, crm).getStatus()).isEqualTo(200);
        assertThat(crm.calls).isEqualTo(1);
        assertThat(waits).isEmpty();
    }

    @Test
    void aRefusalOfTheRequestIsNotRetried() {
        FakeCrm crm = new FakeCrm(400);
        assertThat(retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, crm).getStatus()).isEqualTo(400);
        assertThat(crm.calls).isEqualTo(1);
    }

    @Test
    void atMostTwoRetriesThenTheLastFailureIsTheCalls() {
        FakeCrm crm = new FakeCrm(502);
        assertThat(retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, crm).getStatus()).isEqualTo(502);
        assertThat(crm.calls).isEqualTo(3);
    }

    @Test
    void aShortRetryAfterIsWaitedAndALongOneGivesUp() {
        FakeCrm shortWait = new FakeCrm(Response.status(429).header("Retry-After", "3").build(), 200);
        assertThat(retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, shortWait).getStatus()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofSeconds(3));

        FakeCrm longWait = new FakeCrm(Response.status(429).header("Retry-After", "60").build(), 200);
        assertThat(retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, longWait).getStatus()).isEqualTo(429);
        assertThat(longWait.calls).isEqualTo(1);
    }

    @Test
    void aCreateIsResentOnlyWhenTheCrmCertainlyDidNothing() {
        FakeCrm unavailable = new FakeCrm(503, 200);
        assertThat(retries.send(Crm.SALESFORCE, RetryPolicy.Call.CREATE, unavailable).getStatus()).isEqualTo(200);
        assertThat(unavailable.calls).isEqualTo(2);

        FakeCrm refusedConnection = new FakeCrm(new ProcessingException(new ConnectException("Connection refused")),
                200);
        assertThat(retries.send(Crm.SALESFORCE, RetryPolicy.Call.CREATE, refusedConnection).getStatus())
                .isEqualTo(200);
        assertThat(refusedConnection.calls).isEqualTo(2);

        // A 500 or a timeout may come after the records were made: resending could make them twice.
        FakeCrm serverError = new FakeCrm(500, 200);
        assertThat(retries.send(Crm.SALESFORCE, RetryPolicy.Call.CREATE, serverError).getStatus()).isEqualTo(500);
        assertThat(serverError.calls).isEqualTo(1);
        FakeCrm timeout = new FakeCrm(new ProcessingException(new SocketTimeoutException("Read timed out")), 200);
        assertThatThrownBy(() -> retries.send(Crm.SALESFORCE, RetryPolicy.Call.CREATE, timeout))
                .isInstanceOf(ProcessingException.class);
        assertThat(timeout.calls).isEqualTo(1);

        FakeCrm readTimeout = new FakeCrm(new ProcessingException(new SocketTimeoutException("Read timed out")), 200);
        assertThat(retries.send(Crm.SALESFORCE, RetryPolicy.Call.REPEATABLE, readTimeout).getStatus())
                .isEqualTo(200);
    }

    @Test
    void noWaitEndsPastTheInvocationsDeadline() {
        latestEnd = Optional.of(T0.plusMillis(150));
        FakeCrm crm = new FakeCrm(503, 503, 200);

        assertThat(retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, crm).getStatus()).isEqualTo(503);
        // The first wait (100 ms) fits, the second (200 ms more) would end past the deadline.
        assertThat(crm.calls).isEqualTo(2);
    }

    @Test
    void failuresThatOpenTheBreakerEndInAPauseSoTheWorkIsDeferred() {
        FakeCrm down = new FakeCrm(503);
        tenants.on("t1", () -> retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, down).getStatus());
        assertThat(down.calls).isEqualTo(3);

        FakeCrm stillDown = new FakeCrm(503);
        assertThatThrownBy(() -> tenants.on("t1", () -> retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE,
                stillDown))).isInstanceOfSatisfying(SyncPausedException.class,
                        pause -> assertThat(pause.suspension()).contains("HubSpot unreachable"));
        // The fourth failure opened it: the retries stop there.
        assertThat(stillDown.calls).isEqualTo(1);
    }

    @Test
    void aRequestTheDoorRefusedIsNeverResent() {
        FakeCrm refused = new FakeCrm(new ProcessingException(new SyncPausedException("allocation reached",
                T0.plusSeconds(60), Optional.empty())), 200);
        assertThatThrownBy(() -> retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, refused))
                .isInstanceOf(ProcessingException.class);
        assertThat(refused.calls).isEqualTo(1);
    }
}
