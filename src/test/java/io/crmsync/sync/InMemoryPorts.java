package io.crmsync.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.SyncPausedException;

/**
 * Plain in-memory implementations of the sync core's ports, for fast unit tests of the core's decisions. The
 * adapters behind the same ports are tested against the CRM sandboxes and the local AWS servers.
 */
public final class InMemoryPorts {

    static final Instant T0 = Instant.parse("2026-11-29T09:00:00Z");

    private InMemoryPorts() {
    }

    static final class HubSpot implements HubSpotRecords {
        final Map<String, CrmRecord> records = new LinkedHashMap<>();
        final AtomicInteger nextId = new AtomicInteger(1000);
        int readCalls;
        int writeCalls;
        boolean unavailable;
        SyncPausedException paused;

        String put(String id, Map<String, String> properties, Instant updatedAt) {
            records.put(id, new CrmRecord(id, properties, updatedAt));
            return id;
        }

        String put(String id, Map<String, String> properties) {
            return put(id, properties, T0);
        }

        @Override
        public Map<String, CrmRecord> read(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties) {
            readCalls++;
            if (unavailable) {
                throw new CrmUnavailableException("HubSpot answered 429 (test)", null);
            }
            if (paused != null) {
                throw paused;
            }
            Map<String, CrmRecord> found = new HashMap<>();
            ids.forEach(id -> Optional.ofNullable(records.get(id)).ifPresent(r -> found.put(id, r)));
            return found;
        }

        /** Per record, when each property last changed (HubSpot's property history). */
        final Map<String, Map<String, Instant>> history = new HashMap<>();
        int historyReads;

        @Override
        public Map<String, CrmRecord> readWithHistory(String tenantId, String objectType, Collection<String> ids,
                Collection<String> properties, Collection<String> withHistory) {
            historyReads++;
            Map<String, CrmRecord> found = new HashMap<>();
            read(tenantId, objectType, ids, properties).forEach((id, r) -> found.put(id, new CrmRecord(id,
                    r.properties(), r.updatedAt(), history.getOrDefault(id, Map.of()))));
            return found;
        }

        @Override
        public Map<String, CrmRecord> readContactsByEmail(String tenantId, Collection<String> emails,
                Collection<String> properties) {
            readCalls++;
            Map<String, CrmRecord> found = new HashMap<>();
            for (CrmRecord r : records.values()) {
                String email = r.properties().get("email");
                if (email != null && emails.stream().anyMatch(e -> e.equalsIgnoreCase(email))) {
                    found.put(email.toLowerCase(Locale.ROOT), r);
                }
            }
            return found;
        }

        @Override
        public List<WriteResult> update(String tenantId, String objectType, List<RecordWrite> writes) {
            writeCalls++;
            List<WriteResult> results = new ArrayList<>();
            for (RecordWrite w : writes) {
                CrmRecord old = records.get(w.key());
                Map<String, String> properties = new HashMap<>(old.properties());
                w.fields().forEach((k, v) -> properties.put(k, v == null ? "" : v.toString()));
                records.put(w.key(), new CrmRecord(w.key(), properties, T0.plusSeconds(3600)));
                results.add(new WriteResult.Written(w.key(), w.key(), false));
            }
            return results;
        }

        @Override
        public List<WriteResult> upsert(String tenantId, String objectType, String idProperty,
                List<RecordWrite> writes) {
            writeCalls++;
            List<WriteResult> results = new ArrayList<>();
            for (RecordWrite w : writes) {
                Optional<CrmRecord> existing = records.values().stream()
                        .filter(r -> w.key().equalsIgnoreCase(r.properties().get(idProperty))).findFirst();
                String id = existing.map(CrmRecord::id).orElseGet(() -> Integer.toString(nextId.incrementAndGet()));
                Map<String, String> properties = new HashMap<>(existing.map(CrmRecord::properties).orElse(Map.of()));
                w.fields().forEach((k, v) -> properties.put(k, v == null ? "" : v.toString()));
                properties.put(idProperty, w.key());
                records.put(id, new CrmRecord(id, properties, T0.plusSeconds(3600)));
                results.add(new WriteResult.Written(w.key(), id, existing.isEmpty()));
            }
            return results;
        }

