package io.crmsync.sandbox.salesforce;

import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.OrgRules.DuplicateRule;
import io.crmsync.sandbox.salesforce.OrgRules.ValidationRule;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;
import io.crmsync.sandbox.salesforce.SalesforceOrg.ConversionResult;
import io.crmsync.sandbox.salesforce.soql.SoqlException;

/**
 * A Salesforce org over HTTP for tests. It wires the capabilities together and offers the test API:
 * OAuth ({@link SalesforceAuth}), the org's data and transactions ({@link SalesforceOrg}), the REST
 * resources ({@link SObjectResource}, {@link CollectionsResource}, {@link QueryResource},
 * {@link BulkQueryResource}), the daily
 * allocation ({@link ApiAllocation}), change emission ({@link OutboundMessaging}, {@link ChangeDataCapture})
 * and the /_sandbox/ control endpoints ({@link AdminResource}).
 */
public final class SalesforceSandbox implements AutoCloseable {

    private static final String DATA = "/services/data/";
    private static final Set<String> WRITE_METHODS = Set.of("POST", "PATCH", "PUT", "DELETE");
    /** REST versions served besides the configured one: v42.0 (sObject Collections) up to the current v62.0. */
    private static final Pattern SUPPORTED_VERSION = Pattern.compile("v(4[2-9]|5\\d|6[0-2])\\.0");

    /**
     * @param apiVersion          "v62.0": the version URLs in responses use; other versions from v42.0 are served too
     * @param dailyApiLimit       calls to /services/data allowed per rolling 24 hours before REQUEST_LIMIT_EXCEEDED
     * @param callbackUrls        the connected app's callback URLs: the web-server flow's redirect_uri must be one
     * @param pkceRequired        the connected app's "Require PKCE": an authorize request without code_challenge fails
     * @param sandboxOrg          a sandbox org: its users log in at its own test login host ({@link #loginUrl()}, the
     *                            stand-in for test.salesforce.com), and the production host refuses them
     * @param rotateRefreshTokens the connected app's refresh token rotation: each refresh answers a new refresh
     *                            token and ends the one used
     * @param users               the org's users besides crmsync's integration user: people who log in with their
     *                            own username and password and whose writes carry their own user id
     *                            ({@link User#DEFAULTS}: {@link User#SALES_REP})
     */
    public record Config(String clientId, String clientSecret, String apiVersion, long dailyApiLimit,
            List<String> callbackUrls, boolean pkceRequired, boolean sandboxOrg, boolean rotateRefreshTokens,
            List<User> users) {

        /** The callback URL the connected app has unless a test sets others. */
        public static final String DEFAULT_CALLBACK_URL = "https://crmsync.example/oauth/callback/salesforce";

        public Config {
            callbackUrls = List.copyOf(callbackUrls);
            users = List.copyOf(users);
            if (users.stream().anyMatch(u -> u.username().equalsIgnoreCase(SalesforceOrg.INTEGRATION_USERNAME))) {
                throw new IllegalArgumentException("The integration user is not one of the other users");
            }
        }

        /** With {@link User#DEFAULTS} besides the integration user. */
        public Config(String clientId, String clientSecret, String apiVersion, long dailyApiLimit,
                List<String> callbackUrls, boolean pkceRequired, boolean sandboxOrg, boolean rotateRefreshTokens) {
            this(clientId, clientSecret, apiVersion, dailyApiLimit, callbackUrls, pkceRequired, sandboxOrg,
                    rotateRefreshTokens, User.DEFAULTS);
        }

        /** A production org whose app has {@link #DEFAULT_CALLBACK_URL}, requires PKCE and does not rotate. */
        public Config(String clientId, String clientSecret, String apiVersion, long dailyApiLimit) {
            this(clientId, clientSecret, apiVersion, dailyApiLimit, List.of(DEFAULT_CALLBACK_URL), true, false, false);
        }

        /** Defaults: API v62.0 and an Enterprise-like 100,000 calls a day. */
        public Config(String clientId, String clientSecret) {
            this(clientId, clientSecret, "v62.0", 100_000);
        }

        public Config asSandboxOrg() {
            return new Config(clientId, clientSecret, apiVersion, dailyApiLimit, callbackUrls, pkceRequired, true,
                    rotateRefreshTokens, users);
        }

        public Config withCallbackUrls(String... urls) {
            return new Config(clientId, clientSecret, apiVersion, dailyApiLimit, List.of(urls), pkceRequired,
                    sandboxOrg, rotateRefreshTokens, users);
        }

        public Config withPkceRequired(boolean required) {
            return new Config(clientId, clientSecret, apiVersion, dailyApiLimit, callbackUrls, required, sandboxOrg,
                    rotateRefreshTokens, users);
        }

        public Config withRefreshTokenRotation(boolean rotate) {
            return new Config(clientId, clientSecret, apiVersion, dailyApiLimit, callbackUrls, pkceRequired,
                    sandboxOrg, rotate, users);
        }
    }

