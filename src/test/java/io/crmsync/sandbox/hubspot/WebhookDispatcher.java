package io.crmsync.sandbox.hubspot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.SandboxHttpServer;

/**
 * Turns record changes into Webhooks v3 POSTs: events collect for a short window, leave in batches of at
 * most 100, signed, and a failed batch (non-2xx, connection error, timeout) is sent again with
 * attemptNumber + 1 until the retry budget is spent.
 */
final class WebhookDispatcher implements AutoCloseable {

    /** "Each request can contain up to 100 events." */
    static final int MAX_EVENTS_PER_REQUEST = 100;
    /** "HubSpot sets a concurrency limit of 10 requests": at most this many POSTs are in flight at once. */
    static final int MAX_CONCURRENT_REQUESTS = 10;

    /**
     * @param maxRetries  resends after the first attempt (HubSpot: up to 10, spread over 24 h)
     * @param retryDelay  wait before each resend (HubSpot: minutes to hours)
     * @param timeout     an answer slower than this is a failure (HubSpot: 5 s)
     * @param batchWindow how long events wait for company before a POST leaves
     */
    record Settings(int maxRetries, Duration retryDelay, Duration timeout, Duration batchWindow) {
    }

    private record QueuedEvent(URI target, WebhookEvent event) {
    }

    private final long portalId;
    private final long appId;
    private final Settings settings;
    private final WebhookSigner signer;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService timer;
    private final ExecutorService senders;
    private final AtomicLong nextEventId = new AtomicLong(100_001);
    private final AtomicLong nextDelivery = new AtomicLong(1);
    private final AtomicLong nextSubscriptionId = new AtomicLong(1_001);
    private final Map<String, Long> subscriptionIds = new ConcurrentHashMap<>();
    private final List<WebhookDelivery> deliveries = new CopyOnWriteArrayList<>();

    // Guarded by this: events not yet in a batch, and batches not yet finished (sending or awaiting retry).
    private final List<QueuedEvent> queue = new ArrayList<>();
    private int unfinishedBatches;
    private boolean flushScheduled;
    private volatile WebhookSubscriptions subscriptions;
    private final FaultInjector faults;
    /** Starts as the settings' constant delay; a test may set HubSpot's growing schedule. */
    private volatile WebhookRetries retries;

