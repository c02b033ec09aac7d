package io.crmsync.sandbox.salesforce;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.salesforce.SalesforceOrg.CommittedTransaction;

/**
 * Change Data Capture as Salesforce Event Relay hands it to Amazon EventBridge: one EventBridge event per
 * change event ({@code detail-type} "LeadChangeEvent", {@code source}
 * "aws.partner/salesforce.com/&lt;orgId&gt;/&lt;relayId&gt;", {@code detail} {payload, schemaId, id, topic}).
 * Off until {@link #enable}d. Events are collected for tests and, when a target is set, POSTed there one by
 * one (the stand-in for the EventBridge rule that invokes a Lambda), in commit order. The fault injector
 * drops or duplicates deliveries as EventBridge's at-least-once delivery may.
 */
public final class ChangeDataCapture implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ChangeDataCapture.class.getName());
    private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ISO_INSTANT;
    /** Fields a change event never carries. */
    private static final Set<String> NOT_IN_EVENTS = Set.of(SObjectSchema.ID, SObjectSchema.IS_DELETED,
            SObjectSchema.SYSTEM_MODSTAMP);

    /**
     * @param entities   sObjects whose changes are published (the channel members), e.g. Lead, Contact
     * @param relayId    the event relay config id (0YL…), part of the partner event source name
     * @param awsAccount the AWS account of the partner event bus
     * @param target     where to POST each event, or empty to only collect them
     */
    public record Settings(Set<String> entities, String relayId, String awsAccount, String region,
            Optional<URI> target) {
        public Settings {
            entities = Set.copyOf(entities);
        }

        public static Settings collectOnly(Set<String> entities) {
            return new Settings(entities, "0YL8d0000000001AAA", "123456789012", "us-east-1", Optional.empty());
        }

        public Settings deliveringTo(URI url) {
            return new Settings(entities, relayId, awsAccount, region, Optional.of(url));
        }
    }

    /** The gap and overflow change types a test can inject. */
    public enum GapType {
        GAP_CREATE, GAP_UPDATE, GAP_DELETE, GAP_UNDELETE, GAP_OVERFLOW
    }

    private final SalesforceOrg org;
    private final FaultInjector faults;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(
            SandboxHttpServer.threadsNamed("salesforce-cdc"));
    private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
    private final AtomicLong replayId = new AtomicLong(10_000);
    private final AtomicLong failedDeliveries = new AtomicLong();
    private volatile Settings settings;

    ChangeDataCapture(SalesforceOrg org, FaultInjector faults) {
        this.org = org;
        this.faults = faults;
        org.onCommit(this::publish);
    }

    public void enable(Settings newSettings) {
        settings = newSettings;
    }

    public void disable() {
        settings = null;
    }

    /** Every event published so far, oldest first (copies). */
    public List<Map<String, Object>> events() {
        return List.copyOf(events);
    }

    public long failedDeliveries() {
        return failedDeliveries.get();
    }

    public void clear() {
        events.clear();
        failedDeliveries.set(0);
    }

    /** Publishes a gap event (header only) as Salesforce does when it cannot produce the full change. */
    public void injectGap(String entity, GapType type, List<String> recordIds) {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("Change Data Capture is not enabled");
        }
        String entityName = org.requireStore(entity).schema().name();
        Map<String, Object> header = header(entityName, type == GapType.GAP_OVERFLOW ? List.of() : recordIds,
                type.name(), List.of(), List.of(), new CommittedTransaction(UUID.randomUUID().toString(),
                        org.clock().millis(), 0, org.userId(), "", List.of()), 1);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("ChangeEventHeader", header);
        emit(current, entityName, payload, org.clock().millis());
    }

    @Override
    public void close() {
        delivery.shutdownNow();
    }

    private void publish(CommittedTransaction tx) {
        Settings current = settings;
        if (current == null) {
            return;
        }
        List<Group> groups = new ArrayList<>();
        for (RecordChange change : tx.changes()) {
            if (current.entities().stream().noneMatch(e -> e.equalsIgnoreCase(change.entity()))) {
                continue;
            }
            Group group = Group.of(change, org.requireStore(change.entity()).schema());
            Optional<Group> same = groups.stream().filter(g -> g.sameChangeAs(group)).findFirst();
            if (same.isPresent()) {
                same.get().recordIds().add(change.id());
            } else {
                groups.add(group);
            }
        }
        int sequence = 1;
        for (Group group : groups) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("ChangeEventHeader", header(group.entity(), group.recordIds(), group.changeType(),
                    group.changedFields(), group.nulledFields(), tx, sequence++));
            payload.putAll(group.fields());
            emit(current, group.entity(), payload, tx.commitTimestamp());
        }
    }

    private Map<String, Object> header(String entity, List<String> recordIds, String changeType,
            List<String> changedFields, List<String> nulledFields, CommittedTransaction tx, int sequence) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("entityName", entity);
        header.put("recordIds", List.copyOf(recordIds));
        header.put("changeType", changeType);
        header.put("changeOrigin", tx.changeOrigin());
        header.put("transactionKey", tx.transactionKey());
        header.put("sequenceNumber", sequence);
        header.put("commitTimestamp", tx.commitTimestamp());
        header.put("commitNumber", tx.commitNumber());
        header.put("commitUser", tx.commitUser());
        header.put("nulledFields", nulledFields);
        header.put("diffFields", List.of());
        header.put("changedFields", changedFields);
        return header;
    }

    private void emit(Settings current, String entity, Map<String, Object> payload, long commitTimestamp) {
        String channel = entity + "ChangeEvent";
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("payload", payload);
        detail.put("schemaId", schemaId(entity));
        detail.put("id", String.valueOf(replayId.incrementAndGet()));
        detail.put("topic", "/data/" + channel);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", channel);
        event.put("source", "aws.partner/salesforce.com/" + org.orgId() + "/" + current.relayId());
        event.put("account", current.awsAccount());
        event.put("time", EVENT_TIME.format(Instant.ofEpochMilli(commitTimestamp).truncatedTo(ChronoUnit.SECONDS)));
        event.put("region", current.region());
        event.put("resources", List.of());
        event.put("detail", detail);
        events.add(event);
        current.target().ifPresent(url -> {
            int copies = faults.copiesOfNextNotification();
            delivery.execute(() -> {
                for (int i = 0; i < copies; i++) {
                    post(url, event);
                }
            });
        });
    }

    private void post(URI url, Map<String, Object> event) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(event))).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 != 2) {
                failedDeliveries.incrementAndGet();
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A change event is plain JSON", e);
        } catch (java.io.IOException e) {
            failedDeliveries.incrementAndGet();
            LOG.log(Level.FINE, "CDC delivery to " + url + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A stable, opaque schema id per event type, as the Pub/Sub schema registry hands out. */
    private static String schemaId(String entity) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                UUID.nameUUIDFromBytes((entity + "ChangeEvent").getBytes(StandardCharsets.UTF_8)).toString()
                        .getBytes(StandardCharsets.UTF_8)).substring(0, 22);
    }

    /** Changes of one type made the same way in one transaction: one event with all their record ids. */
    private record Group(String entity, String changeType, List<String> recordIds, List<String> changedFields,
            List<String> nulledFields, Map<String, Object> fields) {

        static Group of(RecordChange change, SObjectSchema schema) {
            Map<String, Object> fields = new LinkedHashMap<>();
            List<String> changed = new ArrayList<>();
            List<String> nulled = new ArrayList<>();
            switch (change.type()) {
                case CREATE, UNDELETE -> change.after().forEach((name, value) -> {
                    if (value != null && !NOT_IN_EVENTS.contains(name)) {
                        fields.put(name, eventValue(schema, name, value));
                    }
                });
                case UPDATE -> change.after().forEach((name, value) -> {
                    if (!NOT_IN_EVENTS.contains(name) && !Objects.equals(value, change.before().get(name))
                            && !name.equals(SObjectSchema.LAST_MODIFIED_BY_ID)) {
                        fields.put(name, eventValue(schema, name, value));
                        changed.add(name);
                        if (value == null) {
                            nulled.add(name);
                        }
                    }
                });
                case DELETE -> {
                    // header only
                }
                default -> throw new IllegalStateException("Unknown change type " + change.type());
            }
            if (change.type() == RecordChange.Type.UPDATE && !changed.contains(SObjectSchema.LAST_MODIFIED_DATE)) {
                // Salesforce always lists LastModifiedDate for updates, even within the same second.
                changed.add(SObjectSchema.LAST_MODIFIED_DATE);
                fields.put(SObjectSchema.LAST_MODIFIED_DATE, eventValue(schema, SObjectSchema.LAST_MODIFIED_DATE,
                        change.after().get(SObjectSchema.LAST_MODIFIED_DATE)));
            }
            return new Group(schema.name(), change.type().name(), new ArrayList<>(List.of(change.id())), changed,
                    nulled, fields);
        }

        boolean sameChangeAs(Group other) {
            return entity.equals(other.entity) && changeType.equals(other.changeType)
                    && changedFields.equals(other.changedFields) && nulledFields.equals(other.nulledFields)
                    && fields.equals(other.fields);
        }

        /** Datetimes travel as epoch milliseconds, as in the Avro payload Event Relay converts. */
        private static Object eventValue(SObjectSchema schema, String name, Object value) {
            if (value != null && schema.field(name).map(f -> f.type() == FieldType.DATETIME).orElse(false)) {
                return SoqlEngine.parseDateTime(value.toString()).toEpochMilli();
            }
            return value;
        }
    }
}
