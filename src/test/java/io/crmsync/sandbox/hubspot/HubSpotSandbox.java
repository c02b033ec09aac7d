package io.crmsync.sandbox.hubspot;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.crmsync.sandbox.http.CallCounter;
import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.MergeResult;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.WriteResult;

/**
 * A HubSpot account with one private app and one OAuth app installed, over HTTP, for tests: CRM v3 objects (contacts, companies, deals, and
 * the engagements tasks, calls, emails, meetings and notes) with search, properties, associations v4, lists,
 * owners, account details, HubSpot's rate limits and error shapes, bearer-token auth (the private app's token
 * or an OAuth access token), the OAuth install and token endpoints, Webhooks v3 deliveries, and test-control
 * endpoints under {@code /_sandbox/}. This class wires the parts and is the Java test API; each capability lives
 * in its own class.
 */
public final class HubSpotSandbox implements AutoCloseable {

    /** HubSpot: "Object API batch endpoints are limited to 100 inputs per request." */
    public static final int BATCH_LIMIT = ObjectsApi.BATCH_LIMIT;
    private static final Duration WEBHOOK_BATCH_WINDOW = Duration.ofMillis(25);

    /**
     * @param accessToken       the private app's token, accepted by every API besides the OAuth tokens issued
     * @param clientSecret      the app's client secret: signs webhooks and authenticates the token endpoint
     * @param webhookMaxRetries resends of a failed webhook POST after the first attempt
     * @param webhookRetryDelay wait before each resend
     * @param webhookTimeout    a receiver slower than this counts as failed (HubSpot: 5 s)
     * @param limits            burst, daily and search limits
     * @param clock             record timestamps, rate-limit windows, webhook timestamps and token lifetimes
     * @param oauthApp          the app's OAuth settings (client id, redirect URLs, scopes, token lifetimes)
     * @param identities        the portal's other token holders: other installed apps and people, each writing as
     *                          itself ({@link Identity#DEFAULTS}: {@link Identity#OTHER_APP} and {@link Identity#PERSON})
     */
    public record Config(String accessToken, long portalId, long appId, String clientSecret, int webhookMaxRetries,
            Duration webhookRetryDelay, Duration webhookTimeout, RateLimits.Settings limits, Clock clock,
            OAuthApp oauthApp, List<Identity> identities) {

        public Config {
            identities = List.copyOf(identities);
            for (Identity identity : identities) {
                if (identity.token().equals(accessToken)) {
                    throw new IllegalArgumentException("The token " + identity.token() + " is crmsync's own");
                }
                if (!identity.isPerson() && identity.appId() == appId) {
                    throw new IllegalArgumentException("The app id " + appId + " is crmsync's own");
                }
            }
            if (identities.stream().map(Identity::token).distinct().count() != identities.size()) {
                throw new IllegalArgumentException("Two identities share a token: " + identities);
            }
        }

        /** With {@link Identity#DEFAULTS} besides crmsync's app. */
        public Config(String accessToken, long portalId, long appId, String clientSecret, int webhookMaxRetries,
                Duration webhookRetryDelay, Duration webhookTimeout, RateLimits.Settings limits, Clock clock,
                OAuthApp oauthApp) {
            this(accessToken, portalId, appId, clientSecret, webhookMaxRetries, webhookRetryDelay, webhookTimeout,
                    limits, clock, oauthApp, Identity.DEFAULTS);
        }

        /** Test defaults: 3 retries 200 ms apart, HubSpot's 5 s timeout, HubSpot's default limits. */
        public Config(String accessToken, long portalId, long appId, String clientSecret) {
            this(accessToken, portalId, appId, clientSecret, 3, Duration.ofMillis(200), Duration.ofSeconds(5));
        }

        public Config(String accessToken, long portalId, long appId, String clientSecret, int webhookMaxRetries,
                Duration webhookRetryDelay, Duration webhookTimeout) {
            this(accessToken, portalId, appId, clientSecret, webhookMaxRetries, webhookRetryDelay, webhookTimeout,
                    RateLimits.Settings.hubSpotDefaults(), Clock.systemUTC(), OAuthApp.DEFAULT);
        }

        public Config withLimits(RateLimits.Settings newLimits) {
            return new Config(accessToken, portalId, appId, clientSecret, webhookMaxRetries, webhookRetryDelay,
                    webhookTimeout, newLimits, clock, oauthApp, identities);
        }

        public Config withClock(Clock newClock) {
            return new Config(accessToken, portalId, appId, clientSecret, webhookMaxRetries, webhookRetryDelay,
                    webhookTimeout, limits, newClock, oauthApp, identities);
        }

        public Config withOAuthApp(OAuthApp newApp) {
            return new Config(accessToken, portalId, appId, clientSecret, webhookMaxRetries, webhookRetryDelay,
                    webhookTimeout, limits, clock, newApp, identities);
        }

        /** With exactly these other token holders (none: every accepted token writes as crmsync's app). */
        public Config withIdentities(List<Identity> newIdentities) {
            return new Config(accessToken, portalId, appId, clientSecret, webhookMaxRetries, webhookRetryDelay,
                    webhookTimeout, limits, clock, oauthApp, newIdentities);
        }

        /** The first person among the identities: whose token makes REST writes count as HubSpot UI edits. */
        public Optional<Identity> person() {
            return identities.stream().filter(Identity::isPerson).findFirst();
        }

        /** The first app among the identities other than crmsync's. */
        public Optional<Identity> otherApp() {
            return identities.stream().filter(i -> !i.isPerson()).findFirst();
        }
    }

