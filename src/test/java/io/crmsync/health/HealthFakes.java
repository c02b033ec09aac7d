package io.crmsync.health;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.OrgObservation;
import io.crmsync.budget.Reservation;
import io.crmsync.budget.Usage;
import io.crmsync.budget.UsageHistory;
import io.crmsync.reconcile.ReconcileReports;
import io.crmsync.reconcile.Reconciler;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.sync.TenantSuspensions;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/** In-memory ports for the health read model's unit tests: they hold what a test puts in, and answer it back. */
final class HealthFakes {

    private HealthFakes() {
    }

    /** Hourly counts, allocation and observation as set; usage counts the hours given as the window. */
    static final class FakeLedger implements Ledger, UsageHistory {
        final Map<Crm, TreeMap<Instant, Long>> hours = new EnumMap<>(Crm.class);
        final Map<Crm, Allocation> allocations = new EnumMap<>(Crm.class);
        final Map<Crm, OrgObservation> observations = new EnumMap<>(Crm.class);
        final Map<Crm, Long> windowUsed = new EnumMap<>(Crm.class);

        void calls(Crm crm, Instant hour, long calls) {
            hours.computeIfAbsent(crm, c -> new TreeMap<>()).put(hour, calls);
        }

        /** Counts the calls in the window and in their hour, as the stored ledger does, within the allocation. */
        @Override
        public Reservation reserve(String tenantId, Crm crm, int calls, Instant now) {
            OptionalLong remaining = usage(tenantId, crm, now).remaining();
            if (remaining.isPresent() && remaining.getAsLong() < calls) {
                return new Reservation.Denied(now.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS),
                        "allocation spent (test)");
            }
            windowUsed.merge(crm, (long) calls, Long::sum);
            hours.computeIfAbsent(crm, c -> new TreeMap<>()).merge(now.truncatedTo(ChronoUnit.HOURS), (long) calls,
                    Long::sum);
            return new Reservation.Granted(remaining.isPresent() ? remaining.getAsLong() - calls : Long.MAX_VALUE);
        }

        @Override
        public void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now) {
            observations.put(crm, new OrgObservation(orgUsed, orgLimit, 0, now, "current"));
        }

        @Override
        public Usage usage(String tenantId, Crm crm, Instant now) {
            Optional<Allocation> allocation = allocation(tenantId, crm);
            OptionalLong orgLimit = observations.containsKey(crm) ? OptionalLong.of(observations.get(crm).orgLimit())
                    : OptionalLong.empty();
            OptionalLong allocated = allocation.isPresent() ? OptionalLong.of(allocation.get().callsPerDay(orgLimit))
                    : OptionalLong.empty();
            long used = windowUsed.getOrDefault(crm, 0L);
            return new Usage(crm, now, used, allocation, allocated,
                    allocated.isPresent() ? OptionalLong.of(Math.max(0, allocated.getAsLong() - used))
                            : OptionalLong.empty(),
                    new TreeMap<>(), Optional.ofNullable(observations.get(crm)));
        }

        @Override
        public void setAllocation(String tenantId, Allocation allocation) {
            allocations.put(allocation.crm(), allocation);
        }

        @Override
        public Optional<Allocation> allocation(String tenantId, Crm crm) {
            return Optional.ofNullable(allocations.get(crm));
        }

        @Override
        public SortedMap<Instant, Long> callsPerHour(String tenantId, Crm crm, Instant from, Instant to) {
            TreeMap<Instant, Long> answer = new TreeMap<>();
            for (Instant hour = from; hour.isBefore(to); hour = hour.plusSeconds(3600)) {
                answer.put(hour, hours.getOrDefault(crm, new TreeMap<>()).getOrDefault(hour, 0L));
            }
            return answer;
        }

        @Override
        public Optional<OrgObservation> lastObservation(String tenantId, Crm crm) {
            return Optional.ofNullable(observations.get(crm));
        }
    }

    static final class Errors implements SyncErrorLog {
        final Map<String, SyncError> open = new LinkedHashMap<>();

        @Override
        public void record(List<SyncError> errors) {
            errors.forEach(e -> open.put(e.tenantId() + "|" + e.recordKey(), e));
        }

        @Override
        public void clear(String tenantId, Collection<String> recordKeys) {
            recordKeys.forEach(k -> open.remove(tenantId + "|" + k));
        }

        @Override
        public List<SyncError> open(String tenantId) {
            return open.values().stream().filter(e -> e.tenantId().equals(tenantId)).toList();
        }
    }

    static final class Suspensions implements TenantSuspensions {
        final Map<String, Suspension> byTenant = new HashMap<>();

        @Override
        public void suspend(String tenantId, String reason, Instant at) {
            byTenant.putIfAbsent(tenantId, new Suspension(reason, at));
        }

        @Override
        public void clear(String tenantId) {
            byTenant.remove(tenantId);
        }

        @Override
        public Optional<Suspension> current(String tenantId) {
            return Optional.ofNullable(byTenant.get(tenantId));
        }
    }

    static final class Reports implements ReconcileReports {
        final Map<String, Reconciler.TenantReport> byTenant = new HashMap<>();

        @Override
        public void save(Reconciler.TenantReport report) {
            byTenant.put(report.tenantId(), report);
        }

        @Override
        public Optional<Reconciler.TenantReport> last(String tenantId) {
            return Optional.ofNullable(byTenant.get(tenantId));
        }
    }

    static final class Tenants implements TenantDirectory {
        final Map<String, Tenant> byId = new LinkedHashMap<>();

        Tenants with(String id) {
            byId.put(id, new Tenant(id, 62515, "00D5g000004YzKxEAK", Optional.empty()));
            return this;
        }

        @Override
        public Optional<Tenant> byId(String tenantId) {
            return Optional.ofNullable(byId.get(tenantId));
        }

        @Override
        public Optional<Tenant> byHubSpotPortal(long portalId) {
            return byId.values().stream().filter(t -> t.hubSpotPortalId() == portalId).findFirst();
        }

        @Override
        public List<Tenant> tenantsOnOrg(String orgId) {
            return byId.values().stream().filter(t -> t.salesforceOrgId().equals(orgId)).toList();
        }

        @Override
        public List<Tenant> all() {
            return List.copyOf(byId.values());
        }
    }
}
