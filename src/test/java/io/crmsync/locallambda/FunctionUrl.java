package io.crmsync.locallambda;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Lambda Function URL: turns each HTTP request into a payload-format-2.0 event, invokes the function
 * through its {@link RuntimeApi}, and turns the function's answer back into the HTTP response — what AWS does
 * in front of a function with a Function URL. An invocation error becomes a 502, as in AWS.
 */
public final class FunctionUrl implements AutoCloseable {

    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z",
            Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final RuntimeApi function;
    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(16);
    /** Set for a URL with AuthType AWS_IAM: unsigned or wrongly signed requests never reach the function. */
    private volatile FunctionUrlIamAuth iamAuth;

    /** Lambda's limit on a synchronous invocation's request payload; a Function URL refuses larger bodies. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

    public FunctionUrl(RuntimeApi function, int port) {
        this.function = function;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** From now on, as a Function URL with {@code AuthType: AWS_IAM}: 403 unless signed by {@code auth}'s key. */
    public void requireIamAuth(FunctionUrlIamAuth auth) {
        this.iamAuth = auth;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(MAX_PAYLOAD_BYTES + 1);
            if (body.length > MAX_PAYLOAD_BYTES) {
                exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
                send(exchange, 413, Map.of("content-type", "application/json"), ("{\"Message\":\"Request must be "
                        + "smaller than " + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation\"}")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            FunctionUrlIamAuth auth = iamAuth;
            if (auth != null && !signed(auth, exchange, body)) {
                send(exchange, 403, Map.of("content-type", "application/json"),
                        "{\"Message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] answer;
            try {
                answer = function.invoke(json.writeValueAsBytes(event(exchange, body))).get();
            } catch (ExecutionException e) {
                send(exchange, 502, Map.of("content-type", "application/json"),
                        "{\"Message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            JsonNode response = json.readTree(answer);
            Map<String, String> headers = new LinkedHashMap<>();
            if (response.has("headers") && response.get("headers").isObject()) {
                response.get("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            }
            String text = response.path("body").isNull() ? "" : response.path("body").asText("");
            byte[] out = response.path("isBase64Encoded").asBoolean(false) ? Base64.getDecoder().decode(text)
                    : text.getBytes(StandardCharsets.UTF_8);
            send(exchange, response.path("statusCode").asInt(200), headers, out);
        }
    }

    private static boolean signed(FunctionUrlIamAuth auth, HttpExchange exchange, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        String host = headers.getOrDefault("host", "127.0.0.1");
        java.net.URI uri = java.net.URI.create("http://" + host + exchange.getRequestURI().toString());
        return auth.allows(exchange.getRequestMethod(), uri, headers, body, java.time.Clock.systemUTC());
    }

    private ObjectNode event(HttpExchange exchange, byte[] body) {
        Instant now = Instant.now();
        String host = exchange.getRequestHeaders().getFirst("Host");
        ObjectNode event = json.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", exchange.getRequestURI().getRawPath());
        event.put("rawQueryString", exchange.getRequestURI().getRawQuery() == null ? ""
                : exchange.getRequestURI().getRawQuery());
        ObjectNode headers = event.putObject("headers");
        // AWS lower-cases header names and joins repeated headers with commas.
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                String.join(",", values)));
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", "anonymous");
        context.put("apiId", "local");
        context.put("domainName", host == null ? "127.0.0.1" : host);
        context.put("domainPrefix", "local");
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.getRequestMethod());
        http.put("path", exchange.getRequestURI().getRawPath());
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", exchange.getRequestHeaders().getFirst("User-Agent"));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        String contentType = String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).toLowerCase(Locale.ROOT);
        boolean text = contentType.startsWith("text/") || contentType.contains("json") || contentType.contains("xml")
                || contentType.contains("x-www-form-urlencoded");
        if (body.length > 0) {
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
        }
        event.put("isBase64Encoded", body.length > 0 && !text);
        return event;
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().put(k, List.of(v)));
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
