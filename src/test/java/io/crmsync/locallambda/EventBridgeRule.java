package io.crmsync.locallambda;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for an EventBridge rule whose target is a Lambda function: events POSTed to it (one JSON
 * event per request, as the Salesforce sandbox's Event Relay stand-in sends them) are accepted at once and
 * handed to the function asynchronously; a failed invocation is retried twice, as Lambda retries asynchronous
 * invocations, and then kept as failed (the function's failure destination).
 */
public final class EventBridgeRule implements AutoCloseable {

    static final int ASYNC_RETRIES = 2;

    private final RuntimeApi function;
    private final HttpServer server;
    private final ExecutorService invoker = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "eventbridge-rule");
        t.setDaemon(true);
        return t;
    });
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
            invoker.submit(() -> invokeWithRetries(event));
            byte[] answer = "{\"FailedEntryCount\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    private void invokeWithRetries(byte[] event) {
        for (int attempt = 0; attempt <= ASYNC_RETRIES; attempt++) {
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
        }
        failed.add(new String(event, StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.stop(0);
        invoker.shutdownNow();
    }
}
