package io.crmsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.sync.SalesforceRecords.UpsertResult;

/**
 * Plain in-memory implementations of the sync core's ports, for fast unit tests of the core's decisions. The
 * adapters behind the same ports are tested against the CRM sandboxes and the local AWS servers.
 */
final class InMemoryPorts {

    private InMemoryPorts() {
    }

    static final class HubSpot implements HubSpotRecords {
        final Map<String, CrmRecord> records = new LinkedHashMap<>();
        int readCalls;
        boolean unavailable;

        void put(String id, Map<String, String> properties) {
            records.put(id, new CrmRecord(id, properties, Instant.parse("2026-11-29T09:00:00Z")));
        }

        @Override
        public Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties) {
            readCalls++;
            if (unavailable) {
                throw new CrmUnavailableException("HubSpot answered 429 (test)", null);
            }
            Map<String, CrmRecord> found = new HashMap<>();
            ids.forEach(id -> Optional.ofNullable(records.get(id)).ifPresent(r -> found.put(id, r)));
            return found;
        }
    }

    static final class Salesforce implements SalesforceRecords {
        record Upsert(String sObject, String externalIdField, String externalId, Map<String, Object> fields) {
        }

        final List<Upsert> upserts = new ArrayList<>();
        final Map<String, String> idsByExternalId = new HashMap<>();
        final Map<String, UpsertResult> scripted = new HashMap<>();
        final Map<String, RuntimeException> failing = new HashMap<>();

        @Override
        public UpsertResult upsertByExternalId(String tenantId, String sObject, String externalIdField,
                String externalId, Map<String, Object> fields) {
            if (failing.containsKey(externalId)) {
                throw failing.get(externalId);
            }
            upserts.add(new Upsert(sObject, externalIdField, externalId, new HashMap<>(fields)));
            if (scripted.containsKey(externalId)) {
                return scripted.get(externalId);
            }
            boolean created = !idsByExternalId.containsKey(externalId);
            String id = idsByExternalId.computeIfAbsent(externalId, x -> "00Q" + String.format("%015d", idsByExternalId.size() + 1));
            return new UpsertResult.Written(id, created);
        }
    }

    static final class Links implements LinkStore {
        final Map<String, Link> byHubSpotId = new ConcurrentHashMap<>();

        @Override
        public Map<String, Link> findByHubSpotIds(String tenantId, String hubSpotObject, Collection<String> ids) {
            Map<String, Link> found = new HashMap<>();
            ids.forEach(id -> Optional.ofNullable(byHubSpotId.get(tenantId + "|" + hubSpotObject + "|" + id))
                    .ifPresent(l -> found.put(id, l)));
            return found;
        }

        @Override
        public Optional<Link> findBySalesforceId(String tenantId, String salesforceObject, String salesforceId) {
            return byHubSpotId.values().stream().filter(l -> l.tenantId().equals(tenantId)
                    && l.salesforceObject().equals(salesforceObject) && salesforceId.equals(l.salesforceId()))
                    .findFirst();
        }

        @Override
        public void save(Link link) {
            byHubSpotId.put(link.tenantId() + "|" + link.hubSpotObject() + "|" + link.hubSpotId(), link);
        }
    }
}