    WebhookDispatcher(long portalId, long appId, String clientSecret, Settings settings, ObjectMapper json,
            Clock clock, FaultInjector faults) {
        this.faults = faults;
        this.portalId = portalId;
        this.appId = appId;
        this.settings = settings;
        this.retries = WebhookRetries.constant(settings.maxRetries(), settings.retryDelay());
        this.signer = new WebhookSigner(clientSecret);
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout()).build();
        this.timer = Executors.newSingleThreadScheduledExecutor(SandboxHttpServer.threadsNamed("hubspot-webhook-timer"));
        this.senders = Executors.newFixedThreadPool(MAX_CONCURRENT_REQUESTS, SandboxHttpServer.threadsNamed("hubspot-webhook"));
    }

    void subscribe(URI targetUrl, Set<String> subscriptionTypes) {
        subscriptions = new WebhookSubscriptions(targetUrl, subscriptionTypes);
    }

    void unsubscribe() {
        subscriptions = null;
    }

    /**
     * Called by the stores under their lock, so events are queued in the order the changes happened. Each
     * event may be dropped or doubled by the fault injector, as HubSpot's delivery sometimes does.
     */
    void changed(CrmChange change) {
        WebhookSubscriptions current = subscriptions;
        if (current == null) {
            return;
        }
        List<WebhookEvent> events = new ArrayList<>();
        for (WebhookEvent event : eventsFor(change)) {
            if (current.wants(event.subscriptionType(), event.propertyName())) {
                for (int copy = faults.copiesOfNextNotification(); copy > 0; copy--) {
                    events.add(event);
                }
            }
        }
        if (events.isEmpty()) {
            return;
        }
        synchronized (this) {
            events.forEach(e -> queue.add(new QueuedEvent(current.target(), e)));
            if (!flushScheduled) {
                flushScheduled = true;
                schedule(this::flush, settings.batchWindow());
            }
        }
    }

    private List<WebhookEvent> eventsFor(CrmChange change) {
        long at = change.occurredAt().toEpochMilli();
        ChangeSource source = change.source();
        List<WebhookEvent> events = new ArrayList<>();
        if (change instanceof CrmChange.PropertiesWritten written && written.type().hasWebhooks()) {
            String prefix = written.type().eventPrefix();
            if (written.creation()) {
                events.add(objectEvent(prefix + ".creation", at, written.objectId(), null, null, source));
            }
            written.changed().forEach((name, value) -> events.add(
                    objectEvent(prefix + ".propertyChange", at, written.objectId(), name, value, source)));
        } else if (change instanceof CrmChange.Deleted deleted && deleted.type().hasWebhooks()) {
            String prefix = deleted.type().eventPrefix();
            if (deleted.privacyDeletion()) {
                events.add(objectEvent(prefix + ".privacyDeletion", at, deleted.objectId(), null, null, source));
            }
            events.add(objectEvent(prefix + ".deletion", at, deleted.objectId(), null, null, source));
        } else if (change instanceof CrmChange.Restored restored && restored.type().hasWebhooks()) {
            events.add(objectEvent(restored.type().eventPrefix() + ".restore", at, restored.objectId(), null, null,
                    source));
        } else if (change instanceof CrmChange.Merged merged && merged.type().hasWebhooks()) {
            String type = merged.type().eventPrefix() + ".merge";
            events.add(new WebhookEvent(nextEventId.getAndIncrement(), subscriptionId(type), portalId, appId, at, type,
                    0, merged.primaryObjectId(), null, null, source.changeSource(), source.sourceId(),
                    merged.primaryObjectId(), merged.mergedObjectIds(), merged.newObjectId(),
                    merged.numberOfPropertiesMoved(), null, null, null, null, null));
        } else if (change instanceof CrmChange.AssociationChanged association && association.fromType().hasWebhooks()) {
            String type = association.fromType().eventPrefix() + ".associationChange";
            events.add(new WebhookEvent(nextEventId.getAndIncrement(), subscriptionId(type), portalId, appId, at, type,
                    0, null, null, null, source.changeSource(), source.sourceId(), null, null, null, null,
                    association.associationType(), association.fromObjectId(), association.toObjectId(),
                    association.associationRemoved(), association.isPrimaryAssociation()));
        }
        return events;
    }

    private WebhookEvent objectEvent(String type, long at, long objectId, String property, String value,
            ChangeSource source) {
        long subscription = subscriptionId(property == null ? type : type + ":" + property);
        return WebhookEvent.ofObject(nextEventId.getAndIncrement(), subscription, portalId, appId, at, type, objectId,
                property, value, source);
    }

    /** From now on (also for batches already waiting to be sent again), resends follow this schedule. */
    void retries(WebhookRetries schedule) {
        retries = schedule;
    }

    List<WebhookDelivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits until every queued event has been delivered or has used up its retries. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!queue.isEmpty() || flushScheduled || unfinishedBatches > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** Sends a delivery's body once more with a fresh timestamp and signature, as HubSpot's duplicates do. */
    WebhookDelivery redeliver(WebhookDelivery earlier) {
        return post(earlier.target(), earlier.events(), earlier.body(), earlier.attempt());
    }

    private void flush() {
        Map<URI, List<WebhookEvent>> byTarget = new LinkedHashMap<>();
        synchronized (this) {
            queue.forEach(q -> byTarget.computeIfAbsent(q.target(), t -> new ArrayList<>()).add(q.event()));
            queue.clear();
            flushScheduled = false;
            for (List<WebhookEvent> events : byTarget.values()) {
                unfinishedBatches += (events.size() + MAX_EVENTS_PER_REQUEST - 1) / MAX_EVENTS_PER_REQUEST;
            }
            notifyAll();
        }
        byTarget.forEach((to, events) -> {
            for (int from = 0; from < events.size(); from += MAX_EVENTS_PER_REQUEST) {
                List<WebhookEvent> batch = List.copyOf(
                        events.subList(from, Math.min(events.size(), from + MAX_EVENTS_PER_REQUEST)));
                send(to, batch, 0);
            }
        });
    }

    private void send(URI to, List<WebhookEvent> batch, int attempt) {
        try {
            senders.execute(() -> attempt(to, batch, attempt));
        } catch (RejectedExecutionException closed) {
            batchFinished();
        }
    }

    private void attempt(URI to, List<WebhookEvent> batch, int attempt) {
        List<WebhookEvent> events = batch.stream().map(e -> e.withAttempt(attempt)).toList();
        WebhookDelivery delivery = post(to, events, toJson(events), attempt);
        WebhookRetries schedule = retries;
        if (delivery.succeeded() || attempt >= schedule.maxRetries()) {
            batchFinished();
        } else {
            schedule(() -> send(to, batch, attempt + 1), schedule.delayBefore(attempt + 1));
        }
    }

    private WebhookDelivery post(URI to, List<WebhookEvent> events, String body, int attempt) {
        String timestamp = String.valueOf(clock.millis());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("X-HubSpot-Signature-v3", signer.sign("POST", to.toString(), body, timestamp));
        headers.put("X-HubSpot-Request-Timestamp", timestamp);
        headers.put("User-Agent", "HubSpot Connect 2.0 (http://dev.hubspot.com/)");
        HttpRequest.Builder request = HttpRequest.newBuilder(to).timeout(settings.timeout())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        Optional<Integer> status = Optional.empty();
        Optional<String> error = Optional.empty();
        var sentAt = clock.instant();
        try {
            status = Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = Optional.of("interrupted: the sandbox is closing");
        }
        WebhookDelivery delivery = new WebhookDelivery(nextDelivery.getAndIncrement(), to, events, body, headers,
                attempt, sentAt, status, error);
        deliveries.add(delivery);
        return delivery;
    }

    private synchronized void batchFinished() {
        unfinishedBatches--;
        notifyAll();
    }

    private void schedule(Runnable task, Duration delay) {
        try {
            timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // Closing: pending work is dropped, and awaitIdle must not hang on it.
            synchronized (this) {
                queue.clear();
                flushScheduled = false;
                unfinishedBatches = 0;
                notifyAll();
            }
        }
    }

    private String toJson(List<WebhookEvent> events) {
        try {
            return json.writeValueAsString(events);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Webhook events are plain records", e);
        }
    }

    /** HubSpot gives each subscription (one per event type, one per subscribed property) its own id. */
    private long subscriptionId(String subscription) {
        return subscriptionIds.computeIfAbsent(subscription, s -> nextSubscriptionId.getAndIncrement());
    }

    void clearDeliveries() {
        deliveries.clear();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        senders.shutdownNow();
        synchronized (this) {
            queue.clear();
            flushScheduled = false;
            unfinishedBatches = 0;
            notifyAll();
        }
    }
}