    /**
     * A holder of a bearer token for the portal besides crmsync's app (whose private-app token and OAuth access
     * tokens write as {@code INTEGRATION} with crmsync's app id): another installed app, whose REST writes are
     * {@code INTEGRATION} with its own app id, or a person, whose REST writes are attributed as HubSpot attributes
     * edits in its UI: {@code CRM_UI} with sourceId {@code userId:<id>} (and updatedByUserId in property history).
     * Webhooks still go to crmsync's app (the event's appId); only changeSource/sourceId name the writer.
     */
    public record Identity(String token, ChangeSource source) {

        /** Another app installed in the portal (a private app of the customer's, say): its token and app id. */
        public static final String OTHER_APP_TOKEN = "pat-other-app-0000-local";
        public static final long OTHER_APP_ID = 2_468_013L;
        /** A person using HubSpot: the same user the Java test API edits as ({@link ChangeSource#SANDBOX_USER_ID}). */
        public static final String PERSON_TOKEN = "user-sandbox-person-0000-local";
        public static final long PERSON_USER_ID = ChangeSource.SANDBOX_USER_ID;

        public static final Identity OTHER_APP = app(OTHER_APP_TOKEN, OTHER_APP_ID);
        public static final Identity PERSON = person(PERSON_TOKEN, PERSON_USER_ID);
        public static final List<Identity> DEFAULTS = List.of(OTHER_APP, PERSON);

        public Identity {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("An identity needs a token");
            }
        }

        public static Identity app(String token, long appId) {
            return new Identity(token, ChangeSource.integration(appId));
        }

        public static Identity person(String token, long userId) {
            return new Identity(token, ChangeSource.crmUi(userId));
        }

        public boolean isPerson() {
            return source.userId().isPresent();
        }

        /** The app id (apps) or -1 (people). */
        public long appId() {
            return isPerson() ? -1 : Long.parseLong(source.sourceId());
        }

