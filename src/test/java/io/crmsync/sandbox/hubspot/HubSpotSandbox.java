package io.crmsync.sandbox.hubspot;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.CallCounter;
import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.PropertyProblem;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.WriteResult;

/**
 * A HubSpot portal over HTTP for tests: CRM v3 objects (contacts for now) with HubSpot's shapes, status
 * codes and errors, bearer-token auth, and Webhooks v3 deliveries of every change to a subscribed URL.
 */
public final class HubSpotSandbox implements AutoCloseable {

    /** HubSpot: "Object API batch endpoints are limited to 100 inputs per request." */
    public static final int BATCH_LIMIT = 100;
    private static final DateTimeFormatter HUBSPOT_TIME = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final Duration WEBHOOK_BATCH_WINDOW = Duration.ofMillis(25);

    /**
     * @param webhookMaxRetries resends of a failed webhook POST after the first attempt
     * @param webhookRetryDelay wait before each resend
     * @param webhookTimeout    a receiver slower than this counts as failed (HubSpot: 5 s)
     */
    public record Config(String accessToken, long portalId, long appId, String clientSecret, int webhookMaxRetries,
            Duration webhookRetryDelay, Duration webhookTimeout) {

        /** Test defaults: 3 retries 200 ms apart, HubSpot's 5 s timeout. */
        public Config(String accessToken, long portalId, long appId, String clientSecret) {
            this(accessToken, portalId, appId, clientSecret, 3, Duration.ofMillis(200), Duration.ofSeconds(5));
        }
    }

    private final Config config;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, HubSpotObjectStore> stores = new LinkedHashMap<>();
    private final WebhookDispatcher webhooks;
    private final SandboxHttpServer server;

    public HubSpotSandbox(Config config) {
        this(config, List.of(HubSpotObjectType.CONTACTS));
    }