    /**
     * A person using the org besides crmsync's integration user, e.g. a sales rep editing leads: logs in with the
     * username-password flow ({@code grant_type=password} with the connected app's client id and secret) and writes
     * as itself: CreatedById/LastModifiedById and CDC's commitUser are its id, and unless its calls send
     * {@code Sforce-Call-Options} CDC's changeOrigin names no client (so crmsync does not take it for its own write).
     */
    public record User(String username, String password, String firstName, String lastName) {

        public static final User SALES_REP = new User("sam.rep@crmsync.example", "sandbox-rep-password", "Sam",
                "Rep");
        public static final List<User> DEFAULTS = List.of(SALES_REP);
    }

    /** The {@code Sforce-Call-Options} header (empty when absent) of one write. */
    public record CallOptions(String method, String path, Optional<String> value) {
    }

    private final Config config;
    private final SalesforceOrg org;
    private final SalesforceAuth auth;
    private final ApiAllocation allocation;
    private final List<CallOptions> callOptions = new CopyOnWriteArrayList<>();
    private final QueryResource query;
    private final BulkQueryResource bulkQuery;
    private final SandboxHttpServer server;
    /** A sandbox org's login host (test.salesforce.com's stand-in); null for a production org. */
    private final SandboxHttpServer testLogin;
    private final OutboundMessaging outbound;
    private final ChangeDataCapture cdc;

    /** With every standard object (User, Account, Contact, Lead, Opportunity, Task) and the system clock. */
    public SalesforceSandbox(Config config) {
        this(config, StandardObjects.ALL);
    }

    /** With the given sObject types. */
    public SalesforceSandbox(Config config, List<SObjectSchema> schemas) {
        this(config, schemas, Clock.systemUTC());
    }

