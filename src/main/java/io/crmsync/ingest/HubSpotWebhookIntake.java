package io.crmsync.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantDirectoryUnavailableException;

/**
 * Turns one HubSpot webhook request into change notices on the queue, or refuses it with a 4xx and enqueues
 * nothing. Answers 2xx only after every notice is enqueued, so HubSpot's retries cover any failure.
 */
public final class HubSpotWebhookIntake {

    private static final Logger LOG = Logger.getLogger(HubSpotWebhookIntake.class);

    /** HubSpot sends at most 100 events per request; a larger body is not HubSpot's. */
    public static final int MAX_EVENTS = 100;
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** The HubSpot objects crmsync syncs; events for others (tickets, products …) are acknowledged and dropped. */
    static final Set<String> SYNCED_OBJECTS = Set.of("contact", "company", "deal", "task");

    /** Asked per request (io.crmsync.secrets.AppSecrets caches it): a rotated secret is used once read. */
    private final Supplier<String> clientSecret;
    private final long appId;
    private final Optional<String> publicUrl;
    private final TenantDirectory tenants;
    private final NoticeQueue queue;
    private final ReplayWindow replayWindow;
    private final ObjectMapper json;
    private final Clock clock;

    /**
     * @param appId the HubSpot app whose webhooks these are (its client secret signs them)
     * @param publicUrl the URL HubSpot is configured to call, when it differs from what Lambda sees (a custom
     *        domain in front of the function); empty to sign over the URL from the event
     */
    public HubSpotWebhookIntake(String clientSecret, long appId, Optional<String> publicUrl, TenantDirectory tenants,
            NoticeQueue queue, SeenDeliveries seen, ObjectMapper json, Clock clock) {
        this(() -> clientSecret, appId, publicUrl, tenants, queue, seen, json, clock);
    }

    /**
     * @param clientSecret the app's client secret, asked for on every signed request; it may throw when the secret
     *        cannot be had (the request is then answered 503, so HubSpot retries)
     * @param seen the replay window: events already enqueued (by eventId, per tenant) are not enqueued again
     */
    public HubSpotWebhookIntake(Supplier<String> clientSecret, long appId, Optional<String> publicUrl,
            TenantDirectory tenants, NoticeQueue queue, SeenDeliveries seen, ObjectMapper json, Clock clock) {
        this.clientSecret = clientSecret;
        this.appId = appId;
        this.publicUrl = publicUrl.filter(s -> !s.isBlank());
        this.tenants = tenants;
        this.queue = queue;
        this.replayWindow = new ReplayWindow(seen, "hubspot-webhook");
        this.json = json;
        this.clock = clock;
    }

