package io.crmsync.sync;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.tenant.Tenant;

/** Id-field claims in memory, with the Dynamo adapter's rule: a free or own claim is taken, another's refused. */
public final class MemoryIdentityFieldClaims implements IdentityFieldClaims {

    private final Map<String, String> holders = new ConcurrentHashMap<>();
    private int reads;

    private static String key(String orgId, Field field) {
        return Tenant.orgKey(orgId) + "#" + field.qualified().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public synchronized Map<Field, String> holders(String orgId, Collection<Field> fields) {
        reads++;
        Map<Field, String> found = new HashMap<>();
        fields.forEach(f -> {
            String holder = holders.get(key(orgId, f));
            if (holder != null) {
                found.put(f, holder);
            }
        });
        return found;
    }

    @Override
    public boolean claim(String tenantId, String orgId, Field field) {
        return holders.merge(key(orgId, field), tenantId, (held, wanted) -> held).equals(tenantId);
    }

    /** How many batched reads were made. */
    public synchronized int reads() {
        return reads;
    }
}
