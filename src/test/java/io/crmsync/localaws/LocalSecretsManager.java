package io.crmsync.localaws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * AWS Secrets Manager on loopback, speaking its AWS JSON 1.1 protocol ({@code POST /}, {@code X-Amz-Target:
 * secretsmanager.<Operation>}, {@code application/x-amz-json-1.1}) to the real SDK: CreateSecret,
 * GetSecretValue, PutSecretValue, DescribeSecret, DeleteSecret and ListSecrets, with versions and the
 * AWSCURRENT/AWSPREVIOUS stages, deletion with or without a recovery window, and AWS's error types (HTTP 400,
 * {@code {"__type": ..., "message": ...}}). Secrets are found by name or by ARN
 * ({@code arn:aws:secretsmanager:us-east-1:000000000000:secret:<name>-AbCdEf}). Signatures are not checked.
 * Nothing is persisted.
 */
public final class LocalSecretsManager implements AutoCloseable {

    public static final String ACCOUNT = "000000000000";
    static final String TARGET_PREFIX = "secretsmanager.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final String CURRENT = "AWSCURRENT";
    static final String PREVIOUS = "AWSPREVIOUS";
    static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUFFIX_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecureRandom random = new SecureRandom();
    /** By name; a secret scheduled for deletion stays here (with its deletion date) until reset. */
    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile Fault fault;

    /** Every request answered with this error until {@link #stopFailing()}. */
    private record Fault(int status, String type) {
    }

    private static final class Secret {
        final String name;
        final String arn;
        final String description;
        final Instant created;
        Instant lastChanged;
        Instant deletionDate;
        /** Version id → its value and stages, oldest first. */
        final Map<String, Version> versions = new LinkedHashMap<>();

        Secret(String name, String arn, String description, Instant created) {
            this.name = name;
            this.arn = arn;
            this.description = description;
            this.created = created;
            this.lastChanged = created;
        }

        Optional<Version> inStage(String stage) {
            return versions.values().stream().filter(v -> v.stages.contains(stage)).findFirst();
        }
    }

    private static final class Version {
        final String id;
        final String secretString;
        final String secretBinary;
        final Instant created;
        final List<String> stages = new ArrayList<>();

        Version(String id, String secretString, String secretBinary, Instant created) {
            this.id = id;
            this.secretString = secretString;
            this.secretBinary = secretBinary;
            this.created = created;
        }

        boolean sameValue(String string, String binary) {
            return java.util.Objects.equals(secretString, string) && java.util.Objects.equals(secretBinary, binary);
        }
    }

    /** An AWS error answer. */
    static final class AwsError extends RuntimeException {
        final int status;
        final String type;

        AwsError(String type, String message) {
            this(400, type, message);
        }

        AwsError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }

