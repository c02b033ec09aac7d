package io.crmsync.health;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.crmsync.adminhttp.AdminRouter;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

/**
 * The admin function's URL in miniature: a JDK HttpServer on loopback that turns each request into the
 * payload-format-2.0 event a Function URL sends, asks each route group in turn, as the admin function does, and
 * writes the first answer back (404 JSON when none answers). It keeps when each request came and went, for the
 * page's load time.
 */
final class AdminHttpServer implements AutoCloseable {

    /** One request as served: its path and query, status, and when it arrived and was answered. */
    record Served(String method, String target, int status, Instant arrived, Instant answered) {
    }

    private final AdminRouter router;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Served> served = Collections.synchronizedList(new ArrayList<>());

    AdminHttpServer(AdminRouter router) {
        this.router = router;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 32);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Served> served() {
        synchronized (served) {
            return List.copyOf(served);
        }
    }

    void forget() {
        served.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant arrived = Instant.now();
            HttpRequestEvent event = event(exchange, exchange.getRequestBody().readAllBytes(), arrived);
            // The admin function's own router: errors become JSON answers there, as in Lambda.
            HttpResponseEvent response = router.handle(event);
            byte[] body = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
            if (response.headers() != null) {
                response.headers().forEach((k, v) -> exchange.getResponseHeaders().put(k, List.of(v)));
            }
            exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            String query = exchange.getRequestURI().getRawQuery();
            served.add(new Served(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (query == null ? "" : "?" + query), response.statusCode(), arrived, Instant.now()));
        }
    }

    private static HttpRequestEvent event(HttpExchange exchange, byte[] body, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        // AWS lower-cases header names and joins repeated headers with commas.
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        String path = exchange.getRequestURI().getRawPath();
        String query = exchange.getRequestURI().getRawQuery();
        return new HttpRequestEvent("2.0", path, query == null ? "" : query, headers,
                body.length == 0 ? null : new String(body, StandardCharsets.UTF_8), false,
                new HttpRequestEvent.RequestContext(headers.getOrDefault("host", "127.0.0.1"), "local-" + now.toEpochMilli(),
                        new HttpRequestEvent.Http(exchange.getRequestMethod(), path,
                                exchange.getRemoteAddress().getAddress().getHostAddress(),
                                headers.getOrDefault("user-agent", "")),
                        now.toEpochMilli()));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
