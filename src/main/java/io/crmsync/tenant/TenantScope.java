package io.crmsync.tenant;

import java.util.function.Supplier;

/** Runs work on behalf of one tenant, so the CRM calls it makes are charged to that tenant's allocation. */
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
