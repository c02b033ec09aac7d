package io.crmsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.SqsBatchEvent;

/**
 * The events Lambda hands our functions, built from the documented shapes in {@code src/test/resources/events/}
 * (see the README there) rather than field by field in each test: what a test varies is set on a copy of the
 * fixture, and every field AWS sends that we ignore stays in, so the functions are fed what they get in AWS.
 */
public final class Events {

    public static final String SQS_CHANGE_QUEUE = "sqs-change-queue.json";
    public static final String HUBSPOT_WEBHOOK = "function-url-hubspot-webhook.json";
    public static final String SALESFORCE_OUTBOUND = "function-url-salesforce-outbound.json";
    public static final String ADMIN_API_IAM = "function-url-admin-api-iam.json";
    public static final String SCHEDULED = "eventbridge-scheduled.json";
    public static final String SALESFORCE_CDC = "eventbridge-salesforce-cdc-lead-update.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Events() {
    }

    /** A fresh copy of a fixture, as AWS documents the event. */
    public static ObjectNode fixture(String name) {
        try (InputStream in = Events.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no event fixture " + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The event as our function's entry point binds it (Funqy binds the same JSON with Jackson). */
    public static <T> T as(JsonNode event, Class<T> type) {
        try {
            return JSON.treeToValue(event, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- SQS ---------------------------------------------------------------------------------------------------

    /** One message of a batch; {@code receiptHandle} null keeps the fixture's. */
    public record SqsMessage(String messageId, String receiptHandle, String body, int receiveCount) {

        public static SqsMessage of(String messageId, String body) {
            return new SqsMessage(messageId, null, body, 1);
        }
    }

    /**
     * The event an SQS event source mapping on the change queue hands the worker: the fixture's first record (a
     * first delivery without message attributes) once per message, with its id, body, MD5 and receive count.
     */
    public static ObjectNode sqs(List<SqsMessage> messages) {
        ObjectNode event = fixture(SQS_CHANGE_QUEUE);
        ArrayNode records = (ArrayNode) event.get("Records");
        ObjectNode template = (ObjectNode) records.get(0);
        records.removeAll();
        for (SqsMessage message : messages) {
            ObjectNode record = template.deepCopy();
            record.put("messageId", message.messageId()).put("body", message.body())
                    .put("md5OfBody", md5Hex(message.body()));
            if (message.receiptHandle() != null) {
                record.put("receiptHandle", message.receiptHandle());
            }
            ((ObjectNode) record.get("attributes")).put("ApproximateReceiveCount",
                    Integer.toString(message.receiveCount()));
            records.add(record);
        }
        return event;
    }

    public static ObjectNode sqs(SqsMessage... messages) {
        return sqs(List.of(messages));
    }

    public static SqsBatchEvent sqsBatch(List<SqsMessage> messages) {
        return as(sqs(messages), SqsBatchEvent.class);
    }

    // --- Function URL (payload format 2.0) ----------------------------------------------------------------------

    /** A Function URL request from a fixture, with what the test varies set on a copy. */
    public static FunctionUrlRequest functionUrl(String fixture) {
        return new FunctionUrlRequest(fixture(fixture));
    }

    /**
     * A Function URL request being filled in. Fixture values written {@code ${name}} are placeholders the test
     * must {@link #fill}; {@link #json()} refuses a request with one left, so a fixture cannot go out half done.
     */
    public static final class FunctionUrlRequest {

        private final ObjectNode event;

        private FunctionUrlRequest(ObjectNode event) {
            this.event = event;
        }

        /** Replaces every string value {@code ${name}} (and {@code ${name}} inside the query string). */
        public FunctionUrlRequest fill(String name, String value) {
            replace(event, "${" + name + "}", value);
            return this;
        }

        /** The body as sent (not Base64-encoded) and its content-length. */
        public FunctionUrlRequest body(String body) {
            event.put("body", body);
            event.put("isBase64Encoded", false);
            if (headers().has("content-length")) {
                headers().put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
            }
            return this;
        }

        /** No body, as a GET arrives. */
        public FunctionUrlRequest noBody() {
            event.remove("body");
            headers().remove("content-length");
            return this;
        }

        /** Method and path (a {@code ?query} is split off into rawQueryString and queryStringParameters). */
        public FunctionUrlRequest request(String method, String pathAndQuery) {
            int q = pathAndQuery.indexOf('?');
            String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
            String query = q < 0 ? "" : pathAndQuery.substring(q + 1);
            event.put("rawPath", path).put("rawQueryString", query);
            if (query.isEmpty()) {
                event.remove("queryStringParameters");
            } else {
                ObjectNode parameters = event.putObject("queryStringParameters");
                for (String pair : query.split("&")) {
                    int eq = pair.indexOf('=');
                    String key = eq < 0 ? pair : pair.substring(0, eq);
                    String value = decoded(eq < 0 ? "" : pair.substring(eq + 1));
                    // AWS joins repeated parameters with commas.
                    parameters.put(key, parameters.has(key) ? parameters.get(key).asText() + "," + value : value);
                }
            }
            ObjectNode http = (ObjectNode) ((ObjectNode) event.get("requestContext")).get("http");
            http.put("method", method).put("path", path);
            return this;
        }

        /** Sets a header; Function URLs deliver header names lower-cased. */
        public FunctionUrlRequest header(String name, String value) {
            headers().put(name.toLowerCase(java.util.Locale.ROOT), value);
            return this;
        }

        public FunctionUrlRequest headers(Map<String, String> headers) {
            headers.forEach(this::header);
            return this;
        }

        /** When Lambda received the request. */
        public FunctionUrlRequest receivedAt(Instant time) {
            ((ObjectNode) event.get("requestContext")).put("timeEpoch", time.toEpochMilli());
            return this;
        }

        public FunctionUrlRequest requestId(String requestId) {
            ((ObjectNode) event.get("requestContext")).put("requestId", requestId);
            return this;
        }

        /** The request as read so far, for computing what depends on it (a signature over its URL). */
        public HttpRequestEvent peek() {
            return as(event, HttpRequestEvent.class);
        }

        public ObjectNode json() {
            String unfilled = firstPlaceholder(event);
            if (unfilled != null) {
                throw new IllegalStateException("the fixture's placeholder " + unfilled + " was not filled");
            }
            return event.deepCopy();
        }

        public HttpRequestEvent event() {
            return as(json(), HttpRequestEvent.class);
        }

        private ObjectNode headers() {
            return (ObjectNode) event.get("headers");
        }
    }

    // --- EventBridge --------------------------------------------------------------------------------------------

    public static EventBridgeEvent eventBridge(String fixture) {
        return as(fixture(fixture), EventBridgeEvent.class);
    }

    // -----------------------------------------------------------------------------------------------------------

    private static void replace(JsonNode node, String placeholder, String value) {
        if (node instanceof ObjectNode object) {
            object.fieldNames().forEachRemaining(name -> {
                JsonNode child = object.get(name);
                if (child.isTextual() && child.asText().contains(placeholder)) {
                    object.set(name, TextNode.valueOf(child.asText().replace(placeholder, value)));
                } else {
                    replace(child, placeholder, value);
                }
            });
        } else if (node instanceof ArrayNode array) {
            array.forEach(child -> replace(child, placeholder, value));
        }
    }

    private static String firstPlaceholder(JsonNode node) {
        if (node.isTextual()) {
            int at = node.asText().indexOf("${");
            return at < 0 ? null : node.asText().substring(at, node.asText().indexOf('}', at) + 1);
        }
        for (JsonNode child : node) {
            String found = firstPlaceholder(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /** AWS hands queryStringParameters decoded; a badly escaped value as sent. */
    private static String decoded(String value) {
        try {
            return java.net.URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return value;
        }
    }

    private static String md5Hex(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
