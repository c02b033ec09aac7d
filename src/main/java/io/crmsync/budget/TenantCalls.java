package io.crmsync.budget;

import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.tenant.TenantScope;

/**
 * Which tenant the CRM calls made on this thread are for, so the one door can charge them to its allocation.
 * A thread-bound value because REST client filters are created by the client and see only the HTTP request,
 * never the caller's arguments; the worker syncs one tenant's group at a time on its thread. Calls made outside
 * {@link #on} (intake, admin) are counted but charged to no one.
 */
@ApplicationScoped
public class TenantCalls implements TenantScope {

    private final ThreadLocal<String> current = new ThreadLocal<>();

    @Override
    public <T> T on(String tenantId, Supplier<T> work) {
        String outer = current.get();
        current.set(tenantId);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                current.remove();
            } else {
                current.set(outer);
            }
        }
    }

    public Optional<String> current() {
        return Optional.ofNullable(current.get());
    }
}