    /** With the given types and clock: the clock drives record dates, date literals, the allocation window. */
    public SalesforceSandbox(Config config, List<SObjectSchema> schemas, Clock clock) {
        this.config = config;
        // A sandbox org is an org of its own, with its own id.
        String orgId = SalesforceIds.newId("00D", config.sandboxOrg() ? 4_212 : 4_211);
        String userId = SalesforceIds.newId("005", 90_001);
        List<SalesforceOrg.OrgUser> others = new java.util.ArrayList<>();
        for (User user : config.users()) {
            others.add(new SalesforceOrg.OrgUser(SalesforceIds.newId("005", 90_002 + others.size()), user.username(),
                    user.firstName(), user.lastName()));
        }
        this.org = new SalesforceOrg(schemas, clock, orgId, userId, others);
        this.allocation = new ApiAllocation(clock, config.dailyApiLimit());
        this.auth = new SalesforceAuth(config, orgId, username -> org.userIdOf(username).orElse(userId),
                SalesforceOrg.INTEGRATION_USERNAME, clock, this::loginUrl, this::baseUrl, this::isActiveUsername);
        RestSupport rest = new RestSupport(config.apiVersion(), this::callerUserId);
        SObjectResource sObjects = new SObjectResource(org, rest);
        CollectionsResource collections = new CollectionsResource(org, rest);
        SoqlEngine soql = new SoqlEngine(org, config.apiVersion());
        this.query = new QueryResource(org, soql, rest);
        this.bulkQuery = new BulkQueryResource(org, soql, rest);
        AdminResource admin = new AdminResource(this, rest);
        Router router = new Router();
        this.server = new SandboxHttpServer("salesforce-sandbox", router, path -> notFound().response(404));
        this.outbound = new OutboundMessaging(org, server.faults(), lazyUrl("/services/Soap/c/"), lazyUrl(
                "/services/Soap/u/"));
        this.cdc = new ChangeDataCapture(org, server.faults());
        server.faultResponse(SalesforceSandbox::faultShape);

        oauth(router, SalesforceAuth.LoginHost.PRODUCTION);
        router.get(DATA, this::versions);
        if (config.sandboxOrg()) {
            Router testRoutes = new Router();
            oauth(testRoutes, SalesforceAuth.LoginHost.SANDBOX);
            this.testLogin = new SandboxHttpServer("salesforce-sandbox-test-login", testRoutes,
                    path -> notFound().response(404));
        } else {
            this.testLogin = null;
        }
        // Each data route is registered for the configured version (the counters' keys, e.g.
        // "GET /services/data/v62.0/query") and for any other supported version ("…/{version}/…").
        data(router, "GET", "/limits", this::limits);
        data(router, "GET", "/sobjects", sObjects::describeGlobal);
        data(router, "GET", "/sobjects/{sObject}/describe", sObjects::describe);
        data(router, "GET", "/sobjects/{sObject}/updated", sObjects::updated);
        data(router, "GET", "/sobjects/{sObject}/deleted", sObjects::deleted);
        data(router, "POST", "/sobjects/{sObject}", sObjects::create);
        data(router, "GET", "/sobjects/{sObject}/{id}", sObjects::read);
        data(router, "PATCH", "/sobjects/{sObject}/{id}", sObjects::update);
        data(router, "DELETE", "/sobjects/{sObject}/{id}", sObjects::delete);
        data(router, "GET", "/sobjects/{sObject}/{externalIdField}/{externalId}", sObjects::readByExternalId);
        data(router, "PATCH", "/sobjects/{sObject}/{externalIdField}/{externalId}", sObjects::upsert);
        data(router, "POST", "/composite/sobjects", collections::create);
        data(router, "PATCH", "/composite/sobjects", collections::update);
        data(router, "DELETE", "/composite/sobjects", collections::delete);
        data(router, "GET", "/composite/sobjects/{sObject}", collections::retrieve);
        data(router, "PATCH", "/composite/sobjects/{sObject}/{externalIdField}", collections::upsert);
        data(router, "GET", "/query", query::query);
        data(router, "GET", "/query/{locator}", query::nextPage);
        data(router, "GET", "/queryAll", query::queryAll);
        data(router, "GET", "/queryAll/{locator}", query::nextPage);
        data(router, "POST", "/jobs/query", bulkQuery::create);
        data(router, "GET", "/jobs/query/{jobId}", bulkQuery::status);
        data(router, "GET", "/jobs/query/{jobId}/results", bulkQuery::results);

        Handler.Filter adminErrors = SalesforceSandbox::failuresAsResponses;
        String adminPrefix = SandboxHttpServer.ADMIN_PREFIX;
        router.post(adminPrefix + "reset", ((Handler) admin::reset).with(adminErrors))
                .post(adminPrefix + "seed", ((Handler) admin::seed).with(adminErrors))
                .get(adminPrefix + "counters", ((Handler) admin::counters).with(adminErrors))
                .put(adminPrefix + "faults", ((Handler) admin::faults).with(adminErrors))
                .post(adminPrefix + "fields", ((Handler) admin::addField).with(adminErrors));
    }

    /** The login host's OAuth endpoints, answering as {@code host} does. */
    private void oauth(Router router, SalesforceAuth.LoginHost host) {
        router.get("/services/oauth2/authorize", request -> auth.authorize(host, request))
                .post("/services/oauth2/token", request -> auth.token(host, request))
                .post("/services/oauth2/revoke", request -> auth.revoke(host, request));
    }

    private void data(Router router, String method, String path, Handler handler) {
        Handler metered = handler.with(this::dataApi);
        router.add(method, DATA + config.apiVersion() + path, metered);
        router.add(method, DATA + "{version}" + path, metered);
    }

    // ---- lifecycle ----

