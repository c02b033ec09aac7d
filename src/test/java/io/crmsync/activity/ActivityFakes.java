package io.crmsync.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.Reservation;
import io.crmsync.budget.Usage;
import io.crmsync.sync.CrmRecord;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.sync.HubSpotAssociations;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.RecordWrite;
import io.crmsync.sync.SalesforceRecords;
import io.crmsync.sync.WriteResult;

/**
 * In-memory CRMs and ledger for {@link ActivitySync}'s unit tests: records kept as written (strings), every write
 * counted, and an outage that can be switched on per port.
 */
final class ActivityFakes {

    private ActivityFakes() {
    }

    static CrmUnavailableException outage(String crm) {
        return new CrmUnavailableException(crm + " unreachable: 503 (test)", null);
    }

    private static Map<String, String> strings(Map<String, Object> fields) {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach((k, v) -> values.put(k, v == null ? null : v.toString()));
        return values;
    }

    /** Salesforce Tasks by Id; upserts by an external-ID field never create a second Task. */
    static final class Salesforce implements SalesforceRecords {
        final Map<String, Map<String, String>> tasks = new LinkedHashMap<>();
        final List<RecordWrite> upserts = new ArrayList<>();
        final List<RecordWrite> updates = new ArrayList<>();
        boolean down;
        private int nextId = 1;

        /** A Task as a user made it in Salesforce. */
        String task(Map<String, String> fields) {
            String id = String.format("00T%015d", nextId++);
            tasks.put(id, new LinkedHashMap<>(fields));
            return id;
        }

        @Override
        public List<CrmRecord> find(String tenantId, String sObject, Collection<String> fields, Collection<String> ids,
                String externalIdField, Collection<String> externalIds, Collection<String> emails) {
            if (down) {
                throw outage("Salesforce");
            }
            List<CrmRecord> found = new ArrayList<>();
            ids.stream().filter(tasks::containsKey).forEach(id -> {
                Map<String, String> properties = new HashMap<>();
                // As the CRMs answer: a field without a value is left out.
                fields.stream().filter(f -> tasks.get(id).get(f) != null)
                        .forEach(f -> properties.put(f, tasks.get(id).get(f)));
                properties.put("Id", id);
                found.add(new CrmRecord(id, properties, Instant.EPOCH));
            });
            return found;
        }

        @Override
        public List<CrmRecord> findWhere(String tenantId, String sObject, Collection<String> fields, String field,
                Collection<String> values) {
            throw new AssertionError("activity sync finds no records by a field");
        }

        @Override
        public List<WriteResult> upsert(String tenantId, String sObject, String externalIdField,
                List<RecordWrite> writes) {
            if (down) {
                throw outage("Salesforce");
            }
            List<WriteResult> results = new ArrayList<>();
            for (RecordWrite write : writes) {
                upserts.add(write);
                Optional<String> existing = tasks.entrySet().stream()
                        .filter(e -> write.key().equals(e.getValue().get(externalIdField)))
                        .map(Map.Entry::getKey).findFirst();
                String id = existing.orElseGet(() -> task(Map.of(externalIdField, write.key())));
                tasks.get(id).putAll(strings(write.fields()));
                results.add(new WriteResult.Written(write.key(), id, existing.isEmpty()));
            }
            return results;
        }

        @Override
        public List<WriteResult> update(String tenantId, String sObject, List<RecordWrite> writes) {
            if (down) {
                throw outage("Salesforce");
            }
            List<WriteResult> results = new ArrayList<>();
            for (RecordWrite write : writes) {
                updates.add(write);
                tasks.get(write.key()).putAll(strings(write.fields()));
                results.add(new WriteResult.Written(write.key(), write.key(), false));
            }
            return results;
        }

        @Override
        public List<WriteResult> create(String tenantId, String sObject, List<Map<String, Object>> records) {
            throw new AssertionError("activity sync creates by upsert only");
        }
    }

    /** HubSpot records per object type; upserts by a unique property never create a second record. */
    static final class HubSpot implements HubSpotRecords {
        final Map<String, Map<String, Map<String, String>>> byType = new HashMap<>();
        final List<RecordWrite> upserts = new ArrayList<>();
        boolean down;
        private long nextId = 9001;

        Map<String, Map<String, String>> records(String objectType) {
            return byType.computeIfAbsent(objectType, t -> new LinkedHashMap<>());
        }

        /** A record as a user made it in HubSpot; returns its id. */
        String create(String objectType, Map<String, String> properties) {
            String id = Long.toString(nextId++);
            records(objectType).put(id, new LinkedHashMap<>(properties));
            return id;
        }

