package io.crmsync.tenant;

import java.util.List;

/**
 * The admin's side of the tenants: every tenant created, connected or not, and creating a new one. Apart from
 * {@link TenantDirectory} (which resolves senders and feeds scheduled work) so the lookups' implementations
 * need not know about creation, and so creation never goes through the lookups' cache.
 */
public interface TenantRegistry {

    /** Every tenant created, including those whose CRMs are not connected yet, ordered by id. */
    List<Tenant> registered();

    /**
     * Creates the tenant unless one with its id exists.
     *
     * @return false, changing nothing, when the id is taken
     */
    boolean createIfAbsent(Tenant tenant);
}
