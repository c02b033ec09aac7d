package io.crmsync.sandbox.salesforce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.SObjectStore.UpsertResult;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;
import io.crmsync.sandbox.salesforce.soql.SoqlException;

/**
 * A Salesforce org over HTTP for tests: the OAuth client-credentials grant, sObject create/read/update and
 * upsert by external ID with Salesforce's validation and error arrays, SOQL queries, the daily API
 * allocation with {@code Sforce-Limit-Info}, and a log of {@code Sforce-Call-Options} on writes.
 */
public final class SalesforceSandbox implements AutoCloseable {

    private static final String DATA = "/services/data/";
    private static final Set<String> WRITE_METHODS = Set.of("POST", "PATCH", "PUT", "DELETE");

    /**
     * @param apiVersion    "v62.0": the only version served under /services/data
     * @param dailyApiLimit calls to /services/data allowed before REQUEST_LIMIT_EXCEEDED
     */
    public record Config(String clientId, String clientSecret, String apiVersion, long dailyApiLimit) {

        /** Defaults: API v62.0 and an Enterprise-like 100,000 calls a day. */
        public Config(String clientId, String clientSecret) {
            this(clientId, clientSecret, "v62.0", 100_000);
        }
    }

    /** The {@code Sforce-Call-Options} header (empty when absent) of one write. */
    public record CallOptions(String method, String path, Optional<String> value) {
    }

    private final Config config;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String orgId = SalesforceIds.newId("00D", 4_211).substring(0, 15);
    private final String userId = SalesforceIds.newId("005", 90_001);
    private final Map<String, SObjectStore> stores = new LinkedHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicLong apiUsage = new AtomicLong();
    private final List<CallOptions> callOptions = new CopyOnWriteArrayList<>();
    private final SoqlEngine soql;
    private final SandboxHttpServer server;

    public SalesforceSandbox(Config config) {
        this(config, List.of(SObjectSchema.LEAD));
    }

    /** With the given sObject types. */
    public SalesforceSandbox(Config config, List<SObjectSchema> schemas) {
        this.config = config;
        Clock clock = Clock.systemUTC();
        schemas.forEach(s -> stores.put(s.name().toLowerCase(Locale.ROOT), new SObjectStore(s, clock, userId)));
        this.soql = new SoqlEngine(this::storeNamed, config.apiVersion());
        String data = DATA + config.apiVersion();
        Handler.Filter api = this::dataApi;
        Router router = new Router()
                .post("/services/oauth2/token", this::token)
                .get(data + "/limits", ((Handler) this::limits).with(api))
                .get(data + "/query", ((Handler) this::query).with(api))
                .post(data + "/sobjects/{sObject}", ((Handler) this::create).with(api))
                .get(data + "/sobjects/{sObject}/{id}", ((Handler) this::read).with(api))
                .patch(data + "/sobjects/{sObject}/{id}", ((Handler) this::update).with(api))
                .get(data + "/sobjects/{sObject}/{externalIdField}/{externalId}",
                        ((Handler) this::readByExternalId).with(api))
                .patch(data + "/sobjects/{sObject}/{externalIdField}/{externalId}", ((Handler) this::upsert).with(api));
        this.server = new SandboxHttpServer("salesforce-sandbox", router, path -> notFound().response(404));
    }

    // ---- lifecycle ----

    public SalesforceSandbox start() {
        return start(0);
    }

    public SalesforceSandbox start(int port) {
        server.start(port);
        return this;
    }

    /** The login URL and, as instance_url, the REST base, e.g. {@code http://127.0.0.1:41234}. */
    public String baseUrl() {
        return server.baseUrl();
    }