    public HttpResponseEvent handle(HttpRequestEvent request) {
        if (!"POST".equalsIgnoreCase(request.method())) {
            return refuse(405, "method_not_allowed", "Only POST is accepted.");
        }
        byte[] body;
        try {
            body = request.bodyBytes();
        } catch (IllegalArgumentException e) {
            return refuse(400, "malformed_body", "The body is not valid Base64.");
        }
        if (body.length > MAX_BODY_BYTES) {
            return refuse(413, "body_too_large", "The body exceeds " + MAX_BODY_BYTES + " bytes.");
        }
        String contentType = request.header("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!contentType.startsWith("application/json")) {
            return refuse(415, "unsupported_media_type", "Content-Type must be application/json.");
        }
        String secret;
        try {
            secret = clientSecret.get();
        } catch (RuntimeException e) {
            LOG.errorf("hubspot-webhook: the app's client secret is not available (%s); answering 503 so HubSpot"
                    + " retries", e.getMessage());
            return unavailable("unavailable", "The request cannot be verified now; retry later.");
        }
        HubSpotSignatureV3.Verdict verdict = HubSpotSignatureV3.verify(secret, request.method().toUpperCase(Locale.ROOT),
                publicUrl.map(u -> withQuery(u, request.rawQueryString())).orElseGet(request::fullUrl), body,
                request.header("x-hubspot-request-timestamp").orElse(null),
                request.header("x-hubspot-signature-v3").orElse(null), clock.instant());
        if (verdict != HubSpotSignatureV3.Verdict.VALID) {
            return refuse(401, "invalid_signature", switch (verdict) {
                case MISSING_HEADERS -> "X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required.";
                case BAD_TIMESTAMP -> "X-HubSpot-Request-Timestamp is not epoch milliseconds.";
                case STALE_TIMESTAMP -> "X-HubSpot-Request-Timestamp is more than 5 minutes from now.";
                default -> "The signature does not match.";
            });
        }
        List<HubSpotWebhookEvent> events;
        try {
            events = parse(body);
        } catch (BadRequest e) {
            return refuse(400, "malformed_body", e.getMessage());
        }
        if (events.stream().anyMatch(e -> e.appId() != appId)) {
            return refuse(403, "unknown_app", "The events name an app this deployment does not serve.");
        }
        int ownWrites = 0;
        int unknownPortals = 0;
        Map<Tenant, List<HubSpotWebhookEvent>> byTenant = new LinkedHashMap<>();
        Map<Long, List<HubSpotWebhookEvent>> byPortal = new LinkedHashMap<>();
        events.forEach(e -> byPortal.computeIfAbsent(e.portalId(), p -> new ArrayList<>()).add(e));
        for (Map.Entry<Long, List<HubSpotWebhookEvent>> portal : byPortal.entrySet()) {
            Optional<Tenant> tenant;
            try {
                tenant = tenants.byHubSpotPortal(portal.getKey());
            } catch (TenantDirectoryUnavailableException e) {
                // Unknown is not "no tenant": nothing of the request is enqueued, and HubSpot sends it all again.
                LOG.errorf("hubspot-webhook: the tenant directory cannot answer (%s); answering 503 so HubSpot retries,"
                        + " nothing enqueued", StoreOutage.describe(e));
                return unavailable("tenants_unavailable", "Try again later.");
            }
            if (tenant.isEmpty() || !ServedTenants.served(tenant.get())) {
                unknownPortals += portal.getValue().size();
                continue;
            }
            List<HubSpotWebhookEvent> theirs = portal.getValue().stream().filter(e -> !isOwnWrite(e)).toList();
            ownWrites += portal.getValue().size() - theirs.size();
            byTenant.computeIfAbsent(tenant.get(), t -> new ArrayList<>()).addAll(theirs);
        }
        if (unknownPortals == events.size()) {
            return refuse(403, "unknown_tenant", "The events' portalId belongs to no tenant of this deployment.");
        }
        // HubSpot retries a failed request for about a day, and a request can be replayed within its signature's
        // 5 minutes: events already enqueued (same tenant, same eventId) are left out. Only events of synced objects
        // are looked up: a request of others (tickets …) costs no call.
        ReplayWindow.Lookup lookup = replayWindow.lookUp(byTenant.entrySet().stream().flatMap(t -> t.getValue()
                .stream().filter(e -> SYNCED_OBJECTS.contains(e.objectType()))
                .map(e -> delivery(t.getKey().id(), e)).flatMap(Optional::stream)).toList());
        List<ChangeNotice> notices = new ArrayList<>();
        int replayed = 0;
        for (Map.Entry<Tenant, List<HubSpotWebhookEvent>> tenant : byTenant.entrySet()) {
            List<HubSpotWebhookEvent> fresh = tenant.getValue().stream().filter(e -> delivery(tenant.getKey().id(), e)
                    .map(d -> !lookup.alreadyEnqueued(d)).orElse(true)).toList();
            replayed += tenant.getValue().size() - fresh.size();
            // Each notice carries the tenant of its own event's portal: one tenant's request never feeds another.
            notices.addAll(toNotices(tenant.getKey(), fresh));
        }
        if (!notices.isEmpty()) {
            try {
                queue.enqueue(notices);
            } catch (NoticeQueue.EnqueueFailedException e) {
                LOG.errorf("hubspot-webhook: %d notices not enqueued; answering 503 so HubSpot retries: %s",
                        notices.size(), e.getMessage());
                return unavailable("queue_unavailable", "Try again later.");
            }
            replayWindow.enqueued(lookup, notices.stream().flatMap(n -> n.sourceEventIds().stream()
                    .map(id -> new SeenDeliveries.Delivery(n.tenantId(), SeenDeliveries.Channel.HUBSPOT_EVENT, id)))
                    .toList());
        }
        LOG.infof("hubspot-webhook: %d events, %d notices enqueued, %d own writes, %d already enqueued and %d for"
                + " unknown portals dropped", events.size(), notices.size(), ownWrites, replayed, unknownPortals);
        return HttpResponseEvent.json(200, "{\"events\":" + events.size() + ",\"notices\":" + notices.size()
                + ",\"ownWritesDropped\":" + ownWrites + ",\"replayedEventsDropped\":" + replayed
                + ",\"unknownPortalEventsDropped\":" + unknownPortals + "}");
    }

