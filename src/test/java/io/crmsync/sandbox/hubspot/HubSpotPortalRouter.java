package io.crmsync.sandbox.hubspot;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One address for several HubSpot sandboxes, each a portal of its own, as api.hubapi.com is one address for every
 * portal: a request goes to the portal that issued its bearer token (a request without one, such as OAuth's token
 * endpoint, to the first portal). A sandbox is one portal, so without this a deployment under test could reach
 * only one; crmsync's calls carry each tenant's own token, so a tenant reaching another's portal shows up as
 * data in the wrong portal.
 *
 * <p>Hand-written forwarding (the JDK's server and client): a test proxy on loopback, with nothing to configure.
 */
public final class HubSpotPortalRouter implements AutoCloseable {

    /** Set by the HTTP client itself; copying them is refused or wrong. */
    private static final Set<String> HOP_HEADERS = Set.of("host", "connection", "content-length", "expect",
            "upgrade", "transfer-encoding", "keep-alive");

    private final List<HubSpotSandbox> portals;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
        Thread thread = new Thread(r, "hubspot-portal-router");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpServer server;

    public HubSpotPortalRouter(List<HubSpotSandbox> portals) {
        if (portals.isEmpty()) {
            throw new IllegalArgumentException("no portal to route to");
        }
        this.portals = List.copyOf(portals);
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            HubSpotSandbox portal = portalFor(exchange.getRequestHeaders().getFirst("Authorization"));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(portal.baseUrl()
                    + exchange.getRequestURI().getRawPath()
                    + Optional.ofNullable(exchange.getRequestURI().getRawQuery()).map(q -> "?" + q).orElse("")))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] out = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private HubSpotSandbox portalFor(String authorization) {
        if (authorization != null && authorization.trim().startsWith("Bearer ")) {
            String token = authorization.trim().substring("Bearer ".length()).trim();
            for (HubSpotSandbox portal : portals) {
                if (portal.issuedToApp(token)) {
                    return portal;
                }
            }
        }
        return portals.get(0);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