    /** With the given object types (e.g. contacts with a portal's custom properties). */
    public HubSpotSandbox(Config config, List<HubSpotObjectType> types) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        this.webhooks = new WebhookDispatcher(config.portalId(), config.appId(), config.clientSecret(),
                new WebhookDispatcher.Settings(config.webhookMaxRetries(), config.webhookRetryDelay(),
                        config.webhookTimeout(), WEBHOOK_BATCH_WINDOW), json, clock);
        long firstId = 101;
        for (HubSpotObjectType type : types) {
            stores.put(type.pathName(), new HubSpotObjectStore(type, clock, firstId, webhooks::recordChanged));
            firstId += 1_000_000_000L;
        }
        Handler.Filter auth = this::requireBearerToken;
        Router router = new Router()
                .post("/crm/v3/objects/{objectType}", ((Handler) this::create).with(auth))
                .get("/crm/v3/objects/{objectType}/{objectId}", ((Handler) this::read).with(auth))
                .patch("/crm/v3/objects/{objectType}/{objectId}", ((Handler) this::update).with(auth))
                .post("/crm/v3/objects/{objectType}/batch/read", ((Handler) this::batchRead).with(auth));
        this.server = new SandboxHttpServer("hubspot-sandbox", router);
    }

    // ---- lifecycle ----

    /** Starts on a free port. */
    public HubSpotSandbox start() {
        return start(0);
    }

    public HubSpotSandbox start(int port) {
        server.start(port);
        return this;
    }

    /** Where {@code quarkus.rest-client.hubspot.url} should point, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public Config config() {
        return config;
    }

    @Override
    public void close() {
        server.close();
        webhooks.close();
    }

    // ---- test API: data ----

    /** Creates a contact as a person in HubSpot's UI would (changeSource CRM_UI); returns its id. */
    public String createContact(Map<String, String> properties) {
        WriteResult result = contacts().create(properties, ChangeSource.crmUi());
        return String.valueOf(written(result, "create a contact").id());
    }

    /** Updates a contact as a person in HubSpot's UI would; "" clears a property. */
    public void updateContact(String id, Map<String, String> properties) {
        written(contacts().update(parseId(id).orElse(-1L), properties, ChangeSource.crmUi()), "update contact " + id);
    }

    /** The contact's current properties, including hs_object_id, createdate and lastmodifieddate. */
    public Optional<Map<String, String>> contact(String id) {
        HubSpotObjectStore store = contacts();
        return parseId(id).flatMap(store::get).map(o -> allProperties(store.type(), o));
    }

    public int contactCount() {
        return contacts().count();
    }

    /** Clears all records, webhook deliveries and call counters (subscriptions stay). */
    public void reset() {
        stores.values().forEach(HubSpotObjectStore::clear);
        webhooks.clearDeliveries();
        server.counter().reset();
    }

    // ---- test API: webhooks ----

    /** Delivers every later change to {@code targetUrl} (one app-level subscription for all event types). */
    public void subscribe(URI targetUrl) {
        webhooks.subscribe(targetUrl);
    }

    public void unsubscribe() {
        webhooks.unsubscribe();
    }

    /** Every webhook POST made so far, retries and redeliveries included, in the order they were sent. */
    public List<WebhookDelivery> deliveries() {
        return webhooks.deliveries();
    }

    /** Webhook POSTs made; HubSpot does not count them as API calls, so neither does {@link #totalCalls()}. */
    public int deliveryCount() {
        return webhooks.deliveries().size();
    }

    /** Waits until no event waits for delivery or retry; false if that took longer than {@code timeout}. */
    public boolean awaitWebhooksIdle(Duration timeout) {
        try {
            return webhooks.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** POSTs an earlier delivery's body again with a fresh timestamp and signature, like HubSpot's duplicates. */
    public WebhookDelivery redeliver(WebhookDelivery delivery) {
        return webhooks.redeliver(delivery);
    }

    // ---- test API: call counters ----

    /** Calls to one endpoint, e.g. {@code calls("POST /crm/v3/objects/{objectType}/batch/read")}. */
    public long calls(String endpointKey) {
        return server.counter().calls(endpointKey);
    }

    public long totalCalls() {
        return server.counter().totalCalls();
    }

    public Map<String, Long> callCounts() {
        return server.counter().snapshot();
    }

    public void resetCounters() {
        server.counter().reset();
    }

    CallCounter counter() {
        return server.counter();
    }

    // ---- HTTP handlers ----

    private SandboxResponse requireBearerToken(SandboxRequest request, Handler next) throws Exception {
        String expected = "Bearer " + config.accessToken();
        if (!request.header("Authorization").map(String::trim).filter(expected::equals).isPresent()) {
            return HubSpotErrors.unauthenticated();
        }
        return next.handle(request);
    }

    private SandboxResponse create(SandboxRequest request) {
        HubSpotObjectStore store = storeFor(request.pathParam("objectType"));
        Map<String, String> properties = propertiesOf(readJson(request));
        WriteResult result = store.create(properties, ChangeSource.integration(config.appId()));
        return writeResponse(store.type(), result, 201);
    }

    private SandboxResponse read(SandboxRequest request) {
        HubSpotObjectStore store = storeFor(request.pathParam("objectType"));
        if (archivedOnly(request)) {
            return HubSpotErrors.objectNotFound();
        }
        String idOrValue = request.pathParam("objectId");
        Optional<HubSpotObject> found = request.queryParam("idProperty")
                .map(property -> byUniqueProperty(store, property, idOrValue))
                .orElseGet(() -> parseId(idOrValue).flatMap(store::get));
        if (found.isEmpty()) {
            return HubSpotErrors.objectNotFound();
        }
        return SandboxResponse.json(200, publicObject(store.type(), found.get(),
                listParam(request, "properties"), listParam(request, "propertiesWithHistory")));
    }

    private SandboxResponse update(SandboxRequest request) {
        HubSpotObjectStore store = storeFor(request.pathParam("objectType"));
        Map<String, String> properties = propertiesOf(readJson(request));
        String idOrValue = request.pathParam("objectId");
        Optional<Long> id = request.queryParam("idProperty")
                .map(property -> byUniqueProperty(store, property, idOrValue).map(HubSpotObject::id))
                .orElseGet(() -> parseId(idOrValue));
        if (id.isEmpty()) {
            return HubSpotErrors.objectNotFound();
        }
        return writeResponse(store.type(), store.update(id.get(), properties, ChangeSource.integration(config.appId())),
                200);
    }

    private SandboxResponse batchRead(SandboxRequest request) {
        HubSpotObjectStore store = storeFor(request.pathParam("objectType"));
        String startedAt = format(Instant.now());
        JsonNode body = readJson(request);
        JsonNode inputs = body.path("inputs");
        if (!inputs.isArray()) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: \"inputs\" must be an array."));
        }
        if (inputs.size() > BATCH_LIMIT) {
            throw new ResponseException(HubSpotErrors.validation("Batch input limit exceeded: " + inputs.size()
                    + " inputs given, at most " + BATCH_LIMIT + " allowed per request."));
        }
        List<String> properties = stringList(body.path("properties"));
        List<String> withHistory = stringList(body.path("propertiesWithHistory"));
        Optional<String> idProperty = Optional.ofNullable(body.path("idProperty").textValue())
                .filter(p -> !p.isEmpty());
        boolean archived = archivedOnly(request);
        List<Object> results = new ArrayList<>();
        Set<String> missing = new LinkedHashSet<>();
        Set<Long> returned = new LinkedHashSet<>();
        for (JsonNode input : inputs) {
            String given = input.path("id").asText("");
            Optional<HubSpotObject> found = archived ? Optional.empty()
                    : idProperty.map(p -> byUniqueProperty(store, p, given))
                            .orElseGet(() -> parseId(given).flatMap(store::get));
            if (found.isEmpty()) {
                missing.add(given);
            } else if (returned.add(found.get().id())) {
                results.add(publicObject(store.type(), found.get(), properties, withHistory));
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("status", "COMPLETE");
        response.put("results", results);
        if (!missing.isEmpty()) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("status", "error");
            error.put("category", "OBJECT_NOT_FOUND");
            error.put("message", "Could not get some " + store.type().errorLabel()
                    + " objects, they may be deleted or not exist. Check that ids are valid.");
            error.put("context", Map.of("ids", List.copyOf(missing)));
            response.put("numErrors", 1);
            response.put("errors", List.of(error));
        }
        response.put("startedAt", startedAt);
        response.put("completedAt", format(Instant.now()));
        return SandboxResponse.json(missing.isEmpty() ? 200 : 207, response);
    }

    // ---- helpers ----

    private HubSpotObjectStore contacts() {
        return stores.get(HubSpotObjectType.CONTACTS.pathName());
    }

    private HubSpotObjectStore storeFor(String pathSegment) {
        return stores.values().stream().filter(s -> s.type().isNamed(pathSegment)).findFirst()
                .orElseThrow(() -> new ResponseException(
                        HubSpotErrors.validation("Unable to infer object type from: " + pathSegment)));
    }

    private Optional<HubSpotObject> byUniqueProperty(HubSpotObjectStore store, String property, String value) {
        if (!store.type().uniqueProperty().map(property::equals).orElse(false)) {
            throw new ResponseException(HubSpotErrors.validation(
                    "Property " + property + " is not a unique identifier property for " + store.type().pathName()));
        }
        return store.findByUniqueValue(property, value);
    }

    private SandboxResponse writeResponse(HubSpotObjectType type, WriteResult result, int status) {
        if (result instanceof WriteResult.Written written) {
            return SandboxResponse.json(status, publicObject(type, written.object(),
                    List.copyOf(written.object().properties().keySet()), List.of()));
        }
        if (result instanceof WriteResult.Conflict conflict) {
            String label = type.eventPrefix().substring(0, 1).toUpperCase(Locale.ROOT) + type.eventPrefix().substring(1);
            return HubSpotErrors.error(409, "CONFLICT", label + " already exists. Existing ID: " + conflict.existingId());
        }
        if (result instanceof WriteResult.Invalid invalid) {
            return HubSpotErrors.validation("Property values were not valid: " + describe(invalid.problems()));
        }
        return HubSpotErrors.objectNotFound();
    }

    /** HubSpot embeds the per-property problems as a JSON string in the message. */
    private String describe(List<PropertyProblem> problems) {
        List<Map<String, Object>> items = problems.stream().map(p -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("isValid", false);
            item.put("message", p.message());
            item.put("error", p.error());
            item.put("name", p.name());
            item.put("localizedErrorMessage", p.message());
            item.put("portalId", config.portalId());
            return item;
        }).toList();
        try {
            return json.writeValueAsString(items);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SimplePublicObject. Properties: the requested ones that exist (null when unset), or the type's defaults
     * when none are requested, plus the system properties every object carries.
     */
    private Map<String, Object> publicObject(HubSpotObjectType type, HubSpotObject object, List<String> requested,
            List<String> withHistory) {
        Map<String, String> all = allProperties(type, object);
        Set<String> names = new LinkedHashSet<>(requested.isEmpty() ? type.defaultProperties() : requested);
        names.addAll(type.alwaysReturned());
        Map<String, String> properties = new LinkedHashMap<>();
        for (String name : names) {
            if (type.writableProperties().contains(name) || type.isSystemProperty(name)) {
                properties.put(name, all.get(name));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("id", String.valueOf(object.id()));
        result.put("properties", properties);
        if (!withHistory.isEmpty()) {
            Map<String, Object> histories = new LinkedHashMap<>();
            for (String name : withHistory) {
                List<HubSpotObject.PropertyVersion> versions = object.history().get(name);
                if (versions != null) {
                    histories.put(name, versions.stream().map(v -> {
                        Map<String, Object> version = new LinkedHashMap<>();
                        version.put("value", v.value());
                        version.put("timestamp", format(v.timestamp()));
                        version.put("sourceType", v.sourceType());
                        version.put("sourceId", v.sourceId());
                        return version;
                    }).toList());
                }
            }
            result.put("propertiesWithHistory", histories);
        }
        result.put("createdAt", format(object.createdAt()));
        result.put("updatedAt", format(object.updatedAt()));
        result.put("archived", false);
        return result;
    }

    private static Map<String, String> allProperties(HubSpotObjectType type, HubSpotObject object) {
        Map<String, String> all = new LinkedHashMap<>(object.properties());
        all.put(HubSpotObjectType.OBJECT_ID, String.valueOf(object.id()));
        all.put(HubSpotObjectType.CREATE_DATE, format(object.createdAt()));
        all.put(type.lastModifiedName(), format(object.updatedAt()));
        return all;
    }

    private JsonNode readJson(SandboxRequest request) {
        try {
            JsonNode node = json.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: expected a JSON object."));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON on line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ": "
                    + e.getOriginalMessage()));
        } catch (java.io.IOException e) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: " + e.getMessage()));
        }
    }

    /** {"properties":{...}}: HubSpot takes numbers and booleans as their text; null means "clear". */
    private static Map<String, String> propertiesOf(JsonNode body) {
        JsonNode properties = body.get("properties");
        if (properties == null || !properties.isObject()) {
            throw new ResponseException(HubSpotErrors.validation("Invalid input JSON: \"properties\" must be an object."));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (value.isContainerNode()) {
                throw new ResponseException(HubSpotErrors.validation(
                        "Invalid input JSON: the value of property " + field.getKey() + " must be a string."));
            }
            values.put(field.getKey(), value.isNull() ? "" : value.asText());
        }
        return values;
    }

    private static List<String> stringList(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> values.add(n.asText()));
        }
        return values;
    }

    /** {@code properties=a,b} and {@code properties=a&properties=b} both work, as with HubSpot. */
    private static List<String> listParam(SandboxRequest request, String name) {
        List<String> values = new ArrayList<>();
        for (String value : request.queryParams(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    /** No record is ever archived here, so asking for archived records finds none. */
    private static boolean archivedOnly(SandboxRequest request) {
        return request.queryParam("archived").map(Boolean::parseBoolean).orElse(false);
    }

    private static Optional<Long> parseId(String id) {
        try {
            return Optional.of(Long.parseLong(id));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static HubSpotObject written(WriteResult result, String action) {
        if (result instanceof WriteResult.Written written) {
            return written.object();
        }
        if (result instanceof WriteResult.NotFound) {
            throw new NoSuchElementException("Could not " + action + ": no such record");
        }
        throw new IllegalArgumentException("Could not " + action + ": " + result);
    }

    static String format(Instant instant) {
        return HUBSPOT_TIME.format(instant);
    }
}
