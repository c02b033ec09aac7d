package io.crmsync.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.crmsync.tenant.CredentialStore;
import io.crmsync.connect.InMemoryCredentialStore;
import io.crmsync.tenant.TenantCredentials;
import io.crmsync.tenant.TenantCredentials.HubSpotGrant;
import io.crmsync.tenant.TenantCredentials.Method;
import io.crmsync.sandbox.http.MutableClock;

/** The cache in front of Secrets Manager, with a clock moved by hand and a source that counts its reads. */
class CachingCredentialStoreTest {

    static final Duration TTL = Duration.ofMinutes(5);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
    final CountingStore source = new CountingStore();
    final CachingCredentialStore cache = new CachingCredentialStore(source, clock, TTL);

    static TenantCredentials token(String accessToken) {
        return TenantCredentials.NONE.withHubSpot(new HubSpotGrant(Method.HUBSPOT_PRIVATE_APP, accessToken, null, null,
                62515, List.of()));
    }

    @Test
    void credentialsFoundAreServedFromMemoryForTheTtl() {
        source.inner.write("acme", token("first"));

        assertThat(cache.read("acme")).contains(token("first"));
        source.inner.write("acme", token("refreshed elsewhere"));
        clock.advance(TTL.minusSeconds(1));
        assertThat(cache.read("acme")).contains(token("first"));
        assertThat(source.reads.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.read("acme")).contains(token("refreshed elsewhere"));
        assertThat(source.reads.get()).isEqualTo(2);
    }

    /** A tenant connected through another function must not stay "not connected" here for the whole TTL. */
    /**
     * A connection started by the admin API must be found by the callback even if the callback's cache read the
     * tenant a moment before (the e2e connect flow failed so: HubSpot's callback, then Salesforce's within the TTL).
     */
    @Test
    void readCurrentAsksTheSourceAndKeepsWhatItFound() {
        source.inner.write("acme", token("before"));
        assertThat(cache.read("acme")).contains(token("before"));
        source.inner.write("acme", token("pending written elsewhere"));

        assertThat(cache.readCurrent("acme")).contains(token("pending written elsewhere"));
        assertThat(cache.read("acme")).contains(token("pending written elsewhere"));
        assertThat(source.reads.get()).isEqualTo(2);
    }

    @Test
    void noCredentialsIsRememberedThirtySecondsOnly() {
        assertThat(cache.read("acme")).isEmpty();
        source.inner.write("acme", token("connected elsewhere"));

        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.read("acme")).isEmpty();
        assertThat(source.reads.get()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.read("acme")).contains(token("connected elsewhere"));
        assertThat(source.reads.get()).isEqualTo(2);
    }

    @Test
    void aWriteThroughTheStoreIsReadBackAtOnceWithoutAskingTheSource() {
        source.inner.write("acme", token("old"));
        cache.read("acme");

        cache.write("acme", token("new"));

        assertThat(source.inner.read("acme")).contains(token("new"));
        assertThat(cache.read("acme")).contains(token("new"));
        assertThat(source.reads.get()).isEqualTo(1);
        clock.advance(TTL.minusSeconds(1));
        assertThat(cache.read("acme")).contains(token("new"));
        assertThat(source.reads.get()).isEqualTo(1);
    }

    @Test
    void aDeleteThroughTheStoreIsSeenAtOnce() {
        cache.write("acme", token("connected"));

        cache.delete("acme");

        assertThat(cache.read("acme")).isEmpty();
        assertThat(source.inner.read("acme")).isEmpty();
        assertThat(source.reads.get()).isEqualTo(1);
    }

    @Test
    void aFailedWriteLeavesNothingCachedForTheTenant() {
        source.inner.write("acme", token("old"));
        cache.read("acme");
        source.failWrites = true;

        assertThatThrownBy(() -> cache.write("acme", token("new"))).hasMessage("write failed");

        assertThat(cache.read("acme")).contains(token("old"));
        assertThat(source.reads.get()).isEqualTo(2);
    }

    @Test
    void aFailedReadIsNotRemembered() {
        source.failReads = true;
        assertThatThrownBy(() -> cache.read("acme")).hasMessage("read failed");

        source.failReads = false;
        source.inner.write("acme", token("t"));
        assertThat(cache.read("acme")).contains(token("t"));
        assertThat(source.reads.get()).isEqualTo(2);
    }

    /** What a read loaded before a write finished is older than the write: the write's value stays cached. */
    @Test
    void aReadRacingAWriteDoesNotCacheTheOlderValue() {
        source.inner.write("acme", token("old"));
        source.duringNextRead = tenant -> cache.write(tenant, token("new"));

        assertThat(cache.read("acme")).contains(token("old"));

        assertThat(cache.read("acme")).contains(token("new"));
        assertThat(source.reads.get()).isEqualTo(1);
    }

    @Test
    void tenantsAreCachedApart() {
        source.inner.write("acme", token("a"));
        source.inner.write("globex", token("g"));

        assertThat(cache.read("acme")).contains(token("a"));
        assertThat(cache.read("globex")).contains(token("g"));
        cache.delete("acme");
        assertThat(cache.read("globex")).contains(token("g"));
        assertThat(source.reads.get()).isEqualTo(2);
    }

    @Test
    void aZeroTtlCachesNothing() {
        CachingCredentialStore uncached = new CachingCredentialStore(source, clock, Duration.ZERO);
        uncached.write("acme", token("t"));

        uncached.read("acme");
        uncached.read("acme");
        uncached.read("nobody");
        uncached.read("nobody");

        assertThat(source.reads.get()).isEqualTo(4);
    }

    @Test
    void aTtlShorterThanThirtySecondsAlsoBoundsTheMiss() {
        CachingCredentialStore shortLived = new CachingCredentialStore(source, clock, Duration.ofSeconds(10));
        shortLived.read("acme");
        source.inner.write("acme", token("t"));

        clock.advance(Duration.ofSeconds(10));

        assertThat(shortLived.read("acme")).contains(token("t"));
    }

    @Test
    void aNegativeTtlIsRefused() {
        assertThatThrownBy(() -> new CachingCredentialStore(source, clock, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** An in-memory store that counts reads and fails on demand. */
    static final class CountingStore implements CredentialStore {
        final InMemoryCredentialStore inner = new InMemoryCredentialStore();
        final AtomicInteger reads = new AtomicInteger();
        boolean failReads;
        boolean failWrites;
        Consumer<String> duringNextRead;

        @Override
        public Optional<TenantCredentials> read(String tenantId) {
            reads.incrementAndGet();
            if (failReads) {
                throw new SecretStoreException("read failed");
            }
            Optional<TenantCredentials> found = inner.read(tenantId);
            if (duringNextRead != null) {
                Consumer<String> action = duringNextRead;
                duringNextRead = null;
                action.accept(tenantId);
            }
            return found;
        }

        @Override
        public void write(String tenantId, TenantCredentials credentials) {
            if (failWrites) {
                throw new SecretStoreException("write failed");
            }
            inner.write(tenantId, credentials);
        }

        @Override
        public void delete(String tenantId) {
            inner.delete(tenantId);
        }
    }
}