    public Config config() {
        return config;
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- test API ----

    public List<Map<String, Object>> leads() {
        return records("Lead");
    }

    public Optional<Map<String, Object>> leadByExternalId(String field, String value) {
        SObjectStore leads = store("Lead");
        return leads.findIds(field, value).stream().findFirst().flatMap(leads::get);
    }

    /** All records of a type, with every field, in creation order. */
    public List<Map<String, Object>> records(String sObject) {
        return store(sObject).all();
    }

    public int count(String sObject) {
        return store(sObject).count();
    }

    /** Creates a record directly (as a user in the UI would), validated like an API create; returns its id. */
    public String insert(String sObject, Map<String, Object> fields) {
        return store(sObject).insert(fields);
    }

    /** Makes every issued access token invalid, as a session timeout or revocation would. */
    public void expireTokens() {
        validTokens.clear();
    }

    /** Calls counted against the daily allocation so far. */
    public long apiUsage() {
        return apiUsage.get();
    }

    /** The {@code Sforce-Call-Options} value of the latest write; empty if it had none or there was none. */
    public Optional<String> lastCallOptions() {
        return callOptions.isEmpty() ? Optional.empty() : callOptions.get(callOptions.size() - 1).value();
    }

    /** The {@code Sforce-Call-Options} of every write, oldest first. */
    public List<CallOptions> callOptionsLog() {
        return List.copyOf(callOptions);
    }

    public long calls(String endpointKey) {
        return server.counter().calls(endpointKey);
    }

    public long totalCalls() {
        return server.counter().totalCalls();
    }

    public Map<String, Long> callCounts() {
        return server.counter().snapshot();
    }

    /** Clears call counters, the API usage and the call-options log. */
    public void resetCounters() {
        server.counter().reset();
        apiUsage.set(0);
        callOptions.clear();
    }

    /** Clears all records and counters; issued tokens stay valid. */
    public void reset() {
        stores.values().forEach(SObjectStore::clear);
        resetCounters();
    }

    // ---- OAuth ----

    private SandboxResponse token(SandboxRequest request) {
        Map<String, List<String>> form = request.formParams();
        String grantType = first(form, "grant_type");
        if (!"client_credentials".equals(grantType)) {
            return oauthError("unsupported_grant_type", "grant type not supported");
        }
        if (!config.clientId().equals(first(form, "client_id"))) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        if (!config.clientSecret().equals(first(form, "client_secret"))) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        String token = orgId + "!" + randomTokenPart();
        validTokens.add(token);
        String id = baseUrl() + "/id/" + SalesforceIds.to18(orgId) + "/" + userId;
        String issuedAt = String.valueOf(System.currentTimeMillis());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("signature", sign(id + issuedAt));
        body.put("instance_url", baseUrl());
        body.put("id", id);
        body.put("token_type", "Bearer");
        body.put("issued_at", issuedAt);
        return SandboxResponse.json(200, body);
    }

    private static SandboxResponse oauthError(String error, String description) {
        return SandboxResponse.json(400, Map.of("error", error, "error_description", description));
    }

    /** Salesforce's token signature: Base64(HMAC-SHA256(client secret, id + issued_at)). */
    private String sign(String value) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(config.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(hmac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private String randomTokenPart() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
        StringBuilder part = new StringBuilder("AQ");
        for (int i = 0; i < 94; i++) {
            part.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return part.toString();
    }

    // ---- /services/data ----

    /** Session check, daily allocation, call-options log and Sforce-Limit-Info around every data call. */
    private SandboxResponse dataApi(SandboxRequest request, Handler next) throws Exception {
        Optional<String> token = request.header("Authorization").map(String::trim)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim());
        if (token.isEmpty() || !validTokens.contains(token.get())) {
            return SalesforceError.of("INVALID_SESSION_ID", "Session expired or invalid").response(401);
        }
        if (!takeOneApiCall()) {
            return withLimitInfo(SalesforceError.of("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
                    .response(403));
        }
        if (WRITE_METHODS.contains(request.method())) {
            callOptions.add(new CallOptions(request.method(), request.path(), request.header("Sforce-Call-Options")));
        }
        SandboxResponse response;
        try {
            response = next.handle(request);
        } catch (Failure e) {
            response = e.error().response(e.status());
        } catch (SoqlException e) {
            response = SalesforceError.of(e.errorCode(), e.getMessage()).response(400);
        } catch (ResponseException e) {
            response = e.response();
        }
        return withLimitInfo(response);
    }

    /** Counts a call unless the allocation is used up; atomic, so concurrent calls never overshoot. */
    private boolean takeOneApiCall() {
        while (true) {
            long used = apiUsage.get();
            if (used >= config.dailyApiLimit()) {
                return false;
            }
            if (apiUsage.compareAndSet(used, used + 1)) {
                return true;
            }
        }
    }

    private SandboxResponse withLimitInfo(SandboxResponse response) {
        return response.withHeader("Sforce-Limit-Info", "api-usage=" + apiUsage.get() + "/" + config.dailyApiLimit());
    }

    private SandboxResponse limits(SandboxRequest request) {
        long max = config.dailyApiLimit();
        return SandboxResponse.json(200, Map.of("DailyApiRequests",
                Map.of("Max", max, "Remaining", Math.max(0, max - apiUsage.get()))));
    }

    private SandboxResponse query(SandboxRequest request) {
        String q = request.queryParam("q").filter(s -> !s.isBlank()).orElseThrow(() -> new Failure(400,
                SalesforceError.of("MALFORMED_QUERY", "A query string has to be specified")));
        SoqlEngine.Result result = soql.run(q);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("totalSize", result.totalSize());
        body.put("done", true);
        body.put("records", result.records());
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse create(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        String id = store.insert(jsonFields(request));
        return SandboxResponse.json(201, saveResult(id, null));
    }

    private SandboxResponse read(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        Map<String, Object> record = store.get(request.pathParam("id")).orElseThrow(SalesforceSandbox::notFoundFailure);
        return SandboxResponse.json(200, withAttributes(store.schema(), record, requestedFields(request, store)));
    }

    private SandboxResponse update(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        store.update(request.pathParam("id"), jsonFields(request));
        return SandboxResponse.empty(204);
    }

    private SandboxResponse readByExternalId(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        String field = externalIdField(store, request.pathParam("externalIdField"));
        List<String> ids = store.findIds(field, request.pathParam("externalId"));
        if (ids.size() > 1) {
            return multipleChoices(store, ids);
        }
        Map<String, Object> record = ids.stream().findFirst().flatMap(store::get)
                .orElseThrow(SalesforceSandbox::notFoundFailure);
        return SandboxResponse.json(200, withAttributes(store.schema(), record, requestedFields(request, store)));
    }

    private SandboxResponse upsert(SandboxRequest request) {
        SObjectStore store = requestedStore(request);
        Map<String, Object> fields = jsonFields(request);
        UpsertResult result = store.upsert(request.pathParam("externalIdField"), request.pathParam("externalId"),
                fields);
        if (result instanceof UpsertResult.MultipleMatches multiple) {
            return multipleChoices(store, multiple.ids());
        }
        UpsertResult.Written written = (UpsertResult.Written) result;
        return SandboxResponse.json(written.created() ? 201 : 200, saveResult(written.id(), written.created()));
    }

    // ---- helpers ----

    private Optional<SObjectStore> storeNamed(String sObject) {
        return Optional.ofNullable(stores.get(sObject.toLowerCase(Locale.ROOT)));
    }

    private SObjectStore store(String sObject) {
        return storeNamed(sObject).orElseThrow(() -> new IllegalArgumentException("No sObject type " + sObject
                + " in this sandbox; it has " + stores.keySet()));
    }

    private SObjectStore requestedStore(SandboxRequest request) {
        return storeNamed(request.pathParam("sObject")).orElseThrow(SalesforceSandbox::notFoundFailure);
    }

    private static String externalIdField(SObjectStore store, String name) {
        return store.schema().field(name).filter(FieldDef::externalId).map(FieldDef::name)
                .orElseThrow(() -> new Failure(404, SalesforceError.of("NOT_FOUND",
                        "Provided external ID field does not exist or is not accessible: " + name)));
    }

    /** 300 Multiple Choices: the URLs of the records that hold the external ID value. */
    private SandboxResponse multipleChoices(SObjectStore store, List<String> ids) {
        return SandboxResponse.json(300, ids.stream().map(id -> recordUrl(store.schema(), id)).toList());
    }

    private List<String> requestedFields(SandboxRequest request, SObjectStore store) {
        Optional<String> fields = request.queryParam("fields");
        if (fields.isEmpty()) {
            return store.schema().fieldNames();
        }
        List<String> names = new ArrayList<>();
        for (String name : fields.get().split(",")) {
            names.add(store.schema().field(name.trim()).map(FieldDef::name).orElseThrow(() -> new Failure(400,
                    SalesforceError.of("INVALID_FIELD", "No such column '" + name.trim() + "' on sobject of type "
                            + store.schema().name()))));
        }
        return names;
    }

    private Map<String, Object> withAttributes(SObjectSchema schema, Map<String, Object> record, List<String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("attributes", Map.of("type", schema.name(), "url", recordUrl(schema, record.get("Id").toString())));
        fields.forEach(f -> body.put(f, record.get(f)));
        return body;
    }

    private String recordUrl(SObjectSchema schema, String id) {
        return DATA + config.apiVersion() + "/sobjects/" + schema.name() + "/" + id;
    }

    private static Map<String, Object> saveResult(String id, Boolean created) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("success", true);
        body.put("errors", List.of());
        if (created != null) {
            body.put("created", created);
        }
        return body;
    }

    private Map<String, Object> jsonFields(SandboxRequest request) {
        JsonNode node;
        try {
            node = json.readTree(request.body());
        } catch (JsonProcessingException e) {
            throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR", e.getOriginalMessage() + " at [line:"
                    + e.getLocation().getLineNr() + ", column:" + e.getLocation().getColumnNr() + "]"));
        } catch (java.io.IOException e) {
            throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR", String.valueOf(e.getMessage())));
        }
        if (node == null || !node.isObject()) {
            throw new Failure(400, SalesforceError.of("JSON_PARSER_ERROR",
                    "Cannot deserialize instance of " + "SObject from " + (node == null ? "no content" : node.getNodeType())));
        }
        return json.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static SalesforceError notFound() {
        return SalesforceError.of("NOT_FOUND", "The requested resource does not exist");
    }

    private static Failure notFoundFailure() {
        return new Failure(404, notFound());
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
