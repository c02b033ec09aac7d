package io.crmsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code crmsync page}: the admin API on 127.0.0.1, so a browser can open the health page of a stack
 * whose Function URL takes only SigV4-signed requests. Every request (method, path, query, body, content-type,
 * accept) is forwarded to the admin API, signed when it is a deployed Function URL; the answer's status, body and
 * content-type come back, with the page's security headers (its Content-Security-Policy among them).
 *
 * <p>It signs with the user's AWS credentials whatever it is asked, so it answers only its own origin: a request
 * naming another host (DNS rebinding) or sent by another site's page (its Origin, Sec-Fetch-Site) is refused.
 */
final class SigningProxy implements AutoCloseable {

    /** {@code page} without a port. */
    static final int DEFAULT_PORT = 8787;

    /** Request headers the admin API reads. */
    private static final List<String> FORWARDED = List.of("content-type", "accept");
    /** Answer headers copied back: the type, and what keeps the page strict in the browser. */
    private static final List<String> RETURNED = List.of("content-type", "content-disposition",
            "content-security-policy", "x-content-type-options", "referrer-policy", "cache-control");

    private final AdminApi api;
    private final HttpClient client;
    private final HttpServer server;
    private final ExecutorService workers;

    private SigningProxy(AdminApi api, HttpClient client, HttpServer server, ExecutorService workers) {
        this.api = api;
        this.client = client;
        this.server = server;
        this.workers = workers;
    }

    /**
     * Listens on 127.0.0.1:{@code port} (0 for any free port) and forwards to {@code api}, which says where the
     * admin API is and whether requests to it are signed.
     */
    static SigningProxy start(AdminApi api, HttpClient client, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        // A few at once: the page loads its tenants, health and history in parallel.
        ExecutorService workers = Executors.newFixedThreadPool(4);
        SigningProxy proxy = new SigningProxy(api, client, server, workers);
        server.createContext("/", proxy::handle);
        server.setExecutor(workers);
        server.start();
        return proxy;
    }

    /** {@code http://127.0.0.1:<port>/}, what the browser opens. */
    URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Optional<String> refusal = refusal(exchange);
            if (refusal.isPresent()) {
                answer(exchange, 403, Map.of("content-type", "text/plain; charset=utf-8"), refusal.get());
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            URI uri = exchange.getRequestURI();
            String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            Map<String, String> headers = new LinkedHashMap<>();
            for (String name : FORWARDED) {
                String value = exchange.getRequestHeaders().getFirst(name);
                if (value != null) {
                    headers.put(name, value);
                }
            }
            HttpResponse<byte[]> response;
            try {
                response = client.send(api.httpRequest(exchange.getRequestMethod(), pathAndQuery, headers, body),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (MissingCredentialsException e) {
                answer(exchange, 502, Map.of("content-type", "text/plain; charset=utf-8"), e.getMessage());
                return;
            } catch (IOException | IllegalArgumentException e) {
                answer(exchange, 502, Map.of("content-type", "text/plain; charset=utf-8"),
                        "the admin API at " + api.base() + " did not answer: " + e);
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            Map<String, String> returned = new LinkedHashMap<>();
            for (String name : RETURNED) {
                response.headers().firstValue(name).ifPresent(value -> returned.put(name, value));
            }
            answer(exchange, response.statusCode(), returned, response.body());
        }
    }

    /** Why a request is not forwarded, if it is not: only the page itself, in this browser, may use the proxy. */
    private Optional<String> refusal(HttpExchange exchange) {
        int port = server.getAddress().getPort();
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("host")).orElse("")
                .toLowerCase(Locale.ROOT);
        if (!host.equals("127.0.0.1:" + port) && !host.equals("localhost:" + port)) {
            return Optional.of("refused: open http://127.0.0.1:" + port + "/");
        }
        String origin = exchange.getRequestHeaders().getFirst("origin");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            return Optional.of("refused: a request from another site's page");
        }
        String site = exchange.getRequestHeaders().getFirst("sec-fetch-site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return Optional.of("refused: a request from another site's page");
        }
        return Optional.empty();
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, String text)
            throws IOException {
        answer(exchange, status, headers, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach(exchange.getResponseHeaders()::set);
        boolean noBody = body.length == 0 || status == 204 || status == 304
                || exchange.getRequestMethod().equalsIgnoreCase("HEAD");
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