        final List<String> archived = new ArrayList<>();
        int archiveCalls;

        @Override
        public void archive(String tenantId, String objectType, Collection<String> ids) {
            if (unavailable) {
                throw new CrmUnavailableException("HubSpot answered 502 (test)", null);
            }
            List<String> all = List.copyOf(ids);
            for (int from = 0; from < all.size(); from += 100) {
                archiveCalls++;
                all.subList(from, Math.min(all.size(), from + 100)).forEach(id -> {
                    records.remove(id);
                    archived.add(id);
                });
            }
        }
    }

    static final class Salesforce implements SalesforceRecords {
        final Map<String, Map<String, CrmRecord>> objects = new HashMap<>();
        final Map<String, WriteResult> scripted = new HashMap<>();
        final Map<String, RuntimeException> failing = new HashMap<>();
        final AtomicInteger nextId = new AtomicInteger(1);
        int queries;
        int writeCalls;
        final List<RecordWrite> written = new ArrayList<>();

        Map<String, CrmRecord> of(String sObject) {
            return objects.computeIfAbsent(sObject, k -> new LinkedHashMap<>());
        }

        String put(String sObject, Map<String, String> fields, Instant modified) {
            String id = prefix(sObject) + String.format("%015d", nextId.getAndIncrement());
            Map<String, String> properties = new HashMap<>(fields);
            properties.put("Id", id);
            of(sObject).put(id, new CrmRecord(id, properties, modified));
            return id;
        }

        @Override
        public List<CrmRecord> find(String tenantId, String sObject, Collection<String> fields, Collection<String> ids,
                String externalIdField, Collection<String> externalIds, Collection<String> emails) {
            queries++;
            // A record without the field (another tenant's, on a shared org) has no value there to match.
            return of(sObject).values().stream().filter(r -> ids.contains(r.id())
                    || r.properties().get(externalIdField) != null
                            && externalIds.contains(r.properties().get(externalIdField))
                    || emails.stream().anyMatch(e -> e.equalsIgnoreCase(r.properties().get("Email"))))
                    .sorted((a, b) -> b.updatedAt().compareTo(a.updatedAt())).toList();
        }

        @Override
        public List<CrmRecord> findWhere(String tenantId, String sObject, Collection<String> fields, String field,
                Collection<String> values) {
            queries++;
            return of(sObject).values().stream().filter(r -> values.contains(r.properties().get(field))).toList();
        }

        @Override
        public List<WriteResult> upsert(String tenantId, String sObject, String externalIdField,
                List<RecordWrite> writes) {
            writeCalls++;
            List<WriteResult> results = new ArrayList<>();
            for (RecordWrite w : writes) {
                if (failing.containsKey(w.key())) {
                    throw failing.get(w.key());
                }
                if (scripted.containsKey(w.key())) {
                    results.add(scripted.get(w.key()));
                    continue;
                }
                written.add(w);
                Optional<CrmRecord> existing = of(sObject).values().stream()
                        .filter(r -> w.key().equals(r.properties().get(externalIdField))).findFirst();
                Map<String, String> fields = new HashMap<>(existing.map(CrmRecord::properties).orElse(Map.of()));
                w.fields().forEach((k, v) -> fields.put(k, v == null ? null : v.toString()));
                fields.put(externalIdField, w.key());
                String id = existing.map(CrmRecord::id).orElseGet(() -> prefix(sObject)
                        + String.format("%015d", nextId.getAndIncrement()));
                fields.put("Id", id);
                of(sObject).put(id, new CrmRecord(id, fields, T0.plusSeconds(3600)));
                results.add(new WriteResult.Written(w.key(), id, existing.isEmpty()));
            }
            return results;
        }

        @Override
        public List<WriteResult> update(String tenantId, String sObject, List<RecordWrite> writes) {
            writeCalls++;
            List<WriteResult> results = new ArrayList<>();
            for (RecordWrite w : writes) {
                if (scripted.containsKey(w.key())) {
                    results.add(scripted.get(w.key()));
                    continue;
                }
                written.add(w);
                CrmRecord old = of(sObject).get(w.key());
                Map<String, String> fields = new HashMap<>(old.properties());
                w.fields().forEach((k, v) -> fields.put(k, v == null ? null : v.toString()));
                of(sObject).put(w.key(), new CrmRecord(w.key(), fields, T0.plusSeconds(3600)));
                results.add(new WriteResult.Written(w.key(), w.key(), false));
            }
            return results;
        }

