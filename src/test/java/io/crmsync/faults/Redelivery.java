package io.crmsync.faults;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.hubspot.WebhookDelivery;

/**
 * Every change notification delivered {@code copies} times: the first at once (its answer is the one the CRM sees,
 * so acknowledgements and retries stay real), the others at random moments up to {@code spread} later, so copies
 * of old changes arrive interleaved with, and after, newer ones. Salesforce's Outbound Messages and CDC events pass
 * through a relay in front of their endpoint; HubSpot's webhooks are signed for the Function URL, so they are
 * redelivered by the sandbox itself (fresh timestamp and signature, the body unchanged), as HubSpot's duplicates are.
 */
final class Redelivery implements AutoCloseable {

    private final int copies;
    private final Duration spread;
    private final Random random;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(4, r -> {
        Thread t = new Thread(r, "faults-redelivery");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicLong pendingCopies = new AtomicLong();
    private final AtomicLong copiesSent = new AtomicLong();
    private final java.util.Map<URI, AtomicLong> copiesSentTo = new ConcurrentHashMap<>();
    private final Set<String> webhookBodiesSeen = ConcurrentHashMap.newKeySet();
    private final java.util.List<HttpServer> relays = new java.util.concurrent.CopyOnWriteArrayList<>();

    Redelivery(int copies, Duration spread, long seed) {
        this.copies = copies;
        this.spread = spread;
        this.random = new Random(seed);
    }

    /** A relay in front of {@code target}: what the CRM should be told to call instead. */
    URI relayTo(URI target) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> relay(exchange, target));
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "faults-relay");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        relays.add(server);
        String query = target.getRawQuery() == null ? "" : "?" + target.getRawQuery();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + target.getRawPath() + query);
    }

    /** Watches HubSpot's webhook POSTs and schedules the extra copies of each first delivery. */
    void watchWebhooks(HubSpotSandbox hubSpot) {
        scheduler.scheduleWithFixedDelay(() -> {
            for (WebhookDelivery delivery : hubSpot.deliveries()) {
                // Retries and our own copies carry a body already seen; each distinct batch is copied once.
                if (delivery.succeeded() && webhookBodiesSeen.add(delivery.body())) {
                    for (int i = 1; i < copies; i++) {
                        later(() -> hubSpot.redeliver(delivery));
                    }
                }
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
    }

    /** Copies scheduled and not yet sent. */
    long pendingCopies() {
        return pendingCopies.get();
    }

    long copiesSent() {
        return copiesSent.get();
    }

    /** Copies the relay in front of {@code target} delivered (its endpoint answered). */
    long copiesSentTo(URI target) {
        return copiesSentTo.getOrDefault(target, new AtomicLong()).get();
    }

    private void relay(HttpExchange exchange, URI target) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            String soapAction = exchange.getRequestHeaders().getFirst("SOAPAction");
            HttpRequest request = request(target, body, contentType, soapAction);
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                exchange.sendResponseHeaders(502, -1);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
                return;
            }
            AtomicLong sentHere = copiesSentTo.computeIfAbsent(target, t -> new AtomicLong());
            for (int i = 1; i < copies; i++) {
                later(() -> {
                    try {
                        http.send(request, HttpResponse.BodyHandlers.discarding());
                        sentHere.incrementAndGet();
                    } catch (IOException e) {
                        // a copy that does not arrive is a copy fewer, never a loss: the original was answered
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add(
                    "Content-Type", v));
            exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
            if (answer.body().length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
        }
    }

    private static HttpRequest request(URI target, byte[] body, String contentType, String soapAction) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (soapAction != null) {
            builder.header("SOAPAction", soapAction);
        }
        return builder.build();
    }

    private void later(Runnable send) {
        long delay;
        synchronized (random) {
            delay = (long) (random.nextDouble() * spread.toMillis());
        }
        pendingCopies.incrementAndGet();
        scheduler.schedule(() -> {
            try {
                send.run();
                copiesSent.incrementAndGet();
            } finally {
                pendingCopies.decrementAndGet();
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        relays.forEach(server -> server.stop(0));
    }

}
