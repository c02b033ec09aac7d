package io.crmsync.locallambda;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the AWS Lambda Runtime API (2018-06-01), the HTTP interface a function's runtime polls
 * for invocations. The AWS Lambda Java runtime interface client talks to it exactly as it talks to Lambda, so
 * function.zip runs here as it runs in AWS. Several function instances may poll one API: each invocation goes
 * to one of them, as Lambda spreads concurrent invocations over instances.
 *
 * <p>The JDK's HTTP server suffices: four routes, no framework needed.
 */
public final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    private final String functionName;
    private final Duration timeout;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final BlockingQueue<Invocation> pending = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    /** System.nanoTime() of the first poll for an invocation and of the first answer, for cold-start timing. */
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<Long> firstResponse = new CompletableFuture<>();

    /** One invocation: the event, and the function's answer once it arrives. */
    private record Invocation(String requestId, byte[] event, long deadlineMillis, CompletableFuture<byte[]> result) {
    }

    /** The function answered with an error (Lambda's "Unhandled" function error). */
    public static final class FunctionError extends RuntimeException {
        public FunctionError(String message) {
            super(message);
        }
    }

    public RuntimeApi(String functionName, Duration timeout) {
        this.functionName = functionName;
        this.timeout = timeout;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PREFIX, this::route);
        server.setExecutor(executor);
        server.start();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API for the function's runtime. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an invocation; completes with the function's response, or fails with {@link FunctionError}. */
    public CompletableFuture<byte[]> invoke(byte[] event) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event,
                System.currentTimeMillis() + timeout.toMillis(), new CompletableFuture<>());
        pending.add(invocation);
        return invocation.result().orTimeout(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS)
                .whenComplete((r, e) -> inFlight.remove(invocation.requestId()));
    }

    /** How many runtime polls are waiting for an invocation: instances that are up and idle. */
    public int idleInstances() {
        return waiting.get();
    }

    /** Completes when a function instance reports an initialisation error. */
    public CompletableFuture<String> initError() {
        return initError;
    }

    /**
     * Completes with {@link System#nanoTime()} when an instance first polls for an invocation: its runtime client
     * has loaded the handler, so the function's initialisation (Lambda's init phase) is done.
     */
    public CompletableFuture<Long> firstPollNanos() {
        return firstPoll.copy();
    }

    /** Completes with {@link System#nanoTime()} when an instance first posts a (non-error) response. */
    public CompletableFuture<Long> firstResponseNanos() {
        return firstResponse.copy();
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try (exchange) {
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(exchange);
            } else if (path.startsWith("invocation/") && path.endsWith("/response")) {
                complete(exchange, path, false);
            } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                complete(exchange, path, true);
            } else if (path.equals("init/error")) {
                initError.complete(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                reply(exchange, 202, "{\"status\":\"OK\"}");
            } else {
                reply(exchange, 404, "{\"errorMessage\":\"unknown runtime API path\"}");
            }
        }
    }

    /** Long-polls like Lambda: the runtime's GET waits until there is something to do. */
    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Invocation invocation;
        waiting.incrementAndGet();
        try {
            invocation = pending.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } finally {
            waiting.decrementAndGet();
        }
        inFlight.put(invocation.requestId(), invocation);
        exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(invocation.deadlineMillis()));
        exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
                "arn:aws:lambda:us-east-1:000000000000:function:" + functionName);
        exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + UUID.randomUUID().toString()
                        .replace("-", "").substring(0, 24) + ";Sampled=0");
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private void complete(HttpExchange exchange, String path, boolean error) throws IOException {
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        byte[] body = exchange.getRequestBody().readAllBytes();
        long receivedNanos = System.nanoTime();
        Invocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            reply(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        if (!error) {
            firstResponse.complete(receivedNanos);
        }
        if (error) {
            invocation.result().completeExceptionally(new FunctionError(new String(body, StandardCharsets.UTF_8)));
        } else {
            invocation.result().complete(body);
        }
        reply(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        pending.forEach(i -> i.result().completeExceptionally(new FunctionError("runtime API closed")));
    }
}
