package io.crmsync.sandbox.hubspot;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A stand-in webhook endpoint for tests: records every POST and answers with scripted statuses. */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received; header names lower-case. */
    record Received(String method, URI uri, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
    private volatile int defaultStatus = 200;

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hubspot/webhook");
    }

    /** The next requests are answered with these statuses, then {@link #answerAlways}'s. */
    synchronized void answerNext(Integer... statuses) {
        scriptedStatuses.addAll(List.of(statuses));
    }

    void answerAlways(int status) {
        defaultStatus = status;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI(), headers, body));
            int status;
            synchronized (this) {
                status = scriptedStatuses.isEmpty() ? defaultStatus : scriptedStatuses.poll();
            }
            exchange.sendResponseHeaders(status, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