    private LocalSecretsManager(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on a free loopback port. */
    public static LocalSecretsManager start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on loopback", e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "local-secretsmanager");
            thread.setDaemon(true);
            return thread;
        });
        LocalSecretsManager local = new LocalSecretsManager(server, executor);
        server.createContext("/", local::handle);
        server.setExecutor(executor);
        server.start();
        return local;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Removes every secret, the call counts and any fault. */
    public synchronized void reset() {
        secrets.clear();
        calls.clear();
        fault = null;
    }

    /** How many requests of this operation ("GetSecretValue", ...) were made since the start or the last reset. */
    public int calls(String operation) {
        AtomicInteger count = calls.get(operation);
        return count == null ? 0 : count.get();
    }

    /** Requests of every operation since the start or the last reset. */
    public int totalCalls() {
        return calls.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Answers every request with this error (e.g. 500 InternalServiceError) until {@link #stopFailing()}. */
    public void failWith(int status, String errorType) {
        fault = new Fault(status, errorType);
    }

    public void stopFailing() {
        fault = null;
    }

    // ---- HTTP ------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            byte[] request = body.readAllBytes();
            ObjectNode answer;
            int status = 200;
            try {
                answer = answer(exchange, request);
            } catch (AwsError e) {
                status = e.status;
                answer = JSON.createObjectNode().put("__type", e.type).put("message", e.getMessage());
                exchange.getResponseHeaders().add("x-amzn-ErrorType", e.type);
            }
            byte[] bytes = JSON.writeValueAsBytes(answer);
            exchange.getResponseHeaders().add("Content-Type", CONTENT_TYPE);
            exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    private ObjectNode answer(HttpExchange exchange, byte[] request) {
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(exchange.getRequestURI().getPath())) {
            throw new AwsError(404, "UnknownOperationException", "only POST / is served");
        }
        String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
        if (!target.startsWith(TARGET_PREFIX)) {
            throw new AwsError("UnknownOperationException", "X-Amz-Target must be secretsmanager.<Operation>");
        }
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!contentType.startsWith(CONTENT_TYPE)) {
            throw new AwsError("SerializationException", "Content-Type must be " + CONTENT_TYPE);
        }
        String operation = target.substring(TARGET_PREFIX.length());
        calls.computeIfAbsent(operation, o -> new AtomicInteger()).incrementAndGet();
        Fault failing = fault;
        if (failing != null) {
            throw new AwsError(failing.status(), failing.type(), "injected fault");
        }
        JsonNode input;
        try {
            input = request.length == 0 ? JSON.createObjectNode() : JSON.readTree(request);
        } catch (IOException e) {
            throw new AwsError("SerializationException", "the request body is not JSON");
        }
        if (!input.isObject()) {
            throw new AwsError("SerializationException", "the request body is not a JSON object");
        }
        synchronized (this) {
            return switch (operation) {
                case "CreateSecret" -> createSecret(input);
                case "GetSecretValue" -> getSecretValue(input);
                case "PutSecretValue" -> putSecretValue(input);
                case "DescribeSecret" -> describeSecret(input);
                case "DeleteSecret" -> deleteSecret(input);
                case "ListSecrets" -> listSecrets(input);
                default -> throw new AwsError("UnknownOperationException", "operation " + operation
                        + " is not served by the local Secrets Manager");
            };
        }
    }

    // ---- operations ------------------------------------------------------------------------------------

    private ObjectNode createSecret(JsonNode input) {
        String name = required(input, "Name");
        if (name.length() > 512 || !name.matches("[A-Za-z0-9/_+=.@-]+")) {
            throw new AwsError("ValidationException", "Invalid name. Must be a valid name containing alphanumeric "
                    + "characters, or any of the following: -/_+=.@!");
        }
        Secret existing = secrets.get(name);
        if (existing != null) {
            if (existing.deletionDate != null) {
                throw new AwsError("InvalidRequestException", "You can't create this secret because a secret with "
                        + "this name is already scheduled for deletion.");
            }
            throw new AwsError("ResourceExistsException", "The operation failed because the secret " + name
                    + " already exists.");
        }
        Instant now = Instant.now();
        Secret secret = new Secret(name, arnFor(name), text(input, "Description"), now);
        secrets.put(name, secret);
        ObjectNode answer = JSON.createObjectNode().put("ARN", secret.arn).put("Name", name);
        Optional<Version> version = newVersion(secret, input, now);
        version.ifPresent(v -> answer.put("VersionId", v.id));
        return answer;
    }

    private ObjectNode getSecretValue(JsonNode input) {
        Secret secret = live(input);
        String versionId = text(input, "VersionId");
        String stage = text(input, "VersionStage");
        Version version;
        if (versionId != null) {
            version = secret.versions.get(versionId);
            if (version == null || (stage != null && !version.stages.contains(stage))) {
                throw new AwsError("ResourceNotFoundException", "Secrets Manager can't find the specified secret "
                        + "value for VersionId: " + versionId);
            }
        } else {
            String wanted = stage == null ? CURRENT : stage;
            version = secret.inStage(wanted).orElseThrow(() -> new AwsError("ResourceNotFoundException",
                    "Secrets Manager can't find the specified secret value for staging label: " + wanted));
        }
        ObjectNode answer = JSON.createObjectNode().put("ARN", secret.arn).put("Name", secret.name)
                .put("VersionId", version.id);
        if (version.secretString != null) {
            answer.put("SecretString", version.secretString);
        }
        if (version.secretBinary != null) {
            answer.put("SecretBinary", version.secretBinary);
        }
        stages(answer.putArray("VersionStages"), version);
        answer.put("CreatedDate", epochSeconds(version.created));
        return answer;
    }

    private ObjectNode putSecretValue(JsonNode input) {
        Secret secret = live(input);
        if (text(input, "SecretString") == null && text(input, "SecretBinary") == null) {
            throw new AwsError("InvalidRequestException", "You must provide either SecretString or SecretBinary.");
        }
        Version version = newVersion(secret, input, Instant.now()).orElseThrow();
        ObjectNode answer = JSON.createObjectNode().put("ARN", secret.arn).put("Name", secret.name)
                .put("VersionId", version.id);
        stages(answer.putArray("VersionStages"), version);
        return answer;
    }

    private ObjectNode describeSecret(JsonNode input) {
        return describe(find(input));
    }

    private ObjectNode deleteSecret(JsonNode input) {
        String id = required(input, "SecretId");
        boolean force = input.path("ForceDeleteWithoutRecovery").asBoolean(false);
        JsonNode window = input.get("RecoveryWindowInDays");
        if (force && window != null && !window.isNull()) {
            throw new AwsError("InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in "
                    + "conjunction with RecoveryWindowInDays.");
        }
        long days = window == null || window.isNull() ? 30 : window.asLong();
        if (days < 7 || days > 30) {
            throw new AwsError("InvalidParameterException", "The RecoveryWindowInDays value must be between 7 and "
                    + "30 days (inclusive).");
        }
        Optional<Secret> found = byId(id);
        Instant now = Instant.now();
        if (force) {
            // AWS answers a forced delete of a secret it does not have without an error, so retries are safe.
            found.ifPresent(secret -> secrets.remove(secret.name));
            ObjectNode answer = JSON.createObjectNode();
            found.ifPresent(secret -> answer.put("ARN", secret.arn));
            return answer.put("Name", found.map(s -> s.name).orElse(id)).put("DeletionDate", epochSeconds(now));
        }
        Secret secret = found.orElseThrow(() -> new AwsError("ResourceNotFoundException", NOT_FOUND));
        if (secret.deletionDate != null) {
            throw new AwsError("InvalidRequestException", "You can't perform this operation on the secret because "
                    + "it was already scheduled for deletion.");
        }
        secret.deletionDate = now.plusSeconds(days * 86_400);
        return JSON.createObjectNode().put("ARN", secret.arn).put("Name", secret.name)
                .put("DeletionDate", epochSeconds(secret.deletionDate));
    }

    /** Filters: "name" (prefix of the name) and "all"; NextToken is the index of the next secret. */
    private ObjectNode listSecrets(JsonNode input) {
        boolean includeDeleted = input.path("IncludePlannedDeletion").asBoolean(false);
        List<Secret> matching = new ArrayList<>();
        for (Secret secret : secrets.values()) {
            if ((secret.deletionDate == null || includeDeleted) && matches(secret, input.path("Filters"))) {
                matching.add(secret);
            }
        }
        matching.sort(Comparator.comparing(s -> s.name));
        int max = input.path("MaxResults").asInt(100);
        if (max < 1 || max > 100) {
            throw new AwsError("InvalidParameterException", "MaxResults must be between 1 and 100.");
        }
        int from = 0;
        String token = text(input, "NextToken");
        if (token != null) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw new AwsError("InvalidNextTokenException", "The NextToken value is invalid.");
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("SecretList");
        int to = Math.min(matching.size(), from + max);
        for (int i = from; i < to; i++) {
            list.add(describe(matching.get(i)));
        }
        if (to < matching.size()) {
            answer.put("NextToken", Integer.toString(to));
        }
        return answer;
    }

    private static boolean matches(Secret secret, JsonNode filters) {
        for (JsonNode filter : filters) {
            String key = filter.path("Key").asText();
            List<String> values = new ArrayList<>();
            filter.path("Values").forEach(v -> values.add(v.asText()));
            boolean any = switch (key) {
                case "name" -> values.stream().anyMatch(secret.name::startsWith);
                case "all" -> values.stream().anyMatch(v -> secret.name.contains(v)
                        || (secret.description != null && secret.description.contains(v)));
                default -> throw new AwsError("InvalidParameterException", "the local Secrets Manager filters by "
                        + "name and all only, not " + key);
            };
            if (!any) {
                return false;
            }
        }
        return true;
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    /** Adds a version from SecretString/SecretBinary (none when neither is given) and moves the stages to it. */
    private Optional<Version> newVersion(Secret secret, JsonNode input, Instant now) {
        String string = text(input, "SecretString");
        String binary = text(input, "SecretBinary");
        if (string == null && binary == null) {
            return Optional.empty();
        }
        if (string != null && binary != null) {
            throw new AwsError("InvalidParameterException", "You can't specify both a binary secret value and a "
                    + "string secret value in the same secret.");
        }
        // The SDK sends an idempotency token, which becomes the version id: a retry must not add a version.
        String id = Optional.ofNullable(text(input, "ClientRequestToken")).orElseGet(() -> UUID.randomUUID().toString());
        Version existing = secret.versions.get(id);
        if (existing != null) {
            if (!existing.sameValue(string, binary)) {
                throw new AwsError("ResourceExistsException", "A resource with the ID you requested already exists.");
            }
            return Optional.of(existing);
        }
        Version version = new Version(id, string, binary, now);
        secret.inStage(PREVIOUS).ifPresent(v -> v.stages.remove(PREVIOUS));
        secret.inStage(CURRENT).ifPresent(v -> {
            v.stages.remove(CURRENT);
            v.stages.add(PREVIOUS);
        });
        version.stages.add(CURRENT);
        secret.versions.put(id, version);
        // Versions without a stage are gone, as AWS eventually removes them.
        secret.versions.values().removeIf(v -> v.stages.isEmpty());
        secret.lastChanged = now;
        return Optional.of(version);
    }

    /** A secret that exists and is not scheduled for deletion. */
    private Secret live(JsonNode input) {
        Secret secret = find(input);
        if (secret.deletionDate != null) {
            throw new AwsError("InvalidRequestException", "You can't perform this operation on the secret because it "
                    + "was marked for deletion.");
        }
        return secret;
    }

    private Secret find(JsonNode input) {
        return byId(required(input, "SecretId")).orElseThrow(() -> new AwsError("ResourceNotFoundException",
                NOT_FOUND));
    }

    /** The ARN of the secret with this name or ARN, if it exists (the local IAM check needs it as IAM does). */
    public synchronized Optional<String> arnOf(String nameOrArn) {
        return byId(nameOrArn).map(secret -> secret.arn);
    }

    /** By name or full ARN. */
    private Optional<Secret> byId(String id) {
        if (id.startsWith("arn:")) {
            return secrets.values().stream().filter(s -> s.arn.equals(id)).findFirst();
        }
        return Optional.ofNullable(secrets.get(id));
    }

    private ObjectNode describe(Secret secret) {
        ObjectNode answer = JSON.createObjectNode().put("ARN", secret.arn).put("Name", secret.name);
        if (secret.description != null) {
            answer.put("Description", secret.description);
        }
        answer.put("CreatedDate", epochSeconds(secret.created)).put("LastChangedDate",
                epochSeconds(secret.lastChanged));
        if (secret.deletionDate != null) {
            answer.put("DeletedDate", epochSeconds(secret.deletionDate));
        }
        ObjectNode stages = answer.putObject("VersionIdsToStages");
        secret.versions.values().forEach(v -> stages(stages.putArray(v.id), v));
        return answer;
    }

    private String arnFor(String name) {
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(SUFFIX_LETTERS.charAt(random.nextInt(SUFFIX_LETTERS.length())));
        }
        return "arn:aws:secretsmanager:" + LocalAws.REGION + ":" + ACCOUNT + ":secret:" + name + "-" + suffix;
    }

    private static void stages(ArrayNode array, Version version) {
        version.stages.forEach(array::add);
    }

    /** AWS JSON 1.1 timestamps: seconds since the epoch, with a fraction. */
    private static double epochSeconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    private static String required(JsonNode input, String field) {
        String value = text(input, field);
        if (value == null || value.isEmpty()) {
            throw new AwsError("InvalidParameterException", "You must provide a value for " + field + ".");
        }
        return value;
    }

    private static String text(JsonNode input, String field) {
        JsonNode value = input.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
