package io.crmsync.ingest;

import io.crmsync.tenant.Tenant;

/**
 * Which tenants the doors serve: only those with both CRMs connected. A tenant with only a portal or only an org
 * has no grant to sync with on the other side, so its senders are answered exactly as those of no tenant, and
 * nothing is enqueued for it until it is connected.
 */
final class ServedTenants {

    private ServedTenants() {
    }

    static boolean served(Tenant tenant) {
        return tenant.hubSpotConnected() && tenant.salesforceConnected();
    }
}