    public SalesforceSandbox start() {
        return start(0);
    }

    public SalesforceSandbox start(int port) {
        server.start(port);
        if (testLogin != null) {
            testLogin.start(0);
        }
        return this;
    }

    /**
     * The REST base (every session's instance_url) and the production login host (login.salesforce.com's
     * stand-in), e.g. {@code http://127.0.0.1:41234}.
     */
    public String baseUrl() {
        return server.baseUrl();
    }

    /**
     * Where this org's users log in, and the audience JWT assertions must name: {@link #baseUrl()} for a production
     * org; for a sandbox org its own test login host, while {@link #baseUrl()} refuses its logins.
     */
    public String loginUrl() {
        return testLogin == null ? baseUrl() : testLogin.baseUrl();
    }

    public Config config() {
        return config;
    }

    /** The 18-character organization id (00D…). */
    public String orgId() {
        return org.orgId();
    }

    /** The integration user every API call runs as (005…), also a User record. */
    public String userId() {
        return org.userId();
    }

    @Override
    public void close() {
        outbound.close();
        cdc.close();
        server.close();
        if (testLogin != null) {
            testLogin.close();
        }
    }

    // ---- test API: records ----

    public List<Map<String, Object>> leads() {
        return records("Lead");
    }

    public Optional<Map<String, Object>> leadByExternalId(String field, String value) {
        SObjectStore leads = org.requireStore("Lead");
        return leads.findIds(field, value).stream().findFirst().flatMap(leads::get);
    }

    /** All live records of a type, with every field, in creation order. */
    public List<Map<String, Object>> records(String sObject) {
        return org.requireStore(sObject).all();
    }

    /** One record of any type by id, including one in the recycle bin. */
    public Optional<Map<String, Object>> record(String id) {
        return org.storeForId(id).flatMap(s -> s.getIncludingDeleted(id));
    }

    public int count(String sObject) {
        return org.requireStore(sObject).count();
    }

    /** Creates a record directly (as a user in the UI would), validated like an API create; returns its id. */
    public String insert(String sObject, Map<String, Object> fields) {
        return org.inTransaction("", tx -> tx.create(sObject, fields)).id();
    }

    /** Updates a record as a user in the UI would (validated, emitted, no API call counted). */
    public void update(String sObject, String id, Map<String, Object> fields) {
        org.inTransaction("", tx -> tx.update(sObject, id, fields));
    }

    public void delete(String id) {
        org.inTransaction("", tx -> tx.delete(id));
    }

    /** Restores a record from the recycle bin. */
    public void undelete(String id) {
        org.inTransaction("", tx -> tx.undelete(id));
    }

    /**
     * Converts a lead as the Convert button does, in one transaction: a new Account from the lead's company
     * (or the given one), a new Contact under it, and the lead marked converted.
     */
    public ConversionResult convertLead(String leadId, Optional<String> accountId) {
        return org.inTransaction("", tx -> tx.convertLead(leadId, accountId));
    }

    public void addValidationRule(ValidationRule rule) {
        org.addValidationRule(rule);
    }

    /**
     * Adds a custom External ID text field (Unique) as an admin does in Setup, e.g. a second HubSpot account's
     * {@code HubSpot_EU_Contact_Id__c} on Lead and Contact; {@link #reset()} removes it.
     */
    public void addCustomField(String sObject, String name, String label) {
        org.addCustomField(sObject, name, label);
    }

    public void addDuplicateRule(DuplicateRule rule) {
        org.addDuplicateRule(rule);
    }

    // ---- test API: auth ----

    /** Makes every issued access token invalid, as a session timeout or revocation would. */
    public void expireTokens() {
        auth.expireAccessTokens();
    }

    /** Registers the certificate key of a connected app whose JWT bearer assertions are to be accepted. */
    public void registerJwtKey(String consumerKey, PublicKey key) {
        auth.registerJwtKey(consumerKey, key);
    }

    /** A refresh token for the configured client, as the web-server flow would have issued. */
    public String issueRefreshToken() {
        return auth.issueRefreshToken();
    }

    public void revokeRefreshTokens() {
        auth.revokeRefreshTokens();
    }