        /** The HubSpot user id (people) or -1 (apps). */
        public long userId() {
            return source.userId().orElse(-1L);
        }
    }

    /**
     * The app's auth settings in HubSpot's developer account. An install URL must carry every required scope and
     * nothing the app does not declare; its redirect_uri must be one of the redirect URLs.
     *
     * @param accessTokenLifetime the token endpoint's expires_in (HubSpot: 1800 seconds)
     * @param codeLifetime        how long the code in the install redirect can be exchanged
     */
    public record OAuthApp(String clientId, List<String> redirectUris, Set<String> requiredScopes,
            Set<String> optionalScopes, Duration accessTokenLifetime, Duration codeLifetime) {

        /** A lenient app: only "oauth" required, crmsync's kind of CRM scopes optional, a local redirect URL. */
        public static final OAuthApp DEFAULT = new OAuthApp("9b0f3c52-6a1e-4d7b-8c2f-5e4a1d3b7c60",
                List.of("http://localhost:8080/oauth/hubspot"), Set.of("oauth"),
                Set.of("crm.objects.contacts.read", "crm.objects.contacts.write", "crm.objects.companies.read",
                        "crm.objects.companies.write", "crm.objects.deals.read", "crm.objects.deals.write",
                        "crm.schemas.contacts.read", "crm.schemas.contacts.write", "crm.schemas.companies.read",
                        "crm.schemas.companies.write", "crm.schemas.deals.read", "crm.schemas.deals.write",
                        "crm.lists.read", "crm.lists.write", "crm.objects.owners.read", "sales-email-read", "tickets"),
                Duration.ofMinutes(30), Duration.ofMinutes(5));

        public OAuthApp {
            redirectUris = List.copyOf(redirectUris);
            requiredScopes = Set.copyOf(requiredScopes);
            optionalScopes = Set.copyOf(optionalScopes);
        }

        /** An app declaring exactly these scopes, with HubSpot's lifetimes. */
        public static OAuthApp of(String clientId, List<String> redirectUris, Set<String> requiredScopes,
                Set<String> optionalScopes) {
            return new OAuthApp(clientId, redirectUris, requiredScopes, optionalScopes, Duration.ofMinutes(30),
                    Duration.ofMinutes(5));
        }
    }

    private final Config config;
    private final SandboxHttpServer server;
    private final WebhookDispatcher webhooks;
    private final HubSpotPortal portal;
    private final RateLimits limits;
    private final OAuthGrants oauth;
    /** Calls each bearer token authenticated (the private app's token and every OAuth access token). */
    private final Map<String, java.util.concurrent.atomic.LongAdder> callsByToken =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Contacts, companies, deals, tasks, calls, emails, meetings and notes with HubSpot's default properties. */
    public HubSpotSandbox(Config config) {
        this(config, HubSpotObjectType.STANDARD);
    }

    /** With the given object types (e.g. contacts with a portal's custom properties). */
    public HubSpotSandbox(Config config, List<HubSpotObjectType> types) {
        this.config = config;
        Router router = new Router();
        this.server = new SandboxHttpServer("hubspot-sandbox", router, path -> HubSpotErrors.error(404,
                "OBJECT_NOT_FOUND", "Resource not found: " + path));
        server.faultResponse(HubSpotErrors::injected);
        this.webhooks = new WebhookDispatcher(config.portalId(), config.appId(), config.clientSecret(),
                new WebhookDispatcher.Settings(config.webhookMaxRetries(), config.webhookRetryDelay(),
                        config.webhookTimeout(), WEBHOOK_BATCH_WINDOW),
                HubSpotJson.MAPPER, config.clock(), server.faults());
        Map<String, ChangeSource> identities = new java.util.HashMap<>();
        config.identities().forEach(i -> identities.put(i.token(), i.source()));
        this.portal = new HubSpotPortal(config.portalId(), config.appId(), identities, config.clock(), types,
                webhooks::changed);
        this.limits = new RateLimits(config.limits(), config.clock());
        this.oauth = new OAuthGrants(config.clock(), config.oauthApp());

        Handler.Filter auth = this::requireBearerToken;
        Handler.Filter api = chain(auth, limits.forApi());
        new ObjectsApi(portal).register(router, api);
        new SearchApi(portal).register(router, chain(auth, limits.forSearch()));
        new PropertiesApi(portal).register(router, api);
        new AssociationsApi(portal).register(router, api);
        new ListsApi(portal).register(router, api);
        new OwnersApi(portal).register(router, api);
        new AccountInfoApi(config.portalId()).register(router, api);
        new OAuthApi(config, oauth).register(router);
        new AdminApi(this, portal).register(router);
    }

    private static Handler.Filter chain(Handler.Filter outer, Handler.Filter inner) {
        return (request, next) -> outer.apply(request, r -> inner.apply(r, next));
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

    /**
     * Whether this portal issued the bearer token to crmsync's app (its private-app token, or an OAuth access
     * token): how {@link HubSpotPortalRouter} tells the portals apart, as api.hubapi.com does.
     */
    public boolean issuedToApp(String token) {
        return token.equals(config.accessToken()) || oauth.access(token).isPresent();
    }

    public Config config() {
        return config;
    }

    @Override
    public void close() {
        server.close();
        webhooks.close();
    }

    // ---- test API: records (written as a person in HubSpot's UI: changeSource CRM_UI) ----

    /** Creates a contact; returns its id. */
    public String createContact(Map<String, String> properties) {
        return createRecord("contacts", properties);
    }

    /** Updates a contact; "" clears a property. */
    public void updateContact(String id, Map<String, String> properties) {
        updateRecord("contacts", id, properties);
    }

    /** The contact's current properties, including hs_object_id, createdate and lastmodifieddate. */
    public Optional<Map<String, String>> contact(String id) {
        return record("contacts", id);
    }

    public int contactCount() {
        return recordCount("contacts");
    }

    /**
     * Creates a record of {@code objectType} ("companies", "0-3", "calls", "0-46" …); returns its id. An
     * engagement without hs_timestamp gets the current time, as HubSpot's "Log a call/email/meeting/note" form
     * fills the activity date in (the API, by contrast, refuses such a create).
     */
    public String createRecord(String objectType, Map<String, String> properties) {
        HubSpotObjectStore store = store(objectType);
        Map<String, String> values = new java.util.LinkedHashMap<>(properties);
        if (store.type().missingOnCreate(properties).contains(HubSpotObjectType.TIMESTAMP)) {
            values.put(HubSpotObjectType.TIMESTAMP, String.valueOf(config.clock().millis()));
        }
        WriteResult result = store.create(values, ChangeSource.crmUi());
        return String.valueOf(written(result, "create a " + objectType + " record").id());
    }

    public void updateRecord(String objectType, String id, Map<String, String> properties) {
        written(store(objectType).update(id(id), properties, ChangeSource.crmUi()), "update " + objectType + " " + id);
    }

    /** A live record's current properties, system properties included. */
    public Optional<Map<String, String>> record(String objectType, String id) {
        HubSpotObjectStore store = store(objectType);
        return HubSpotJson.parseId(id).flatMap(store::get).map(o -> HubSpotJson.allProperties(store.type(), o));
    }

    /** Every live record of a type with all its properties, oldest first. */
    public List<Map<String, String>> records(String objectType) {
        HubSpotObjectStore store = store(objectType);
        return store.all().stream().sorted(java.util.Comparator.comparingLong(HubSpotObject::id))
                .map(o -> HubSpotJson.allProperties(store.type(), o)).toList();
    }

    /** Live records of a type. */
    public int recordCount(String objectType) {
        return store(objectType).count();
    }

    /** Moves a record to the recycle bin (fires X.deletion); false when it was not live. */
    public boolean archiveRecord(String objectType, String id) {
        HubSpotObjectStore store = store(objectType);
        boolean archived = store.archive(id(id), ChangeSource.crmUi());
        if (archived) {
            portal.associations().forget(store.type(), id(id));
        }
        return archived;
    }

    /** Restores a record from the recycle bin (fires X.restore); false when it was not there. */
    public boolean restoreRecord(String objectType, String id) {
        return store(objectType).restore(id(id), ChangeSource.crmUi());
    }

    /** Whether a record sits in the recycle bin. */
    public boolean isArchived(String objectType, String id) {
        return store(objectType).getArchived(id(id)).isPresent();
    }

    /** Merges {@code mergedId} into {@code primaryId} as a person would in the UI (fires X.merge). */
    public void mergeRecords(String objectType, String primaryId, String mergedId) {
        MergeResult result = store(objectType).merge(id(primaryId), id(mergedId), ChangeSource.crmUi());
        if (!(result instanceof MergeResult.Merged)) {
            throw new IllegalArgumentException("Could not merge " + mergedId + " into " + primaryId + ": " + result);
        }
        portal.associations().forget(store(objectType).type(), id(mergedId));
    }

    /** A property's history, newest first. */
    public List<HubSpotObject.PropertyVersion> propertyHistory(String objectType, String id, String property) {
        return store(objectType).get(id(id)).map(o -> o.history().getOrDefault(property, List.of())).orElse(List.of());
    }

    /** Associates two records with their unlabelled default type (fires associationChange). */
    public void associate(String fromType, String fromId, String toType, String toId) {
        HubSpotObjectType from = portal.typeFor(fromType);
        HubSpotObjectType to = portal.typeFor(toType);
        AssociationTypes.Definition definition = portal.associations().types().defaultBetween(from, to)
                .orElseThrow(() -> new IllegalArgumentException(fromType + " cannot be associated with " + toType));
        requireLive(from, fromId);
        requireLive(to, toId);
        portal.associations().add(definition, id(fromId), id(toId), ChangeSource.crmUi());
    }

    /**
     * The HUBSPOT_DEFINED association type ids between two records (e.g. {194} for a call and a contact it is
     * associated with, {193} the other way round); empty when they are not associated.
     */
    public Set<Integer> associationTypeIds(String fromType, String fromId, String toType, String toId) {
        return new java.util.TreeSet<>(portal.associations().typesBetween(portal.typeFor(fromType), id(fromId),
                portal.typeFor(toType), id(toId)));
    }

    /** The ids of the {@code toType} records a record is associated with, ascending. */
    public List<String> associatedIds(String fromType, String fromId, String toType) {
        return portal.associations().targets(portal.typeFor(fromType), id(fromId), portal.typeFor(toType)).keySet()
                .stream().map(String::valueOf).toList();
    }

    /** Adds an owner (a HubSpot user records can be assigned to); returns the owner id for hubspot_owner_id. */
    public String addOwner(String email, String firstName, String lastName) {
        return String.valueOf(portal.owners().add(email, firstName, lastName).id());
    }

    /** Creates a MANUAL list of {@code objectType} records; returns its list id. */
    public String createList(String name, String objectType) {
        return String.valueOf(portal.lists().create(name, portal.typeFor(objectType).typeId(), "MANUAL", null).listId());
    }

    /** Makes a record a member of a MANUAL list. */
    public void addToList(String listId, String recordId) {
        ListStore.MembershipChange change = portal.lists().add(id(listId), List.of(recordId));
        if (!change.missing().isEmpty()) {
            throw new NoSuchElementException("No live record " + recordId + " of the list's type");
        }
    }

    public void removeFromList(String listId, String recordId) {
        portal.lists().remove(id(listId), List.of(recordId));
    }

    /** A list's member record ids, ascending. */
    public List<String> listMembers(String listId) {
        return portal.lists().members(id(listId)).keySet().stream().map(String::valueOf).toList();
    }

    /** The next {@code count} object writes answer 423 LOCKED, as HubSpot does under heavy concurrent writes. */
    public void lockNextWrites(int count) {
        portal.lockNextWrites(count);
    }

    /**
     * Clears records, associations, lists, owners, API-created properties, deliveries, counters, limits and OAuth
     * codes and tokens.
     */
    public void reset() {
        portal.reset();
        webhooks.clearDeliveries();
        server.counter().reset();
        limits.reset();
        oauth.reset();
        callsByToken.clear();
    }

    // ---- test API: webhooks ----

    /** Delivers every later change of every type to {@code targetUrl}. */
    public void subscribe(URI targetUrl) {
        subscribe(targetUrl, Set.of(WebhookSubscriptions.ALL));
    }

    /**
     * Delivers later changes of the given subscription types to {@code targetUrl}: e.g. {@code contact.creation},
     * {@code contact.propertyChange:email} (one property), {@code contact.propertyChange} (all), or "all".
     * Replaces the earlier subscription (HubSpot apps have one target URL).
     */
    public void subscribe(URI targetUrl, Set<String> subscriptionTypes) {
        webhooks.subscribe(targetUrl, subscriptionTypes);
    }

    public void unsubscribe() {
        webhooks.unsubscribe();
    }

    /** Every webhook POST made so far, retries and redeliveries included, in the order they were sent. */
    /**
     * How failed webhook POSTs are sent again from now on; {@link WebhookRetries#HUBSPOT} is HubSpot's own
     * schedule. The config's retries and delay are the quick constant default.
     */
    public void webhookRetries(WebhookRetries retries) {
        webhooks.retries(retries);
    }

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

    // ---- test API: call counters and faults ----

    /** Calls to one endpoint, e.g. {@code calls("POST /crm/v3/objects/{objectType}/batch/read")}. */
    public long calls(String endpointKey) {
        return isAdmin(endpointKey) ? 0 : server.counter().calls(endpointKey);
    }

    /** API calls made, test-control calls under /_sandbox/ excluded. */
    public long totalCalls() {
        return callCounts().values().stream().mapToLong(Long::longValue).sum();
    }

    /** Non-zero counts per endpoint, test-control calls excluded. */
    public Map<String, Long> callCounts() {
        Map<String, Long> counts = new TreeMap<>(server.counter().snapshot());
        counts.keySet().removeIf(HubSpotSandbox::isAdmin);
        return counts;
    }

    public void resetCounters() {
        server.counter().reset();
        callsByToken.clear();
    }

    // ---- test API: OAuth ----

    /** API calls (OAuth endpoints excluded) that {@code accessToken} authenticated since the last counter reset. */
    public long callsAuthorizedBy(String accessToken) {
        java.util.concurrent.atomic.LongAdder calls = callsByToken.get(accessToken);
        return calls == null ? 0 : calls.sum();
    }

    /** The refresh token stops working (as DELETE /oauth/v1/refresh-tokens/{token}); false if it was unknown. */
    public boolean revokeRefreshToken(String refreshToken) {
        return oauth.revoke(refreshToken);
    }

    /** The app is uninstalled from the portal: every refresh and access token is refused from now on. */
    public void uninstallApp() {
        oauth.uninstall();
    }

    /** Every access token issued so far expires now on the sandbox clock, as if its 30 minutes were over. */
    public void expireAccessTokens() {
        oauth.expireAccessTokens();
    }

    /** Injected errors (in HubSpot's shape), latency, and dropped or doubled webhook events. */
    public FaultInjector faults() {
        return server.faults();
    }

    CallCounter counter() {
        return server.counter();
    }

    /** The server's counter also sees /_sandbox/ calls; they are no API calls. */
    static boolean isAdmin(String endpointKey) {
        return endpointKey.contains(" " + SandboxHttpServer.ADMIN_PREFIX);
    }

    // ---- helpers ----

    /**
     * The private app's token, an identity's token (another app, a person), or an OAuth access token this sandbox
     * issued that has not expired.
     */
    private SandboxResponse requireBearerToken(SandboxRequest request, Handler next) throws Exception {
        Optional<String> token = request.header("Authorization").map(String::trim)
                .filter(h -> h.startsWith("Bearer ")).map(h -> h.substring("Bearer ".length()).trim());
        if (token.isEmpty()) {
            return HubSpotErrors.unauthenticated();
        }
        if (!token.get().equals(config.accessToken())
                && config.identities().stream().noneMatch(i -> i.token().equals(token.get()))) {
            Optional<OAuthGrants.AccessToken> access = oauth.access(token.get());
            if (access.isEmpty()) {
                return HubSpotErrors.unauthenticated();
            }
            if (!oauth.isLive(access.get())) {
                return HubSpotErrors.expiredToken(Duration.between(access.get().expiresAt(), config.clock().instant()));
            }
        }
        callsByToken.computeIfAbsent(token.get(), t -> new java.util.concurrent.atomic.LongAdder()).increment();
        return next.handle(request);
    }

    /** The newest lastmodifieddate of the type's records (see {@link HubSpotObjectStore#lastWriteTime()}). */
    public Instant lastWriteTime(String objectType) {
        return store(objectType).lastWriteTime();
    }

    private HubSpotObjectStore store(String objectType) {
        return portal.store(portal.typeNamed(objectType)
                .orElseThrow(() -> new IllegalArgumentException("No object type " + objectType + " in this sandbox")));
    }

    private void requireLive(HubSpotObjectType type, String id) {
        if (portal.store(type).get(id(id)).isEmpty()) {
            throw new NoSuchElementException("No live " + type.pathName() + " record " + id);
        }
    }

    private static long id(String id) {
        return HubSpotJson.parseId(id).orElse(-1L);
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

    static String format(java.time.Instant instant) {
        return HubSpotJson.format(instant);
    }
}
