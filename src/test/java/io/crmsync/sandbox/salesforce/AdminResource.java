package io.crmsync.sandbox.salesforce;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.sandbox.http.FaultInjector;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/**
 * Test-control endpoints under /_sandbox/ (never metered, never faulted): reset, seed, counters and faults,
 * so tests in other processes (jsforce scripts, make run) can steer the sandbox.
 */
final class AdminResource {

    private final SalesforceSandbox sandbox;
    private final RestSupport rest;

    AdminResource(SalesforceSandbox sandbox, RestSupport rest) {
        this.sandbox = sandbox;
        this.rest = rest;
    }

    SandboxResponse reset(SandboxRequest request) {
        sandbox.reset();
        return SandboxResponse.empty(204);
    }

    /** {"Account": [{…}], "Lead": [{…}, …]}: creates the records in that order; answers their ids per type. */
    SandboxResponse seed(SandboxRequest request) {
        JsonNode body = rest.body(request);
        Map<String, List<String>> ids = new LinkedHashMap<>();
        try {
            for (Iterator<Map.Entry<String, JsonNode>> types = body.fields(); types.hasNext();) {
                Map.Entry<String, JsonNode> type = types.next();
                List<String> created = new ArrayList<>();
                for (JsonNode record : type.getValue()) {
                    created.add(sandbox.insert(type.getKey(), rest.fields(record)));
                }
                ids.put(type.getKey(), created);
            }
        } catch (IllegalArgumentException e) {
            throw new Failure(400, SalesforceError.of("INVALID_TYPE", e.getMessage()));
        }
        return SandboxResponse.json(201, ids);
    }

    /** {"sObject": "Lead", "name": "HubSpot_EU_Contact_Id__c", "label": "HubSpot EU Contact Id"}: a custom field. */
    SandboxResponse addField(SandboxRequest request) {
        JsonNode body = rest.body(request);
        String name = body.path("name").asText("");
        try {
            sandbox.addCustomField(body.path("sObject").asText(""), name, body.path("label").asText(name));
        } catch (IllegalArgumentException e) {
            throw new Failure(400, SalesforceError.of("INVALID_FIELD", e.getMessage()));
        }
        return SandboxResponse.empty(201);
    }

    SandboxResponse counters(SandboxRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("calls", sandbox.callCounts());
        body.put("totalCalls", sandbox.totalCalls());
        body.put("apiUsage", sandbox.apiUsage());
        body.put("apiLimit", sandbox.config().dailyApiLimit());
        return SandboxResponse.json(200, body);
    }

    /** FaultInjector.Settings as JSON; latency as ISO-8601 ("PT0.2S") or latencyMillis. */
    SandboxResponse faults(SandboxRequest request) {
        JsonNode body = rest.body(request);
        List<Integer> statuses = new ArrayList<>();
        body.path("errorStatuses").forEach(s -> statuses.add(s.asInt()));
        Duration latency = body.hasNonNull("latency") ? Duration.parse(body.get("latency").asText())
                : Duration.ofMillis(body.path("latencyMillis").asLong(0));
        try {
            sandbox.faults().configure(new FaultInjector.Settings(body.path("seed").asLong(0),
                    body.path("errorShare").asDouble(0), statuses, latency, body.path("dropShare").asDouble(0),
                    body.path("duplicateShare").asDouble(0)));
        } catch (IllegalArgumentException e) {
            throw new Failure(400, SalesforceError.of("INVALID_FIELD", e.getMessage()));
        }
        return SandboxResponse.empty(204);
    }
}