    /** Revokes one refresh token, as the user or an admin would in Setup (Connected Apps OAuth Usage). */
    public void revokeRefreshToken(String refreshToken) {
        if (!auth.revokeRefreshToken(refreshToken)) {
            throw new IllegalArgumentException("not a live refresh token of this org");
        }
    }

    /**
     * Deactivates a user as an admin would: its sessions and refresh tokens stop working, JWT bearer logins for it
     * fail, and its User record (if the org has Users) becomes inactive. {@link #reset()} makes every user active.
     */
    public void deactivateUser(String username) {
        auth.deactivate(username);
        org.store("User").ifPresent(users -> users.findIds("Username", username).forEach(id ->
                org.inTransaction("", tx -> tx.update("User", id, Map.of("IsActive", false)))));
    }

    /** The id (005…) of the user with this username: the integration user or one of {@link Config#users()}. */
    public String userId(String username) {
        return org.userIdOf(username).orElseThrow(() -> new IllegalArgumentException("No user " + username));
    }

    /**
     * A session for one of the org's users as a login would have created (the username-password flow for
     * {@link Config#users()}); returns its access token, for the REST API at {@link #baseUrl()}.
     */
    public String issueAccessToken(String username) {
        userId(username);
        return auth.issueAccessToken(username);
    }

    /** The user the web-server flow approves as and client-credentials sessions run as. */
    public String integrationUsername() {
        return SalesforceOrg.INTEGRATION_USERNAME;
    }

    /** Every access and refresh token this org ever issued: for tests that check none leaked into a log line. */
    public java.util.Set<String> issuedTokens() {
        return auth.issuedTokens();
    }

    // ---- test API: change emission ----

    public OutboundMessaging.Action addOutboundMessage(String sObject, List<String> fields, URI endpoint) {
        return outbound.addAction(sObject, fields, endpoint);
    }

    public OutboundMessaging outboundMessages() {
        return outbound;
    }

    public void enableChangeDataCapture(ChangeDataCapture.Settings settings) {
        cdc.enable(settings);
    }

    public ChangeDataCapture changeDataCapture() {
        return cdc;
    }

    /** Every CDC event published so far, as EventBridge events. */
    public List<Map<String, Object>> cdcEvents() {
        return cdc.events();
    }

    // ---- test API: metering ----

    /** Calls counted against the daily allocation within the current 24-hour window. */
    public long apiUsage() {
        return allocation.used();
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

    /** The next Bulk API 2.0 query job created ends Failed with {@code errorMessage} on its first poll. */
    public void failNextBulkQueryJob(String errorMessage) {
        bulkQuery.failNextJob(errorMessage);
    }

    /** The next Bulk API 2.0 query job created answers InProgress to its first {@code polls} status polls. */
    public void holdNextBulkQueryJob(int polls) {
        bulkQuery.holdNextJob(polls);
    }

    public FaultInjector faults() {
        return server.faults();
    }

    /** Clears call counters, the API usage and the call-options log. */
    public void resetCounters() {
        server.counter().reset();
        allocation.reset();
        callOptions.clear();
    }

    /**
     * Clears all records, rules, query cursors, outbound actions and queues, CDC events and counters and
     * turns CDC off and makes deactivated users active again; issued tokens stay valid.
     */
    public void reset() {
        org.clear();
        auth.reactivateAll();
        query.clear();
        bulkQuery.clear();
        outbound.clear();
        cdc.disable();
        cdc.clear();
        resetCounters();
    }

    // ---- /services/data ----

    /** Session check, version, daily allocation, call-options log and Sforce-Limit-Info around every data call. */
    private SandboxResponse dataApi(SandboxRequest request, Handler next) throws Exception {
        String version = request.pathParams().get("version");
        if (version != null && !SUPPORTED_VERSION.matcher(version).matches()) {
            return notFound().response(404);
        }
        Optional<String> token = bearerToken(request);
        if (token.isEmpty() || !auth.isValidAccessToken(token.get())) {
            return SalesforceError.of("INVALID_SESSION_ID", "Session expired or invalid").response(401);
        }
        if (!allocation.tryTake()) {
            return withLimitInfo(SalesforceError.of("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
                    .response(403));
        }
        if (WRITE_METHODS.contains(request.method())) {
            callOptions.add(new CallOptions(request.method(), request.path(), request.header("Sforce-Call-Options")));
        }
        return withLimitInfo(failuresAsResponses(request, next));
    }

    /** The id of the user whose session made a data request; null for the integration user (or no session). */
    private String callerUserId(SandboxRequest request) {
        return bearerToken(request).flatMap(auth::sessionUser).flatMap(org::userIdOf)
                .filter(id -> !id.equals(org.userId())).orElse(null);
    }

    private static Optional<String> bearerToken(SandboxRequest request) {
        return request.header("Authorization").map(String::trim)
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7)).map(h -> h.substring(7).trim());
    }

