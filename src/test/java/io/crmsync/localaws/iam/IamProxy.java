package io.crmsync.localaws.iam;

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
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP proxy in front of one local AWS service (ElasticMQ, dynalite or the local Secrets Manager) that does what
 * IAM does in front of the real one: it reads who signed the request (the access key in the SigV4 Authorization
 * header names the caller's role), what the request needs ({@link AwsCall}), and refuses it with the service's own
 * AccessDeniedException shape unless the role's policies allow every action on every resource. Allowed requests are
 * forwarded unchanged. Functions are given only the proxy's address, so their code cannot go around it.
 *
 * <p>The JDK's HTTP server and client suffice: requests are forwarded byte for byte, no framework needed.
 */
final class IamProxy implements AutoCloseable {

    /** Headers the JDK client sets itself (or refuses to set). */
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "date", "via", "warning", "from", "transfer-encoding", "keep-alive");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String service;
    private final URI backend;
    private final IamEnforcement enforcement;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "iam-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client;

    IamProxy(String service, URI backend, IamEnforcement enforcement) {
        this.service = service;
        this.backend = backend;
        this.enforcement = enforcement;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(executor)
                .connectTimeout(Duration.ofSeconds(5)).build();
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String accessKey = accessKeyOf(exchange.getRequestHeaders().getFirst("Authorization"));
            IamEnforcement.Verdict verdict = enforcement.check(service, accessKey, target, parse(body));
            if (!verdict.allowed()) {
                refuse(exchange, verdict);
                return;
            }
            forward(exchange, body);
        } catch (RuntimeException e) {
            refuse(exchange, IamEnforcement.Verdict.unreadable(e.getMessage()));
        }
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AwsCall.UnreadableCall("the request body is not JSON");
        }
    }

    /** {@code AWS4-HMAC-SHA256 Credential=AKID/20261207/us-east-1/sqs/aws4_request, SignedHeaders=…, Signature=…} */
    static String accessKeyOf(String authorization) {
        if (authorization == null) {
            return null;
        }
        int at = authorization.indexOf("Credential=");
        if (at < 0) {
            return null;
        }
        int end = authorization.indexOf('/', at);
        return end < 0 ? null : authorization.substring(at + "Credential=".length(), end);
    }

    private void forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(backend.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body))
                // ReceiveMessage long-polls up to 20 s.
                .timeout(Duration.ofSeconds(60));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        response.headers().map().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, List.copyOf(values));
            }
        });
        byte[] answer = response.body();
        exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
    }

    /** The service's own error shape for a refused or unreadable request. */
    private void refuse(HttpExchange exchange, IamEnforcement.Verdict verdict) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        int status;
        String contentType;
        switch (service) {
            case "sqs" -> {
                // SQS's JSON protocol; x-amzn-query-error keeps the error code its query protocol had.
                status = verdict.outage() ? 503 : verdict.errorType().equals("AccessDeniedException") ? 403 : 400;
                contentType = "application/x-amz-json-1.0";
                error.put("__type", "com.amazon.coral.service#" + verdict.errorType()).put("message",
                        verdict.message());
                exchange.getResponseHeaders().add("x-amzn-query-error", (verdict.errorType()
                        .equals("AccessDeniedException") ? "AccessDenied" : verdict.errorType()) + ";Sender");
            }
            case "dynamodb" -> {
                status = verdict.outage() ? 503 : 400;
                contentType = "application/x-amz-json-1.0";
                error.put("__type", "com.amazon.coral.service#" + verdict.errorType()).put("Message",
                        verdict.message());
            }
            default -> {
                status = verdict.outage() ? 503 : 400;
                contentType = "application/x-amz-json-1.1";
                error.put("__type", verdict.errorType()).put("Message", verdict.message());
            }
        }
        byte[] bytes = JSON.writeValueAsBytes(error);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
