package io.crmsync.locallambda;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for an EventBridge rule whose target is a Lambda function: events POSTed to it (one JSON
 * event per request, as the Salesforce sandbox's Event Relay stand-in sends them) are accepted at once and
 * handed to the function asynchronously; a failed invocation is retried twice, as Lambda retries asynchronous
 * invocations, and then kept as failed (the function's failure destination). The retries follow at once unless
 * {@link #retryDelays} sets Lambda's waits ({@link #LAMBDA_RETRY_DELAYS}: 1 minute, then 2).
 */
public final class EventBridgeRule implements AutoCloseable {

    static final int ASYNC_RETRIES = 2;
    /** Lambda's waits before the two retries of a failed asynchronous invocation. */
    public static final List<Duration> LAMBDA_RETRY_DELAYS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(2));

    private final RuntimeApi function;
    private final HttpServer server;
    private final ExecutorService invoker = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "eventbridge-rule");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "eventbridge-retry");
        t.setDaemon(true);
        return t;
    });
    private volatile List<Duration> retryDelays = List.of(Duration.ZERO, Duration.ZERO);
    private final List<String> failed = new CopyOnWriteArrayList<>();
    private final AtomicLong delivered = new AtomicLong();
    private final List<String> answers = new CopyOnWriteArrayList<>();

    public EventBridgeRule(RuntimeApi function) {
        this.function = function;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::accept);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "eventbridge-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** The waits before the first and the second retry from now on, e.g. {@link #LAMBDA_RETRY_DELAYS}. */
    public void retryDelays(List<Duration> delays) {
        if (delays.size() != ASYNC_RETRIES) {
            throw new IllegalArgumentException("Lambda retries an asynchronous invocation " + ASYNC_RETRIES + " times");
        }
        retryDelays = List.copyOf(delays);
    }

    /** Where to POST events. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/events";
    }

    /** Events the function handled without error. */
    public long delivered() {
        return delivered.get();
    }

    /** What the function answered for each event it handled, in order. */
    public List<String> answers() {
        return List.copyOf(answers);
    }

    /** Events the function failed on after the retries (what the failure destination would hold). */
    public List<String> failed() {
        return List.copyOf(failed);
    }

    private void accept(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] event = exchange.getRequestBody().readAllBytes();
            invoker.submit(() -> invoke(event, 0));
            byte[] answer = "{\"FailedEntryCount\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** One attempt; a failed one is tried again (at once, or after the retry's delay) until the retries are spent. */
    private void invoke(byte[] event, int attempt) {
        try {
            answers.add(new String(function.invoke(event).get(), StandardCharsets.UTF_8));
            delivered.incrementAndGet();
            return;
        } catch (ExecutionException e) {
            // retried below, like Lambda's asynchronous invocation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (attempt >= ASYNC_RETRIES) {
            failed.add(new String(event, StandardCharsets.UTF_8));
            return;
        }
        Duration delay = retryDelays.get(attempt);
        if (delay.isZero()) {
            invoke(event, attempt + 1);
        } else {
            try {
                retryTimer.schedule(() -> invoker.submit(() -> invoke(event, attempt + 1)), delay.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the rule is closing
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        retryTimer.shutdownNow();
        invoker.shutdownNow();
    }
}
