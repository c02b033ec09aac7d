package io.crmsync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.budget.Breaker;
import io.crmsync.budget.Crm;
import io.crmsync.budget.CrmBreakers;
import io.crmsync.budget.RetryPolicy;
import io.crmsync.budget.TenantCalls;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crmhttp.CrmRetries;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.tenant.TenantSettings;

/**
 * A HubSpot outage as the worker lives it: the calls pass a door made of the real breakers and retries (as the REST
 * adapters' do), HubSpot answers 503 to everything for a while, and SQS redelivers what the worker re-queued. No
 * notice may be handed back (a receive spent toward the dead-letter queue) or quarantined, no call may reach HubSpot
 * while the breaker is open, and everything syncs once HubSpot is back.
 */
class SyncWorkerOutageTest {

    static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");
    static final String READ = "hubspot POST /crm/v3/objects/{objectType}/batch/read";

    final MutableClock clock = new MutableClock(T0);
    final TenantCalls tenants = new TenantCalls();
    final CrmBreakers breakers = new CrmBreakers(tenants, new Breaker.Settings(3, Duration.ofSeconds(30),
            Duration.ofMinutes(5)), clock);
    final CrmRetries retries = new CrmRetries(new RetryPolicy(2, Duration.ofMillis(200), Duration.ofSeconds(2),
            Duration.ofSeconds(5)), Optional.of(breakers), () -> 0.5, Optional::empty, clock, clock::advance);
    final InMemoryPorts.HubSpot hubSpot = new InMemoryPorts.HubSpot();
    final InMemoryPorts.Salesforce salesforce = new InMemoryPorts.Salesforce();
    final SyncWorkerTest.RecordingDisposition queue = new SyncWorkerTest.RecordingDisposition();
    final Map<String, String> suspended = new java.util.LinkedHashMap<>();
    boolean hubSpotDown;
    int callsSent;

    final TenantSuspensions suspensions = new TenantSuspensions() {
        @Override
        public void suspend(String tenantId, String reason, Instant at) {
            suspended.put(tenantId, reason);
        }

        @Override
        public void clear(String tenantId) {
            suspended.remove(tenantId);
        }

        @Override
        public Optional<Suspension> current(String tenantId) {
            return Optional.ofNullable(suspended.get(tenantId)).map(reason -> new Suspension(reason, T0));
        }
    };

    final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    final SyncWorker worker = new SyncWorker(json, new SyncEngine(new SyncEngine.Ports(new Door(hubSpot), salesforce,
            new InMemoryPorts.OwnerBook(), new InMemoryPorts.Lists(), new InMemoryPorts.Associations(),
            new InMemoryPorts.Links(), new InMemoryPorts.Audit(), new InMemoryPorts.Errors(),
            new InMemoryPorts.Waits()), (tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow(),
            tenant -> TenantSettings.defaults(), clock), Map::of, queue,
            new RetryBackoff(Duration.ofSeconds(30), Duration.ofMinutes(15), 0, () -> 0), 5,
            new SuspensionTracker(suspensions, clock, Duration.ofMinutes(5)), clock, tenants);

    @Test
    void duringAnOutageNoticesAreDeferredWithoutSpendingReceivesAndSyncOnceHubSpotIsBack() throws Exception {
        for (int i = 1; i <= 5; i++) {
            hubSpot.put(Integer.toString(i), Map.of("email", "c" + i + "@example.com", "lastname", "C" + i));
        }
        List<QueuedMessage> pending = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            pending.add(new QueuedMessage("m" + i, "rh", json.writeValueAsString(contact(Integer.toString(i))), 1, 0));
        }
        hubSpotDown = true;

        // The first call fails three times (one call, two retries): the breaker opens, the batch is deferred.
        pending = deliver(pending);
        assertThat(callsSent).isEqualTo(3);
        assertThat(pending).hasSize(5);
        assertThat(suspended).containsEntry("acme", "HubSpot unreachable");

        // SQS redelivers the copies; "2 hours" of outage, probing every cool-down (30 s, 60 s, ... up to 5 min).
        int probes = 0;
        Instant back = T0.plus(Duration.ofHours(2));
        while (clock.instant().isBefore(back)) {
            int before = callsSent;
            pending = deliver(pending);
            probes += callsSent - before;
            assertThat(pending).as("nothing dropped while HubSpot is down").hasSize(5);
        }
        // One probe per cool-down: 30+60+120+240 s, then every 5 minutes — about 25 in two hours, never more.
        assertThat(probes).isBetween(20, 30);

        hubSpotDown = false;
        for (int round = 0; round < 5 && !pending.isEmpty(); round++) {
            pending = deliver(pending);
        }

        assertThat(pending).isEmpty();
        assertThat(salesforce.written).extracting(RecordWrite::key).containsExactlyInAnyOrder("1", "2", "3", "4",
                "5");
        assertThat(queue.delayed).as("no message handed back: no receive spent toward the DLQ").isEmpty();
        assertThat(queue.quarantined).isEmpty();
        assertThat(suspended).isEmpty();
    }

