package io.crmsync.sandbox.hubspot;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxHttpServer;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;

/**
 * Test control over HTTP under {@code /_sandbox/} (for {@code make run} and tests in other processes): reset,
 * seed, call counters, fault settings, webhook subscription and the 423 hook. No auth, no rate limits, no
 * injected faults, and {@link HubSpotSandbox#callCounts()} leaves these calls out.
 */
final class AdminApi {

    private static final String PREFIX = SandboxHttpServer.ADMIN_PREFIX;

    private final HubSpotSandbox sandbox;
    private final HubSpotPortal portal;

    AdminApi(HubSpotSandbox sandbox, HubSpotPortal portal) {
        this.sandbox = sandbox;
        this.portal = portal;
    }

    void register(Router router) {
        router.post(PREFIX + "reset", this::reset)
                .post(PREFIX + "seed", this::seed)
                .get(PREFIX + "counters", this::counters)
                .delete(PREFIX + "counters", this::resetCounters)
                .get(PREFIX + "faults", r -> SandboxResponse.json(200, faults(sandbox.faults().settings())))
                .put(PREFIX + "faults", this::configureFaults)
                .put(PREFIX + "webhooks/subscription", this::subscribe)
                .delete(PREFIX + "webhooks/subscription", r -> {
                    sandbox.unsubscribe();
                    return SandboxResponse.empty(204);
                })
                .post(PREFIX + "lock", this::lock);
    }

    private SandboxResponse reset(SandboxRequest request) {
        sandbox.reset();
        return SandboxResponse.empty(204);
    }

    /**
     * {"owners":[{"email","firstName","lastName"}], "contacts":[{property: value}], "companies":[…], "deals":[…],
     * "tasks":[…], "calls":[…], "emails":[…], "meetings":[…], "notes":[…] (every type, by path name),
     * "associations":[{"fromType","fromId","toType","toId"}], "lists":[{"name","objectType", "members":[ids]}]}:
     * created in that order (records as UI writes, so engagements get hs_timestamp now unless given); answers the
     * new ids per key.
     */
    private SandboxResponse seed(SandboxRequest request) {
        JsonNode body = HubSpotJson.readObject(request);
        Map<String, Object> created = new LinkedHashMap<>();
        try {
            List<String> owners = new ArrayList<>();
            for (JsonNode owner : body.path("owners")) {
                owners.add(sandbox.addOwner(owner.path("email").asText(), owner.path("firstName").asText(""),
                        owner.path("lastName").asText("")));
            }
            created.put("owners", owners);
            for (HubSpotObjectType type : portal.types()) {
                List<String> ids = new ArrayList<>();
                for (JsonNode record : body.path(type.pathName())) {
                    ids.add(sandbox.createRecord(type.pathName(), textMap(record)));
                }
                created.put(type.pathName(), ids);
            }
            for (JsonNode link : body.path("associations")) {
                sandbox.associate(link.path("fromType").asText(), link.path("fromId").asText(),
                        link.path("toType").asText(), link.path("toId").asText());
            }
            List<String> lists = new ArrayList<>();
            for (JsonNode list : body.path("lists")) {
                String listId = sandbox.createList(list.path("name").asText(), list.path("objectType").asText("contacts"));
                for (JsonNode member : list.path("members")) {
                    sandbox.addToList(listId, member.asText());
                }
                lists.add(listId);
            }
            created.put("lists", lists);
        } catch (IllegalArgumentException | NoSuchElementException | IllegalStateException e) {
            return HubSpotErrors.validation("Seed failed: " + e.getMessage());
        }
        return SandboxResponse.json(200, created);
    }

    private SandboxResponse counters(SandboxRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", sandbox.totalCalls());
        body.put("calls", sandbox.callCounts());
        body.put("webhookDeliveries", sandbox.deliveryCount());
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse resetCounters(SandboxRequest request) {
        sandbox.resetCounters();
        return SandboxResponse.empty(204);
    }

    /** FaultInjector.Settings as JSON; latency as "latencyMillis" or an ISO-8601 "latency" ("PT0.2S"). */
    private SandboxResponse configureFaults(SandboxRequest request) {
        JsonNode body = HubSpotJson.readObject(request);
        try {
            List<Integer> statuses = new ArrayList<>();
            body.path("errorStatuses").forEach(s -> statuses.add(s.asInt()));
            Duration latency = body.hasNonNull("latency") ? Duration.parse(body.path("latency").asText())
                    : Duration.ofMillis(body.path("latencyMillis").asLong(0));
            FaultInjector.Settings settings = new FaultInjector.Settings(body.path("seed").asLong(0),
                    body.path("errorShare").asDouble(0), statuses, latency, body.path("dropShare").asDouble(0),
                    body.path("duplicateShare").asDouble(0));
            sandbox.faults().configure(settings);
            return SandboxResponse.json(200, faults(settings));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            return HubSpotErrors.validation("Invalid fault settings: " + e.getMessage());
        }
    }

    private SandboxResponse subscribe(SandboxRequest request) {
        JsonNode body = HubSpotJson.readObject(request);
        if (!body.path("targetUrl").isTextual()) {
            return HubSpotErrors.validation("targetUrl is required.");
        }
        Set<String> types = new LinkedHashSet<>(HubSpotJson.stringList(body.path("subscriptionTypes")));
        try {
            sandbox.subscribe(URI.create(body.path("targetUrl").asText()),
                    types.isEmpty() ? Set.of(WebhookSubscriptions.ALL) : types);
        } catch (IllegalArgumentException e) {
            return HubSpotErrors.validation(e.getMessage());
        }
        return SandboxResponse.empty(204);
    }

    private SandboxResponse lock(SandboxRequest request) {
        sandbox.lockNextWrites(HubSpotJson.readObject(request).path("writes").asInt(1));
        return SandboxResponse.empty(204);
    }

    private static Map<String, Object> faults(FaultInjector.Settings s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("seed", s.seed());
        json.put("errorShare", s.errorShare());
        json.put("errorStatuses", s.errorStatuses());
        json.put("latencyMillis", s.latency().toMillis());
        json.put("dropShare", s.dropShare());
        json.put("duplicateShare", s.duplicateShare());
        return json;
    }

    private static Map<String, String> textMap(JsonNode record) {
        Map<String, String> values = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = record.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            values.put(field.getKey(), field.getValue().isNull() ? "" : field.getValue().asText());
        }
        return values;
    }
}
