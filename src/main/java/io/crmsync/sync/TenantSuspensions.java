package io.crmsync.sync;

import java.time.Instant;
import java.util.Optional;

/** Where a tenant's suspension is kept for the health view: set when its org refuses, removed when it syncs again. */
public interface TenantSuspensions {

    /** Marks the tenant suspended with HubSpot's reason name (the first time stamps since when). */
    void suspend(String tenantId, String reason, Instant at);

    /** Removes the tenant's suspension, if it has one. */
    void clear(String tenantId);

    /** A tenant's suspension: HubSpot's reason name and since when it has held. */
    record Suspension(String reason, Instant since) {
    }

    /** The tenant's suspension, if it has one (for the health view). */
    Optional<Suspension> current(String tenantId);
}