    /**
     * One delivery of what is pending, as SQS makes it: the worker's answer must hand nothing back; the copies it
     * re-queued come back after their delay (the clock moves to the latest), as new messages.
     */
    private List<QueuedMessage> deliver(List<QueuedMessage> messages) {
        int deferredBefore = queue.deferred.size();
        assertThat(worker.handle(messages)).as("handed back").isEmpty();
        List<MessageDisposition.Deferral> deferred = queue.deferred.subList(deferredBefore, queue.deferred.size());
        deferred.stream().map(MessageDisposition.Deferral::delay).max(Duration::compareTo).ifPresent(clock::advance);
        return deferred.stream().map(d -> new QueuedMessage(d.messageId() + "'", "rh", d.body(), 1, d.deferrals()))
                .toList();
    }

    static ChangeNotice contact(String id) {
        return new ChangeNotice(1, "acme", ChangeNotice.SourceSystem.HUBSPOT, "contact", List.of(id),
                ChangeNotice.ChangeKind.UPDATED, T0, List.of(), null, Map.of());
    }

    /** HubSpot behind the one door: every read and write is a request the breaker admits and the retries resend. */
    final class Door implements HubSpotRecords {
        private final HubSpotRecords inside;

        Door(HubSpotRecords inside) {
            this.inside = inside;
        }

        private <T> T call(Supplier<T> work) {
            Response response;
            try {
                response = retries.send(Crm.HUBSPOT, RetryPolicy.Call.REPEATABLE, () -> {
                    try {
                        breakers.beforeCall(READ);
                    } catch (CrmUnavailableException refused) {
                        // As the REST client wraps what its filter throws.
                        throw new ProcessingException(refused);
                    }
                    callsSent++;
                    int status = hubSpotDown ? 503 : 200;
                    breakers.answered("acme", READ, status);
                    return Response.status(status).build();
                });
            } catch (ProcessingException e) {
                throw CrmUnavailableException.unreachable("HubSpot", e);
            }
            if (response.getStatus() != 200) {
                throw new CrmUnavailableException("HubSpot answered " + response.getStatus(), null);
            }
            return work.get();
        }

        @Override
        public Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties) {
            return call(() -> inside.read(tenantId, objectType, ids, properties));
        }

        @Override
        public Map<String, CrmRecord> readWithHistory(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties, Collection<String> withHistory) {
            return call(() -> inside.readWithHistory(tenantId, objectType, ids, properties, withHistory));
        }

        @Override
        public Map<String, CrmRecord> readContactsByEmail(String tenantId, Collection<String> emails,
                Collection<String> properties) {
            return call(() -> inside.readContactsByEmail(tenantId, emails, properties));
        }

        @Override
        public List<WriteResult> update(String tenantId, String objectType, List<RecordWrite> writes) {
            return call(() -> inside.update(tenantId, objectType, writes));
        }

        @Override
        public List<WriteResult> upsert(String tenantId, String objectType, String idProperty,
                List<RecordWrite> writes) {
            return call(() -> inside.upsert(tenantId, objectType, idProperty, writes));
        }

        @Override
        public void archive(String tenantId, String objectType, Collection<String> ids) {
            call(() -> {
                inside.archive(tenantId, objectType, ids);
                return null;
            });
        }
    }
}