    private static SandboxResponse failuresAsResponses(SandboxRequest request, Handler next) throws Exception {
        try {
            return next.handle(request);
        } catch (Failure e) {
            return e.error().response(e.status());
        } catch (SoqlException e) {
            return SalesforceError.of(e.errorCode(), e.getMessage()).response(400);
        } catch (ResponseException e) {
            return e.response();
        }
    }

    private SandboxResponse withLimitInfo(SandboxResponse response) {
        return response.withHeader("Sforce-Limit-Info", "api-usage=" + allocation.used() + "/" + allocation.limit());
    }

    /** GET /services/data: the versions (unmetered, like Salesforce's Versions resource). */
    private SandboxResponse versions(SandboxRequest request) {
        return SandboxResponse.json(200, java.util.stream.IntStream.rangeClosed(42, 62).mapToObj(v -> Map.of(
                "label", "v" + v + ".0", "url", DATA + "v" + v + ".0", "version", v + ".0")).toList());
    }

    private SandboxResponse limits(SandboxRequest request) {
        long max = config.dailyApiLimit();
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("DailyApiRequests", Map.of("Max", max, "Remaining", Math.max(0, max - allocation.used())));
        body.put("DailyBulkApiBatches", Map.of("Max", 15_000, "Remaining", 15_000));
        body.put("DailyBulkV2QueryJobs", Map.of("Max", 10_000, "Remaining", 10_000));
        body.put("DailyBulkV2QueryFileStorageMB", Map.of("Max", 976_562, "Remaining", 976_562));
        body.put("DailyAsyncApexExecutions", Map.of("Max", 250_000, "Remaining", 250_000));
        body.put("DailyDeliveredPlatformEvents", Map.of("Max", 50_000, "Remaining", 50_000));
        body.put("MonthlyPlatformEventsUsageEntitlement", Map.of("Max", 0, "Remaining", 0));
        return SandboxResponse.json(200, body);
    }

    /** Injected errors in Salesforce's shape: 503 SERVER_UNAVAILABLE, 403/429 REQUEST_LIMIT_EXCEEDED, 500 UNKNOWN. */
    private static SandboxResponse faultShape(int status) {
        SalesforceError error = switch (status) {
            case 403, 429 -> SalesforceError.of("REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
            case 503 -> SalesforceError.of("SERVER_UNAVAILABLE", "Server temporarily unavailable. Please retry.");
            case 401 -> SalesforceError.of("INVALID_SESSION_ID", "Session expired or invalid");
            default -> SalesforceError.of("UNKNOWN_EXCEPTION",
                    "An unexpected error occurred. Please include this ErrorId if you contact support: 0-0 (0)");
        };
        return error.response(status);
    }

    private boolean isActiveUsername(String username) {
        return org.store("User").map(users -> users.findIds("Username", username).stream().flatMap(id ->
                users.get(id).stream()).anyMatch(u -> Boolean.TRUE.equals(u.get("IsActive")))).orElse(true);
    }

    /** The org's SOAP endpoint URLs (enterprise c/, partner u/), as outbound messages carry them. */
    private java.util.function.Supplier<String> lazyUrl(String soapPath) {
        return () -> baseUrl() + soapPath + config.apiVersion().substring(1) + "/" + org.orgId().substring(0, 15);
    }

    private static SalesforceError notFound() {
        return SalesforceError.of("NOT_FOUND", "The requested resource does not exist");
    }
}
