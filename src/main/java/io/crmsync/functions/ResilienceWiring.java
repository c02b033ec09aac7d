package io.crmsync.functions;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.budget.Breaker;
import io.crmsync.budget.CrmBreakers;
import io.crmsync.budget.RetryPolicy;
import io.crmsync.budget.TenantCalls;
import io.crmsync.crmhttp.CrmRetries;

/**
 * The CRM calls' breakers (one per tenant and CRM, in this instance) and in-call retries, from
 * {@code crmsync.breaker.*} and {@code crmsync.retry.*}. Singletons, not client proxies: the call filter looks the
 * breakers up on every request.
 */
@ApplicationScoped
public class ResilienceWiring {

    @Produces
    @Singleton
    CrmBreakers breakers(TenantCalls tenants,
            @ConfigProperty(name = "crmsync.breaker.failure-threshold") int threshold,
            @ConfigProperty(name = "crmsync.breaker.cool-down") Duration coolDown,
            @ConfigProperty(name = "crmsync.breaker.max-cool-down") Duration maxCoolDown) {
        return new CrmBreakers(tenants, new Breaker.Settings(threshold, coolDown, maxCoolDown), Clock.systemUTC());
    }

    @Produces
    @Singleton
    CrmRetries retries(CrmBreakers breakers, InvocationDeadlines deadlines,
            @ConfigProperty(name = "crmsync.retry.max-retries") int maxRetries,
            @ConfigProperty(name = "crmsync.retry.base-delay") Duration base,
            @ConfigProperty(name = "crmsync.retry.max-delay") Duration maxDelay,
            @ConfigProperty(name = "crmsync.retry.max-retry-after") Duration maxRetryAfter,
            @ConfigProperty(name = "crmsync.worker.stop-margin") Duration stopMargin) {
        java.security.SecureRandom random = new java.security.SecureRandom();
        // A retry's wait ends before the worker stops starting work, so it never eats the re-queueing's margin.
        return new CrmRetries(new RetryPolicy(maxRetries, base, maxDelay, maxRetryAfter), Optional.of(breakers),
                random::nextDouble, () -> deadlines.current().map(at -> at.minus(stopMargin)), Clock.systemUTC(),
                wait -> Thread.sleep(wait.toMillis()));
    }
}
