package io.crmsync.budget;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.crmsync.crm.SyncPausedException;

/**
 * The budget side of the one door: before a CRM call for a tenant, its weight is reserved in the ledger (so
 * concurrent workers can never overshoot the allocation); a denied reservation pauses the tenant's sync until
 * the window has room. After a call, the CRM's own usage headers may tighten the budget — read at most every
 * few minutes per tenant and CRM (or at once when the org is nearly out), since each observation is a write.
 */
// Kept by quarkus.arc.unremovable-types (application.properties): the REST clients' call filter looks it up
// through CDI.current(), which Quarkus's unused-bean removal cannot see.
@ApplicationScoped
public class BudgetGate {

    private static final Logger LOG = Logger.getLogger(BudgetGate.class);
    static final Duration OBSERVE_EVERY = Duration.ofMinutes(5);
    /** Below this share of the org's limit left, every header is recorded. */
    static final double NEARLY_OUT = 0.10;

    private final Ledger ledger;
    private final TenantCalls tenants;
    private final Clock clock;
    private final Map<String, Instant> lastObserved = new ConcurrentHashMap<>();

    @Inject
    public BudgetGate(Ledger ledger, TenantCalls tenants) {
        this(ledger, tenants, Clock.systemUTC());
    }

    public BudgetGate(Ledger ledger, TenantCalls tenants, Clock clock) {
        this.ledger = ledger;
        this.tenants = tenants;
        this.clock = clock;
    }

    /**
     * Reserves the call for the current tenant, if any.
     *
     * @throws SyncPausedException when the tenant's allocation has no room for it now
     */
    public void beforeCall(String endpointKey) {
        Optional<String> tenant = tenants.current();
        int weight = Weights.CRM_RULES.weightOf(endpointKey);
        if (tenant.isEmpty() || weight == 0) {
            return;
        }
        Crm crm = crmOf(endpointKey);
        Reservation reservation = ledger.reserve(tenant.get(), crm, weight, clock.instant());
        if (reservation instanceof Reservation.Denied denied) {
            throw new SyncPausedException("tenant " + tenant.get() + ": " + crm + " allocation reached ("
                    + denied.reason() + ")", denied.retryAt(), Optional.empty());
        }
    }

    /** Records what the CRM says of the org's usage, when it is worth a write (see the class comment). */
    public void afterCall(String endpointKey, long orgUsed, long orgLimit) {
        afterCall(tenants.current(), endpointKey, orgUsed, orgLimit);
    }

    /**
     * As {@link #afterCall(String, long, long)} for the tenant that made the call: a REST client may read the
     * answer on its I/O thread, where the calling thread's tenant is not known, so the caller names it.
     */
    public void afterCall(Optional<String> tenant, String endpointKey, long orgUsed, long orgLimit) {
        if (tenant.isEmpty() || orgLimit <= 0) {
            return;
        }
        Crm crm = crmOf(endpointKey);
        Instant now = clock.instant();
        String key = tenant.get() + "|" + crm;
        Instant last = lastObserved.get(key);
        boolean nearlyOut = orgLimit - orgUsed < orgLimit * NEARLY_OUT;
        if (nearlyOut || last == null || !now.isBefore(last.plus(OBSERVE_EVERY))) {
            try {
                ledger.observe(tenant.get(), crm, orgUsed, orgLimit, now);
                lastObserved.put(key, now);
            } catch (RuntimeException e) {
                // A correction that could not be written must not fail the call that already happened.
                LOG.warnf("tenant %s: could not record %s usage %d/%d: %s", tenant.get(), crm, orgUsed, orgLimit,
                        e.toString());
            }
        }
    }

    static Crm crmOf(String endpointKey) {
        return endpointKey.startsWith("salesforce ") ? Crm.SALESFORCE : Crm.HUBSPOT;
    }
}
