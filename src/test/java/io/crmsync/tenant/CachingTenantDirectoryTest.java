package io.crmsync.tenant;

import io.crmsync.sandbox.http.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class CachingTenantDirectoryTest {

    static final Tenant ACME = new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty());

    static class CountingDirectory implements TenantDirectory {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Optional<Tenant> byId(String tenantId) {
            reads.incrementAndGet();
            return "acme".equals(tenantId) ? Optional.of(ACME) : Optional.empty();
        }

        @Override
        public Optional<Tenant> byHubSpotPortal(long portalId) {
            reads.incrementAndGet();
            return portalId == 62515 ? Optional.of(ACME) : Optional.empty();
        }

        @Override
        public List<Tenant> tenantsOnOrg(String orgId) {
            reads.incrementAndGet();
            return Tenant.orgKey(orgId).equals("00D5g000004YzKx") ? List.of(ACME) : List.of();
        }

        @Override
        public java.util.List<Tenant> all() {
            reads.incrementAndGet();
            return java.util.List.of(ACME);
        }
    }

    @Test
    void answersFromMemoryUntilTheEntryExpiresAndAsksAgainForUnknowns() {
        CountingDirectory source = new CountingDirectory();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
        CachingTenantDirectory cache = new CachingTenantDirectory(source, Duration.ofSeconds(60), clock);

        for (int i = 0; i < 5; i++) {
            assertThat(cache.byHubSpotPortal(62515)).contains(ACME);
            assertThat(cache.byHubSpotPortal(1)).isEmpty();
            assertThat(cache.tenantsOnOrg("00D5g000004YzKxEAK")).containsExactly(ACME);
            assertThat(cache.tenantsOnOrg("00D5g000004YzKx")).containsExactly(ACME);
        }
        // The two known keys once each; the unknown portal on every ask.
        assertThat(source.reads).hasValue(2 + 5);

        clock.advance(java.time.Duration.ofSeconds(61));
        cache.byHubSpotPortal(62515);
        assertThat(source.reads).hasValue(8);
    }

    @Test
    void aTenantRegisteredRightAfterAStrayRequestForItsPortalIsFoundAtOnce() {
        java.util.Set<Long> registered = new java.util.HashSet<>();
        TenantDirectory source = new CountingDirectory() {
            @Override
            public Optional<Tenant> byHubSpotPortal(long portalId) {
                return registered.contains(portalId) ? Optional.of(ACME) : Optional.empty();
            }
        };
        MutableClock clock = new MutableClock(Instant.parse("2026-11-29T10:00:00Z"));
        CachingTenantDirectory cache = new CachingTenantDirectory(source, Duration.ofSeconds(60), clock);

        // A webhook arrives for a portal before its tenant is registered.
        assertThat(cache.byHubSpotPortal(62515)).isEmpty();
        registered.add(62515L);
        assertThat(cache.byHubSpotPortal(62515)).contains(ACME);
    }

    /** The Outbound Message door authenticates through the cache: it must ask the source, not the interface's default. */
    @Test
    void findsATenantByItsOutboundTokenHashAndRemembersOnlyATenantFound() {
        String hash = "ab".repeat(32);
        Tenant withToken = new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.of(hash));
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        TenantDirectory source = new CountingDirectory() {
            @Override
            public Optional<Tenant> byOutboundTokenSha256(String sha256Hex) {
                asked.incrementAndGet();
                return hash.equals(sha256Hex) ? Optional.of(withToken) : Optional.empty();
            }
        };
        CachingTenantDirectory cache = new CachingTenantDirectory(source, Duration.ofSeconds(60),
                new MutableClock(Instant.parse("2026-11-29T10:00:00Z")));

        for (int i = 0; i < 3; i++) {
            assertThat(cache.byOutboundTokenSha256(hash)).contains(withToken);
            assertThat(cache.byOutboundTokenSha256("cd".repeat(32))).isEmpty();
        }
        assertThat(asked).hasValue(1 + 3);
    }
}
