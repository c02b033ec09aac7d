package io.crmsync.locallambda;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local stand-in for the AWS Lambda Runtime API (2018-06-01), the HTTP interface a function's runtime polls
 * for invocations. The AWS Lambda Java runtime interface client talks to it exactly as it talks to Lambda, so
 * function.zip runs here as it runs in AWS. Several function instances may poll one API: each invocation goes
 * to one of them, as Lambda spreads concurrent invocations over instances.
 *
 * <p>Each instance polls its own {@link Endpoint} (its own port: the runtime's requests name no instance), so the
 * API knows which instance runs an invocation. As in Lambda, an invocation gets the function's Timeout from the
 * moment an instance takes it ({@code Lambda-Runtime-Deadline-Ms}); past it the invocation fails with Lambda's
 * "Task timed out after N seconds" ({@link FunctionTimeout}) and the instance's execution environment is torn down:
 * its endpoint closes and the {@link #onTimeout timeout listener} (see {@link LocalFunctions}) kills the JVM and
 * starts a fresh one, so the next invocation on that slot is a cold start.
 *
 * <p>The trace header handed to the runtime ({@code Lambda-Runtime-Trace-Id}, which the Java runtime client puts in
 * the system property {@code com.amazonaws.xray.traceHeader} for the AWS SDK) is the caller's, e.g. an SQS
 * message's {@code AWSTraceHeader} as the event source passes it; see {@link TraceHeader} for the hop count.
 *
 * <p>The JDK's HTTP server suffices: four routes, no framework needed.
 */
public final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";
    /** An invocation no instance takes within this (instances dead or stuck starting) fails instead of hanging. */
    static final Duration QUEUED_LIMIT = Duration.ofSeconds(120);

    private final String functionName;
    private final Duration timeout;
    private final RecursiveLoop recursiveLoop;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "runtime-api");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "runtime-api-deadlines");
        t.setDaemon(true);
        return t;
    });
    private final BlockingDeque<Invocation> pending = new LinkedBlockingDeque<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<String> initError = new CompletableFuture<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger timeouts = new AtomicInteger();
    /** Time instances spent running invocations, from hand-out to answer (or timeout): Lambda's billed duration. */
    private final java.util.concurrent.atomic.LongAdder busyNanos = new java.util.concurrent.atomic.LongAdder();
    private final List<Endpoint> endpoints = new CopyOnWriteArrayList<>();
    private final Endpoint shared;
    private volatile IntConsumer timeoutListener = slot -> {
    };
    private volatile boolean closed;
    /** System.nanoTime() of the first poll for an invocation and of the first answer, for cold-start timing. */
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private final CompletableFuture<Long> firstResponse = new CompletableFuture<>();

    /** One invocation: the event, its trace header, and the function's answer once it arrives. */
    private static final class Invocation {
        final String requestId = UUID.randomUUID().toString();
        final byte[] event;
        final String traceHeader;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        volatile Endpoint runningOn;
        volatile ScheduledFuture<?> deadline;
        volatile long startedNanos;

        Invocation(byte[] event, String traceHeader) {
            this.event = event;
            this.traceHeader = traceHeader;
        }
    }

    /** The function answered with an error (Lambda's "Unhandled" function error). */
    public static class FunctionError extends RuntimeException {
        public FunctionError(String message) {
            super(message);
        }
    }

    /** The invocation ran past the function's Timeout: Lambda's {@code Sandbox.Timedout} error. */
    public static final class FunctionTimeout extends FunctionError {
        public FunctionTimeout(String message) {
            super(message);
        }
    }

    /**
     * Where one function instance polls: its own port. {@code slot} names the instance among the function's
     * (-1 for the shared endpoint of {@link #address()}, whose instance the API cannot tell apart).
     */
    public final class Endpoint {
        private final int slot;
        private final HttpServer server;
        private final AtomicBoolean open = new AtomicBoolean(true);
        private volatile boolean polled;

        private Endpoint(int slot) {
            this.slot = slot;
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext(PREFIX, exchange -> route(this, exchange));
            server.setExecutor(executor);
            server.start();
        }

        /** host:port, the value of AWS_LAMBDA_RUNTIME_API for the instance's runtime. */
        public String address() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        public int slot() {
            return slot;
        }

        /** Whether the instance has polled here: its runtime got through initialisation. */
        public boolean polled() {
            return polled;
        }

        /** Stops serving: the instance's environment is gone; its invocations end with it. */
        void close() {
            if (open.compareAndSet(true, false)) {
                server.stop(0);
                endpoints.remove(this);
            }
        }
    }

    public RuntimeApi(String functionName, Duration timeout) {
        this(functionName, timeout, RecursiveLoop.TERMINATE);
    }

    /** @param recursiveLoop the function's RecursiveLoop setting (template.yaml), read by event sources */
    public RuntimeApi(String functionName, Duration timeout, RecursiveLoop recursiveLoop) {
        this.functionName = functionName;
        this.timeout = timeout;
        this.recursiveLoop = recursiveLoop;
        this.shared = new Endpoint(-1);
        endpoints.add(shared);
    }

    /** host:port of an endpoint any instance may poll (no instance is torn down on a timeout there). */
    public String address() {
        return shared.address();
    }

    /** A new endpoint for the instance in {@code slot}: start that instance's runtime against its address. */
    public Endpoint openEndpoint(int slot) {
        Endpoint endpoint = new Endpoint(slot);
        endpoints.add(endpoint);
        return endpoint;
    }

    /** Called with the slot of an instance whose invocation timed out, after its endpoint has closed. */
    public void onTimeout(IntConsumer listener) {
        this.timeoutListener = listener;
    }

    public String functionName() {
        return functionName;
    }

    /** The ARN Lambda gives the function (local account 000000000000), as in Lambda-Runtime-Invoked-Function-Arn. */
    public String functionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    public Duration timeout() {
        return timeout;
    }

    public RecursiveLoop recursiveLoop() {
        return recursiveLoop;
    }

    /** How many invocations have timed out so far. */
    public int timeouts() {
        return timeouts.get();
    }

    /** Milliseconds instances have spent running invocations so far (summed over instances). */
    public long busyMillis() {
        return busyNanos.sum() / 1_000_000;
    }

    /** Queues an invocation with a fresh trace; see {@link #invoke(byte[], String)}. */
    public CompletableFuture<byte[]> invoke(byte[] event) {
        return invoke(event, null);
    }

    /**
     * Queues an invocation; completes with the function's response, or fails with {@link FunctionError}
     * ({@link FunctionTimeout} past the function's Timeout).
     *
     * @param traceHeader the X-Ray trace header to hand the runtime (Lambda-Runtime-Trace-Id), or null for a new
     *        trace
     */
    public CompletableFuture<byte[]> invoke(byte[] event, String traceHeader) {
        Invocation invocation = new Invocation(event,
                traceHeader != null ? traceHeader : TraceHeader.fresh().toString());
        if (closed) {
            invocation.result.completeExceptionally(new FunctionError("runtime API closed"));
            return invocation.result;
        }
        pending.add(invocation);
        // A timer per queued invocation: one nobody takes (no instance alive) fails rather than hanging its caller.
        ScheduledFuture<?> queued = deadlines.schedule(() -> {
            if (pending.remove(invocation)) {
                invocation.result.completeExceptionally(new FunctionError(
                        "no instance of " + functionName + " took the invocation within " + QUEUED_LIMIT));
            }
        }, QUEUED_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        return invocation.result.whenComplete((r, e) -> {
            queued.cancel(false);
            ScheduledFuture<?> deadline = invocation.deadline;
            if (deadline != null) {
                deadline.cancel(false);
            }
            inFlight.remove(invocation.requestId);
        });
    }

    /** The slots of the instances running an invocation right now (an instance runs one at a time). */
    public java.util.Set<Integer> busySlots() {
        return running().keySet();
    }

    /** The event of each invocation running right now, by the slot of the instance running it. */
    public Map<Integer, byte[]> running() {
        Map<Integer, byte[]> events = new java.util.HashMap<>();
        inFlight.values().forEach(i -> {
            Endpoint on = i.runningOn;
            if (on != null) {
                events.put(on.slot, i.event);
            }
        });
        return events;
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

    private void route(Endpoint endpoint, HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        try (exchange) {
            if (path.equals("invocation/next") && exchange.getRequestMethod().equals("GET")) {
                next(endpoint, exchange);
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
    private void next(Endpoint endpoint, HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        endpoint.polled = true;
        Invocation invocation = null;
        waiting.incrementAndGet();
        try {
            // Polls in slices so a poll of a torn-down instance gives up instead of taking work to a dead process.
            while (invocation == null && endpoint.open.get()) {
                invocation = pending.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waiting.decrementAndGet();
        }
        if (invocation == null) {
            return;
        }
        if (!endpoint.open.get() || invocation.result.isDone()) {
            if (!invocation.result.isDone()) {
                pending.addFirst(invocation);
            }
            return;
        }
        long deadlineMillis = System.currentTimeMillis() + timeout.toMillis();
        invocation.runningOn = endpoint;
        invocation.startedNanos = System.nanoTime();
        inFlight.put(invocation.requestId, invocation);
        Invocation running = invocation;
        invocation.deadline = deadlines.schedule(() -> timedOut(running), timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(deadlineMillis));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn());
            exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", invocation.traceHeader);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, invocation.event.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(invocation.event);
            }
        } catch (IOException e) {
            // The instance went away while its poll waited: the invocation goes to the next instance that polls.
            inFlight.remove(invocation.requestId);
            invocation.deadline.cancel(false);
            invocation.runningOn = null;
            if (!invocation.result.isDone()) {
                pending.addFirst(invocation);
            }
            throw e;
        }
    }

    /**
     * The invocation passed its deadline: it fails as Lambda's does, and the instance's environment is torn down
     * (Lambda resets it; the next invocation there starts cold).
     */
    private void timedOut(Invocation invocation) {
        if (invocation.result.isDone()) {
            return;
        }
        timeouts.incrementAndGet();
        busyNanos.add(System.nanoTime() - invocation.startedNanos);
        inFlight.remove(invocation.requestId);
        // The environment is reset before the caller hears of the timeout, so what it does next meets a new one.
        Endpoint endpoint = invocation.runningOn;
        if (endpoint != null && endpoint.slot >= 0) {
            endpoint.close();
            try {
                timeoutListener.accept(endpoint.slot);
            } catch (RuntimeException e) {
                System.err.println("replacing instance " + endpoint.slot + " of " + functionName + " failed: " + e);
            }
        }
        invocation.result.completeExceptionally(new FunctionTimeout(String.format(Locale.ROOT,
                "{\"errorMessage\":\"%s %s Task timed out after %.2f seconds\",\"errorType\":\"Sandbox.Timedout\"}",
                java.time.Instant.now(), invocation.requestId, timeout.toMillis() / 1000.0)));
    }

    /**
     * The instance polling {@code endpoint} exited by itself (a crash, System.exit): as in Lambda, its invocation
     * fails with Runtime.ExitError at once rather than at the deadline, and its endpoint closes.
     */
    public void instanceExited(Endpoint endpoint) {
        endpoint.close();
        inFlight.values().stream().filter(i -> i.runningOn == endpoint).toList().forEach(i -> {
            inFlight.remove(i.requestId);
            i.result.completeExceptionally(new FunctionError("{\"errorMessage\":\"RequestId: " + i.requestId
                    + " Error: Runtime exited without providing a reason\",\"errorType\":\"Runtime.ExitError\"}"));
        });
    }

    private void complete(HttpExchange exchange, String path, boolean error) throws IOException {
        String requestId = path.substring("invocation/".length(), path.lastIndexOf('/'));
        byte[] body = exchange.getRequestBody().readAllBytes();
        long receivedNanos = System.nanoTime();
        Invocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            // Unknown, already answered, or timed out (Lambda refuses a late answer the same way).
            reply(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        busyNanos.add(receivedNanos - invocation.startedNanos);
        if (!error) {
            firstResponse.complete(receivedNanos);
        }
        if (error) {
            invocation.result.completeExceptionally(new FunctionError(new String(body, StandardCharsets.UTF_8)));
        } else {
            invocation.result.complete(body);
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
        closed = true;
        endpoints.forEach(Endpoint::close);
        deadlines.shutdownNow();
        executor.shutdownNow();
        pending.forEach(i -> i.result.completeExceptionally(new FunctionError("runtime API closed")));
        inFlight.values().forEach(i -> i.result.completeExceptionally(new FunctionError("runtime API closed")));
    }
}
