package io.crmsync.budget;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.jboss.logging.Logger;

import io.crmsync.crm.SyncPausedException;

/**
 * A {@link Breaker} per tenant and CRM, in this instance's memory: the one door asks it before each call of the
 * current tenant ({@link TenantCalls}) and tells it how each ended. While a CRM is down for a tenant, its calls are
 * refused before they are sent with a {@link SyncPausedException} — the pause the worker already turns into deferred
 * notices (no receive spent) and the reconciler into a stopped run — whose suspension name puts "HubSpot
 * unreachable" with its start on the health page. Each instance finds an outage by itself, after {@code threshold}
 * failed attempts.
 */
public final class CrmBreakers {

    private static final Logger LOG = Logger.getLogger(CrmBreakers.class);

    /** The suspension names the health page shows; fixed words, so the stored "since" keeps the first time. */
    public static String unreachable(Crm crm) {
        return (crm == Crm.HUBSPOT ? "HubSpot" : "Salesforce") + " unreachable";
    }

    private record Key(String tenantId, Crm crm) {
    }

    private final TenantCalls tenants;
    private final Breaker.Settings settings;
    private final Clock clock;
    private final Map<Key, Breaker> breakers = new ConcurrentHashMap<>();

    public CrmBreakers(TenantCalls tenants, Breaker.Settings settings, Clock clock) {
        this.tenants = tenants;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Before a call of the current tenant (none: not guarded) to the endpoint's CRM.
     *
     * @throws SyncPausedException while the CRM's breaker is open for the tenant, until when it may probe again
     */
    public void beforeCall(String endpointKey) {
        Optional<String> tenant = tenants.current();
        if (tenant.isEmpty()) {
            return;
        }
        Crm crm = BudgetGate.crmOf(endpointKey);
        Instant now = clock.instant();
        AtomicReference<Optional<Breaker.Refusal>> refused = new AtomicReference<>(Optional.empty());
        breakers.compute(new Key(tenant.get(), crm), (key, breaker) -> {
            Breaker.Admission admission = (breaker == null ? Breaker.CLOSED : breaker).admit(now, settings);
            refused.set(admission.refusal());
            return admission.next();
        });
        if (refused.get().isPresent()) {
            Breaker.Refusal refusal = refused.get().get();
            throw new SyncPausedException("tenant " + tenant.get() + ": " + unreachable(crm) + " since "
                    + refusal.since() + " (circuit breaker open until " + refusal.retryAt() + ")", refusal.retryAt(),
                    Optional.of(unreachable(crm)));
        }
    }

    /** The tenant the calls on this thread are for: the filter keeps it with the request for {@link #answered}. */
    public Optional<String> currentTenant() {
        return tenants.current();
    }

    /**
     * The CRM answered a call of {@code tenantId} with {@code status}. The tenant is passed, not read from the
     * thread: the REST client may run response filters on its I/O thread.
     */
    public void answered(String tenantId, String endpointKey, int status) {
        if (status == 429) {
            return;
        }
        Crm crm = BudgetGate.crmOf(endpointKey);
        if (status >= 500) {
            failed(tenantId, crm);
            return;
        }
        Breaker was = breakers.remove(new Key(tenantId, crm));
        if (was != null && was.tripped()) {
            LOG.infof("tenant %s: %s answers again; circuit breaker closed", tenantId, crm);
        }
    }

    /** A call of the current tenant to {@code crm} got no answer (timeout, refused or reset connection), or a 5xx. */
    public void failed(Crm crm) {
        tenants.current().ifPresent(t -> failed(t, crm));
    }

    private void failed(String tenantId, Crm crm) {
        Instant now = clock.instant();
        AtomicReference<Breaker> before = new AtomicReference<>();
        Breaker after = breakers.compute(new Key(tenantId, crm), (key, breaker) -> {
            before.set(breaker == null ? Breaker.CLOSED : breaker);
            return before.get().failed(now, settings);
        });
        if (after.phase() == Breaker.Phase.OPEN && before.get().phase() != Breaker.Phase.OPEN) {
            LOG.warnf("tenant %s: %s failed %d times in a row since %s; circuit breaker open until %s", tenantId, crm,
                    after.failures(), after.since(), after.until());
        }
    }

    /**
     * For a call of the current tenant that failed for good: when that failure left the CRM's breaker open, the
     * pause to raise instead, so the caller's work is deferred rather than retried.
     */
    public Optional<SyncPausedException> pauseIfOpen(Crm crm) {
        Optional<String> tenant = tenants.current();
        Breaker breaker = tenant.map(t -> breakers.get(new Key(t, crm))).orElse(null);
        if (breaker == null || breaker.phase() != Breaker.Phase.OPEN) {
            return Optional.empty();
        }
        return Optional.of(new SyncPausedException("tenant " + tenant.get() + ": " + unreachable(crm) + " since "
                + breaker.since() + " (circuit breaker opened, until " + breaker.until() + ")", breaker.until(),
                Optional.of(unreachable(crm))));
    }

    /** The tenant's breaker for {@code crm} as it stands (closed when none). */
    public Breaker state(String tenantId, Crm crm) {
        return breakers.getOrDefault(new Key(tenantId, crm), Breaker.CLOSED);
    }
}
