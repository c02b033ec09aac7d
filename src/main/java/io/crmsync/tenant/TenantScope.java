package io.crmsync.tenant;

import java.util.function.Supplier;

/**
 * Runs work on behalf of one tenant, so the CRM calls it makes use that tenant's own grants and are charged to its
 * allocation; a CRM call outside any tenant is refused.
 */
public interface TenantScope {

    /** For tests and tools that charge no allocation. */
    TenantScope NONE = new TenantScope() {
        @Override
        public <T> T on(String tenantId, Supplier<T> work) {
            return work.get();
        }
    };

    <T> T on(String tenantId, Supplier<T> work);
}