    /** The event as the replay window knows it; an event without an eventId cannot be recognised and is kept. */
    private static Optional<SeenDeliveries.Delivery> delivery(String tenantId, HubSpotWebhookEvent event) {
        return Optional.ofNullable(event.eventId()).map(id -> new SeenDeliveries.Delivery(tenantId,
                SeenDeliveries.Channel.HUBSPOT_EVENT, String.valueOf(id)));
    }

    /**
     * An event caused by crmsync's own write: HubSpot marks API writes with the writing app
     * ({@code changeSource} INTEGRATION, {@code sourceId} = app id). Syncing those back would echo.
     */
    private boolean isOwnWrite(HubSpotWebhookEvent event) {
        return "INTEGRATION".equals(event.changeSource()) && Long.toString(appId).equals(event.sourceId());
    }

    private List<HubSpotWebhookEvent> parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new BadRequest("The body is not valid JSON.");
        } catch (IOException e) {
            throw new BadRequest("The body could not be read.");
        }
        if (root == null || !root.isArray()) {
            throw new BadRequest("The body must be a JSON array of events.");
        }
        if (root.isEmpty() || root.size() > MAX_EVENTS) {
            throw new BadRequest("A request carries 1 to " + MAX_EVENTS + " events.");
        }
        List<HubSpotWebhookEvent> events = new ArrayList<>(root.size());
        for (JsonNode node : root) {
            HubSpotWebhookEvent event;
            try {
                event = json.treeToValue(node, HubSpotWebhookEvent.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                throw new BadRequest("An event does not have HubSpot's webhook shape.");
            }
            if (event.portalId() == null || event.appId() == null || event.subscriptionType() == null
                    || event.occurredAt() == null) {
                throw new BadRequest("Every event needs portalId, appId, subscriptionType and occurredAt.");
            }
            events.add(event);
        }
        return events;
    }

    /**
     * One notice per changed record and kind; duplicates within the request are folded together, and so are
     * a record's property changes into its creation (the worker re-reads the record either way).
     */
    List<ChangeNotice> toNotices(Tenant tenant, List<HubSpotWebhookEvent> events) {
        Map<String, NoticeBuilder> byKey = new LinkedHashMap<>();
        for (HubSpotWebhookEvent event : events) {
            Optional<ChangeKind> kind = kindOf(event.action());
            List<String> ids = kind.map(k -> recordIdsOf(event, k)).orElse(List.of());
            if (kind.isEmpty() || !SYNCED_OBJECTS.contains(event.objectType()) || ids.isEmpty()) {
                LOG.debugf("hubspot-webhook: ignoring an event of type %s", event.subscriptionType());
                continue;
            }
            byKey.computeIfAbsent(key(event.objectType(), kind.get(), ids),
                    k -> new NoticeBuilder(event.objectType(), ids, kind.get(), mergeOf(event, kind.get())))
                    .add(event);
        }
        for (NoticeBuilder created : List.copyOf(byKey.values())) {
            if (created.kind == ChangeKind.CREATED) {
                NoticeBuilder updated = byKey.remove(key(created.objectType, ChangeKind.UPDATED, created.recordIds));
                if (updated != null) {
                    created.absorb(updated);
                }
            }
        }
        return byKey.values().stream().map(b -> b.build(tenant.id())).toList();
    }

    private static String key(String objectType, ChangeKind kind, List<String> ids) {
        return objectType + "|" + kind + "|" + ids;
    }

    private static Optional<ChangeKind> kindOf(String action) {
        return Optional.ofNullable(switch (action) {
            case "creation" -> ChangeKind.CREATED;
            case "propertyChange" -> ChangeKind.UPDATED;
            case "deletion", "privacyDeletion" -> ChangeKind.DELETED;
            case "restore" -> ChangeKind.RESTORED;
            case "merge" -> ChangeKind.MERGED;
            case "associationChange" -> ChangeKind.ASSOCIATION_CHANGED;
            default -> null;
        });
    }

    private static List<String> recordIdsOf(HubSpotWebhookEvent event, ChangeKind kind) {
        Set<String> ids = new LinkedHashSet<>();
        switch (kind) {
            case MERGED -> {
                addIfPresent(ids, event.newObjectId());
                addIfPresent(ids, event.primaryObjectId());
                if (event.mergedObjectIds() != null) {
                    event.mergedObjectIds().forEach(id -> addIfPresent(ids, id));
                }
                addIfPresent(ids, event.objectId());
            }
            case ASSOCIATION_CHANGED -> {
                // Only the from-record is of the event's object type (contact.associationChange CONTACT_TO_COMPANY:
                // a contact and a company id); naming the company as a contact would sync the wrong record.
                addIfPresent(ids, event.fromObjectId());
            }
            default -> addIfPresent(ids, event.objectId());
        }
        return List.copyOf(ids);
    }

    private static ChangeNotice.Merge mergeOf(HubSpotWebhookEvent event, ChangeKind kind) {
        if (kind != ChangeKind.MERGED) {
            return null;
        }
        Long surviving = event.newObjectId() != null ? event.newObjectId() : event.primaryObjectId();
        List<String> merged = event.mergedObjectIds() == null ? List.of()
                : event.mergedObjectIds().stream().map(String::valueOf).toList();
        return new ChangeNotice.Merge(surviving == null ? null : String.valueOf(surviving), merged);
    }

    private static void addIfPresent(Set<String> ids, Long id) {
        if (id != null) {
            ids.add(String.valueOf(id));
        }
    }

    private static String withQuery(String url, String rawQuery) {
        return rawQuery == null || rawQuery.isEmpty() ? url : url + "?" + rawQuery;
    }

    /** A 503 HubSpot retries (it retries 5xx with its own backoff for up to a day; Retry-After is a hint). */
    private static HttpResponseEvent unavailable(String code, String message) {
        LOG.infof("hubspot-webhook: answered 503 %s", code);
        return new HttpResponseEvent(503, Map.of("content-type", "application/json", "retry-after",
                StoreOutage.RETRY_AFTER_SECONDS), "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    private static HttpResponseEvent refuse(int status, String code, String message) {
        LOG.infof("hubspot-webhook: refused with %d %s", status, code);
        return HttpResponseEvent.json(status, "{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** Accumulates the events folded into one notice. */
    private static final class NoticeBuilder {
        private final String objectType;
        private final List<String> recordIds;
        private final ChangeKind kind;
        private final ChangeNotice.Merge merge;
        private final Set<String> eventIds = new LinkedHashSet<>();
        private final Set<String> changedProperties = new TreeSet<>();
        private long occurredAt;
        /** HubSpot's GDPR delete: the worker erases the person after the deletion (a plain deletion folds in). */
        private boolean privacyDeletion;

        NoticeBuilder(String objectType, List<String> recordIds, ChangeKind kind, ChangeNotice.Merge merge) {
            this.objectType = objectType;
            this.recordIds = recordIds;
            this.kind = kind;
            this.merge = merge;
        }

        void add(HubSpotWebhookEvent event) {
            if (event.eventId() != null) {
                eventIds.add(String.valueOf(event.eventId()));
            }
            if (event.propertyName() != null) {
                changedProperties.add(event.propertyName());
            }
            occurredAt = Math.max(occurredAt, event.occurredAt());
            privacyDeletion |= "privacyDeletion".equals(event.action());
        }

        void absorb(NoticeBuilder other) {
            eventIds.addAll(other.eventIds);
            changedProperties.addAll(other.changedProperties);
            occurredAt = Math.max(occurredAt, other.occurredAt);
        }

        ChangeNotice build(String tenantId) {
            // Property names only: values may be personal data and the worker re-reads them anyway.
            Map<String, String> hints = changedProperties.isEmpty() ? Map.of()
                    : Map.of("changedProperties", String.join(",", changedProperties));
            if (privacyDeletion) {
                hints = Map.of(ChangeNotice.PRIVACY_DELETION, "true");
            }
            return new ChangeNotice(ChangeNotice.CURRENT_VERSION, tenantId, SourceSystem.HUBSPOT, objectType,
                    recordIds, kind, Instant.ofEpochMilli(occurredAt), List.copyOf(eventIds), merge, hints);
        }
    }
}
