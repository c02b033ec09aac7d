package io.crmsync.sandbox.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.crmsync.sandbox.http.Router.Match;

/**
 * The JDK HTTP server under every sandbox: binds 127.0.0.1, routes through a {@link Router}, counts each
 * routed call per endpoint and answers unknown paths with 404 and wrong methods with 405.
 */
public final class SandboxHttpServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SandboxHttpServer.class.getName());
    /** Enough for the concurrency tests: requests must really run side by side, not queue behind one. */
    public static final int DEFAULT_THREADS = 16;
    /** Test-control endpoints (reset, seed, counters, faults) live here; faults never apply to them. */
    public static final String ADMIN_PREFIX = "/_sandbox/";

    private final String name;
    private final Router router;
    private final CallCounter counter = new CallCounter();
    private final Function<String, SandboxResponse> notFound;
    private final FaultInjector faults = new FaultInjector();
    /** How an injected error looks in this API (HubSpot's 429 body differs from Salesforce's 503). */
    private volatile java.util.function.IntFunction<SandboxResponse> faultResponse = status -> SandboxResponse
            .json(status, Map.of("error", "injected_fault", "message", "fault injected by the sandbox"));
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param name     used for thread names and log lines
     * @param notFound the answer for a path no route knows, given the path (each API has its own shape)
     */
    public SandboxHttpServer(String name, Router router, Function<String, SandboxResponse> notFound) {
        this.name = name;
        this.router = router;
        this.notFound = notFound;
    }

    public SandboxHttpServer(String name, Router router) {
        this(name, router, path -> SandboxResponse.json(404,
                Map.of("error", "not_found", "message", "No endpoint at " + path)));
    }

    /** Starts on {@code port}; 0 picks a free port. */
    public synchronized void start(int port) {
        if (server != null) {
            throw new IllegalStateException(name + " is already started");
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(name + " could not bind 127.0.0.1:" + port, e);
        }
        executor = Executors.newFixedThreadPool(DEFAULT_THREADS, threadsNamed(name + "-http"));
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
    }

    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public CallCounter counter() {
        return counter;
    }

    public FaultInjector faults() {
        return faults;
    }

    /** Sets how injected errors are answered, in the API's own error shape. */
    public void faultResponse(java.util.function.IntFunction<SandboxResponse> shape) {
        this.faultResponse = shape;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    private void exchange(HttpExchange exchange) {
        try (exchange) {
            SandboxResponse response = respond(exchange);
            send(exchange, response);
        } catch (IOException | RuntimeException e) {
            // The client went away or the answer could not be written; nothing left to tell it.
            LOG.log(Level.FINE, name + ": exchange failed", e);
        }
    }

    private SandboxResponse respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Match match = router.match(method, rawPath);
        if (match instanceof Match.NotFound) {
            return notFound.apply(rawPath);
        }
        if (match instanceof Match.MethodNotAllowed notAllowed) {
            return SandboxResponse.json(405, Map.of("error", "method_not_allowed", "message",
                    method + " is not allowed on " + rawPath)).withHeader("Allow",
                            String.join(", ", notAllowed.allowed()));
        }
        Match.Found found = (Match.Found) match;
        SandboxRequest request = new SandboxRequest(method, rawPath, found.route().pattern().pattern(),
                found.pathParams(), UrlCoding.parseForm(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders(), body);
        counter.record(request.endpointKey());
        if (!rawPath.startsWith(ADMIN_PREFIX)) {
            java.util.Optional<SandboxResponse> fault = injectFault();
            if (fault.isPresent()) {
                return fault.get();
            }
        }
        try {
            return found.route().handler().handle(request);
        } catch (ResponseException e) {
            return e.response();
        } catch (Exception e) {
            LOG.log(Level.WARNING, name + ": handler for " + request.endpointKey() + " failed", e);
            return SandboxResponse.json(500, Map.of("error", "sandbox_failure", "message", String.valueOf(e)));
        }
    }

    /** Added latency, then maybe an injected error (counted as a call, as the real API would). */
    private java.util.Optional<SandboxResponse> injectFault() {
        java.time.Duration latency = faults.latency();
        if (!latency.isZero()) {
            try {
                Thread.sleep(latency.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = faults.errorStatusForNextCall();
        return status == 0 ? java.util.Optional.empty() : java.util.Optional.of(faultResponse.apply(status));
    }

    private static void send(HttpExchange exchange, SandboxResponse response) throws IOException {
        response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        byte[] body = response.body();
        boolean noBody = body.length == 0 || response.status() == 204 || response.status() == 304
                || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Daemon threads, so a forgotten sandbox never keeps a test JVM alive. */
    public static ThreadFactory threadsNamed(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

}