        /** Stores each record under a new id (no validation), keyed by position as the port promises. */
        @Override
        public List<WriteResult> create(String tenantId, String sObject, List<Map<String, Object>> records) {
            writeCalls++;
            List<WriteResult> results = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) {
                Map<String, String> fields = new HashMap<>();
                records.get(i).forEach((k, v) -> fields.put(k, v == null ? null : v.toString()));
                String id = prefix(sObject) + String.format("%015d", nextId.getAndIncrement());
                fields.put("Id", id);
                of(sObject).put(id, new CrmRecord(id, fields, T0.plusSeconds(3600)));
                results.add(new WriteResult.Written(String.valueOf(i), id, true));
            }
            return results;
        }

        private static String prefix(String sObject) {
            return switch (sObject) {
                case "Lead" -> "00Q";
                case "Contact" -> "003";
                case "Account" -> "001";
                default -> "a00";
            };
        }
    }

    public static final class Links implements LinkStore {
        final Map<String, Link> byHubSpotId = new ConcurrentHashMap<>();
        /** Lookups by Salesforce id: one index query each in DynamoDB. */
        int indexQueries;
        int saves;

        @Override
        public Map<String, Link> findByHubSpotIds(String tenantId, String hubSpotObject, Collection<String> ids) {
            Map<String, Link> found = new HashMap<>();
            ids.forEach(id -> Optional.ofNullable(byHubSpotId.get(tenantId + "|" + hubSpotObject + "|" + id))
                    .ifPresent(l -> found.put(id, l)));
            return found;
        }

        @Override
        public Optional<Link> findBySalesforceId(String tenantId, String salesforceObject, String salesforceId) {
            indexQueries++;
            return byHubSpotId.values().stream().filter(l -> l.tenantId().equals(tenantId)
                    && l.salesforceObject().equals(salesforceObject) && salesforceId.equals(l.salesforceId()))
                    .findFirst();
        }

        /** Lookups of several records by Salesforce id (DynamoDB: their index queries side by side). */
        public int batchLookups;

        @Override
        public Map<String, Link> findBySalesforceIds(String tenantId, String salesforceObject,
                Collection<String> salesforceIds) {
            batchLookups++;
            return LinkStore.super.findBySalesforceIds(tenantId, salesforceObject, salesforceIds);
        }

        /** As DynamoDB's conditional put: stored only while the stored version is still the link's. */
        @Override
        public boolean save(Link link) {
            saves++;
            boolean[] saved = {false};
            byHubSpotId.compute(link.tenantId() + "|" + link.hubSpotObject() + "|" + link.hubSpotId(), (k, stored) -> {
                if ((stored == null ? 0 : stored.version()) != link.version()) {
                    return stored;
                }
                saved[0] = true;
                return new Link(link.tenantId(), link.hubSpotObject(), link.hubSpotId(), link.salesforceObject(),
                        link.salesforceId(), link.lastWrittenHash(), link.syncedAt(), link.fieldFingerprints(),
                        link.version() + 1);
            });
            return saved[0];
        }

        @Override
        public void delete(String tenantId, String hubSpotObject, String hubSpotId) {
            byHubSpotId.remove(tenantId + "|" + hubSpotObject + "|" + hubSpotId);
        }
    }

    public static final class Audit implements AuditLog {
        final List<Entry> entries = new ArrayList<>();

        @Override
        public void append(List<Entry> more) {
            entries.addAll(more);
        }

        @Override
        public List<Entry> history(String tenantId, String hubSpotObject, String hubSpotId, int limit) {
            return entries.stream().filter(e -> e.tenantId().equals(tenantId) && e.hubSpotObject().equals(hubSpotObject)
                    && e.hubSpotId().equals(hubSpotId)).sorted(java.util.Comparator.comparing(Entry::at).reversed())
                    .limit(limit).toList();
        }
    }

    static final class Errors implements SyncErrorLog {
        final Map<String, SyncError> open = new LinkedHashMap<>();

        @Override
        public void record(List<SyncError> errors) {
            errors.forEach(e -> open.put(e.recordKey(), e));
        }

        @Override
        public void clear(String tenantId, Collection<String> recordKeys) {
            recordKeys.forEach(open::remove);
        }

        @Override
        public List<SyncError> open(String tenantId) {
            return open.values().stream().filter(e -> e.tenantId().equals(tenantId)).toList();
        }
    }

    /** A fixed owner directory; counts reads so tests can see when owners are (not) fetched. */
    static final class OwnerBook implements OwnerDirectory {
        Owners owners = Owners.NONE;
        int reads;

        @Override
        public Owners owners(String tenantId) {
            reads++;
            return owners;
        }
    }

    /** Inclusion lists by id; an unknown id is a missing list. */
    static final class Lists implements InclusionList {
        final Map<String, java.util.Set<String>> members = new HashMap<>();
        int calls;

        @Override
        public java.util.Set<String> membersAmong(String tenantId, String listId, Collection<String> contactIds) {
            calls++;
            java.util.Set<String> list = members.get(listId);
            if (list == null) {
                throw new InclusionListMissingException(listId, "list " + listId + " not found");
            }
            return contactIds.stream().filter(list::contains).collect(java.util.stream.Collectors.toSet());
        }
    }

    /** HubSpot associations to companies, primary first per record. */
    static final class Associations implements HubSpotAssociations {
        final Map<String, List<String>> companiesOf = new HashMap<>();
        final Map<String, List<String>> contactsOf = new HashMap<>();
        int reads;
        int writeCalls;

        Map<String, List<String>> of(String toType) {
            return "contact".equals(toType) ? contactsOf : companiesOf;
        }

        @Override
        public Map<String, List<Associated>> read(String tenantId, String fromType, String toType,
                Collection<String> fromIds) {
            reads++;
            Map<String, List<Associated>> found = new HashMap<>();
            fromIds.forEach(id -> Optional.ofNullable(of(toType).get(id)).filter(c -> !c.isEmpty()).ifPresent(c -> {
                List<Associated> list = new ArrayList<>();
                for (int i = 0; i < c.size(); i++) {
                    list.add(new Associated(c.get(i), i == 0));
                }
                found.put(id, list);
            }));
            return found;
        }

        @Override
        public List<WriteResult> associatePrimary(String tenantId, String fromType, String toType,
                List<Association> pairs) {
            writeCalls++;
            List<WriteResult> results = new ArrayList<>();
            for (Association a : pairs) {
                List<String> companies = new ArrayList<>(of(toType).getOrDefault(a.fromId(), List.of()));
                companies.remove(a.toId());
                companies.add(0, a.toId());
                of(toType).put(a.fromId(), companies);
                results.add(new WriteResult.Written(a.fromId(), a.fromId(), true));
            }
            return results;
        }
    }

    /** Waits in memory. */
    static final class Waits implements AssociationWaits {
        final Map<String, java.util.Set<String>> byAwaited = new LinkedHashMap<>();

        @Override
        public void await(String tenantId, String awaited, String dependent) {
            byAwaited.computeIfAbsent(tenantId + "|" + awaited, k -> new java.util.LinkedHashSet<>()).add(dependent);
        }

        @Override
        public Map<String, java.util.Set<String>> waitingFor(String tenantId, Collection<String> awaited) {
            Map<String, java.util.Set<String>> found = new HashMap<>();
            awaited.forEach(a -> Optional.ofNullable(byAwaited.get(tenantId + "|" + a))
                    .filter(d -> !d.isEmpty()).ifPresent(d -> found.put(a, java.util.Set.copyOf(d))));
            return found;
        }

        @Override
        public void release(String tenantId, String awaited, Collection<String> dependents) {
            Optional.ofNullable(byAwaited.get(tenantId + "|" + awaited)).ifPresent(d -> d.removeAll(dependents));
        }
    }

    /** The ports over fresh in-memory stores except the two CRMs given. */
    static SyncEngine.Ports ports(HubSpot hubSpot, Salesforce salesforce) {
        return new SyncEngine.Ports(hubSpot, salesforce, new OwnerBook(), new Lists(), new Associations(),
                new Links(), new Audit(), new Errors(), new Waits());
    }
}
