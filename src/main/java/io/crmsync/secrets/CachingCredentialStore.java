package io.crmsync.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.TenantCredentials;

/**
 * Remembers what the source answered, so a warm function does not ask Secrets Manager before every CRM call
 * (it charges per call and allows about 10,000 calls a second per account). Credentials found live for
 * {@code hitTtl}; "no credentials" only for {@link #MISS_TTL} (never longer than {@code hitTtl}), so a tenant
 * connected through another function is seen soon. Writes and deletes made through this store take effect in it
 * at once; a token refreshed by another function is seen once its entry expires.
 */
public final class CachingCredentialStore implements CredentialStore {

    public static final Duration MISS_TTL = Duration.ofSeconds(30);
    /** Bounds memory; the cache is simply cleared when full. */
    static final int MAX_ENTRIES = 10_000;

    private final CredentialStore source;
    private final Clock clock;
    private final Duration hitTtl;
    private final Duration missTtl;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts writes and deletes: a read that loaded while one happened does not cache what it loaded. */
    private final AtomicLong changes = new AtomicLong();

    private record Entry(Optional<TenantCredentials> credentials, Instant expires) {
    }

    public CachingCredentialStore(CredentialStore source, Clock clock, Duration hitTtl) {
        if (hitTtl.isNegative()) {
            throw new IllegalArgumentException("cache TTL " + hitTtl + " is negative");
        }
        this.source = source;
        this.clock = clock;
        this.hitTtl = hitTtl;
        this.missTtl = MISS_TTL.compareTo(hitTtl) < 0 ? MISS_TTL : hitTtl;
    }

    @Override
    public Optional<TenantCredentials> read(String tenantId) {
        Instant now = clock.instant();
        Entry entry = entries.get(tenantId);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.credentials();
        }
        long changesBefore = changes.get();
        Optional<TenantCredentials> loaded = source.read(tenantId);
        Duration ttl = loaded.isPresent() ? hitTtl : missTtl;
        if (!ttl.isZero()) {
            Entry fresh = new Entry(loaded, now.plus(ttl));
            makeRoom();
            // Atomic with a write's update of the same tenant: what was loaded before a write is not kept after it.
            entries.compute(tenantId, (id, current) -> changes.get() == changesBefore ? fresh : current);
        }
        return loaded;
    }

    /** Reads the secret itself, and keeps what it read (as a read after a write would). */
    @Override
    public Optional<TenantCredentials> readCurrent(String tenantId) {
        forget(tenantId);
        return read(tenantId);
    }

    @Override
    public void write(String tenantId, TenantCredentials credentials) {
        forget(tenantId); // also when the write fails: what the secret holds then is unknown
        source.write(tenantId, credentials);
        makeRoom();
        entries.compute(tenantId, (id, current) -> {
            changes.incrementAndGet();
            return hitTtl.isZero() ? null : new Entry(Optional.of(credentials), clock.instant().plus(hitTtl));
        });
    }

    @Override
    public void delete(String tenantId) {
        forget(tenantId);
        source.delete(tenantId);
        forget(tenantId);
    }

    private void forget(String tenantId) {
        entries.compute(tenantId, (id, current) -> {
            changes.incrementAndGet();
            return null;
        });
    }

    private void makeRoom() {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
    }
}