        @Override
        public Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties) {
            if (down) {
                throw outage("HubSpot");
            }
            Map<String, CrmRecord> found = new HashMap<>();
            ids.stream().filter(records(objectType)::containsKey).forEach(id -> {
                Map<String, String> values = new HashMap<>();
                properties.stream().filter(p -> records(objectType).get(id).get(p) != null)
                        .forEach(p -> values.put(p, records(objectType).get(id).get(p)));
                found.put(id, new CrmRecord(id, values, Instant.EPOCH));
            });
            return found;
        }

        @Override
        public Map<String, CrmRecord> readWithHistory(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties, Collection<String> withHistory) {
            throw new AssertionError("activity sync reads no history");
        }

        @Override
        public Map<String, CrmRecord> readContactsByEmail(String tenantId, Collection<String> emails,
                Collection<String> properties) {
            throw new AssertionError("activity sync reads no contacts by email");
        }

        @Override
        public List<WriteResult> update(String tenantId, String objectType, List<RecordWrite> writes) {
            throw new AssertionError("activity sync writes HubSpot by upsert only");
        }

        @Override
        public List<WriteResult> upsert(String tenantId, String objectType, String idProperty,
                List<RecordWrite> writes) {
            if (down) {
                throw outage("HubSpot");
            }
            List<WriteResult> results = new ArrayList<>();
            for (RecordWrite write : writes) {
                upserts.add(write);
                Optional<String> existing = records(objectType).entrySet().stream()
                        .filter(e -> write.key().equals(e.getValue().get(idProperty)))
                        .map(Map.Entry::getKey).findFirst();
                String id = existing.orElseGet(() -> create(objectType, Map.of(idProperty, write.key())));
                records(objectType).get(id).putAll(strings(write.fields()));
                results.add(new WriteResult.Written(write.key(), id, existing.isEmpty()));
            }
            return results;
        }

        @Override
        public void archive(String tenantId, String objectType, Collection<String> ids) {
            throw new AssertionError("activity sync archives nothing");
        }
    }

    /** Associations as pairs {@code fromType|fromId → toType|toId}, in the order made. */
    static final class Associations implements HubSpotAssociations {
        final Map<String, List<String>> made = new LinkedHashMap<>();
        boolean down;

        void associate(String fromType, String fromId, String toType, String toId) {
            made.computeIfAbsent(fromType + "|" + fromId, k -> new ArrayList<>()).add(toType + "|" + toId);
        }

        List<String> of(String fromType, String fromId) {
            return made.getOrDefault(fromType + "|" + fromId, List.of());
        }

        @Override
        public Map<String, List<Associated>> read(String tenantId, String fromType, String toType,
                Collection<String> fromIds) {
            if (down) {
                throw outage("HubSpot");
            }
            Map<String, List<Associated>> found = new HashMap<>();
            for (String id : fromIds) {
                List<Associated> to = of(fromType, id).stream().filter(t -> t.startsWith(toType + "|"))
                        .map(t -> new Associated(t.substring(toType.length() + 1), false)).toList();
                if (!to.isEmpty()) {
                    found.put(id, to);
                }
            }
            return found;
        }

        @Override
        public List<WriteResult> associatePrimary(String tenantId, String fromType, String toType,
                List<Association> pairs) {
            if (down) {
                throw outage("HubSpot");
            }
            pairs.forEach(p -> associate(fromType, p.fromId(), toType, p.toId()));
            return pairs.stream().<WriteResult>map(p -> new WriteResult.Written(p.fromId(), p.fromId(), false))
                    .toList();
        }
    }

    /** Calls used per CRM against an allocation; only {@link #usage} is asked by activity sync. */
    static final class Budget implements Ledger {
        final Map<Crm, Long> used = new HashMap<>();
        final Map<Crm, Long> allocated = new HashMap<>();

        @Override
        public Usage usage(String tenantId, Crm crm, Instant now) {
            long calls = used.getOrDefault(crm, 0L);
            OptionalLong allocation = allocated.containsKey(crm) ? OptionalLong.of(allocated.get(crm))
                    : OptionalLong.empty();
            return new Usage(crm, now, calls, Optional.empty(), allocation, allocation.isPresent()
                    ? OptionalLong.of(Math.max(0, allocation.getAsLong() - calls)) : OptionalLong.empty(),
                    new TreeMap<>(), Optional.empty());
        }

        @Override
        public Reservation reserve(String tenantId, Crm crm, int calls, Instant now) {
            throw new AssertionError("the CRM adapters reserve calls, not activity sync");
        }

        @Override
        public void observe(String tenantId, Crm crm, long orgUsed, long orgLimit, Instant now) {
            throw new AssertionError("activity sync observes no limit header");
        }

        @Override
        public void setAllocation(String tenantId, Allocation allocation) {
            throw new AssertionError("activity sync sets no allocation");
        }

        @Override
        public Optional<Allocation> allocation(String tenantId, Crm crm) {
            throw new AssertionError("activity sync reads usage, not the allocation");
        }
    }
}
