package io.crmsync.admin;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.adminhttp.AdminApiException;
import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.mapping.MappingsYaml;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.store.DynamoImportStore;
import io.crmsync.tenant.TenantDirectory;

/**
 * A tenant's configuration: settings, API-call allocation and mappings.yaml, through the same use cases as the
 * mapping-admin function. Mappings go validate → plan (the reviewable diff, with its plan id) → apply with the
 * plan id reviewed, the way HubSpot's setup wizard ends with review and finish; {@code reimport} then re-checks
 * every record against them.
 */
@ApplicationScoped
public class ConfigRoutes implements AdminRoutes {

    static final AdminRoute GET_SETTINGS = AdminRoute.of("GET", "/tenants/{id}/settings");
    static final AdminRoute PUT_SETTINGS = AdminRoute.of("PUT", "/tenants/{id}/settings");
    static final AdminRoute GET_ALLOCATION = AdminRoute.of("GET", "/tenants/{id}/allocation");
    static final AdminRoute PUT_ALLOCATION = AdminRoute.of("PUT", "/tenants/{id}/allocation");
    static final AdminRoute GET_MAPPINGS = AdminRoute.of("GET", "/tenants/{id}/mappings");
    static final AdminRoute RECOMMENDED = AdminRoute.of("GET", "/mappings/recommended");
    static final AdminRoute VALIDATE = AdminRoute.of("POST", "/tenants/{id}/mappings/validate");
    static final AdminRoute PLAN = AdminRoute.of("POST", "/tenants/{id}/mappings/plan");
    static final AdminRoute APPLY = AdminRoute.of("POST", "/tenants/{id}/mappings/apply");
    static final AdminRoute REIMPORT = AdminRoute.of("POST", "/tenants/{id}/reimport");
    public static final List<AdminRoute> ROUTES = List.of(GET_SETTINGS, PUT_SETTINGS, GET_ALLOCATION, PUT_ALLOCATION,
            GET_MAPPINGS, RECOMMENDED, VALIDATE, PLAN, APPLY, REIMPORT);

    private final TenantDirectory tenants;
    private final SettingsAdmin settings;
    private final AllocationAdmin allocation;
    private final MappingAdmin mappings;
    /** Removes the tenant's change cursors and import progress; answers the cursors removed. */
    private final Function<String, List<String>> restartImport;
    private final AdminHttp http;

    @Inject
    public ConfigRoutes(TenantDirectory tenants, SettingsAdmin settings, AllocationAdmin allocation,
            MappingAdmin mappings, DynamoImportStore imports, AdminHttp http) {
        this(tenants, settings, allocation, mappings, imports::restart, http);
    }

    public ConfigRoutes(TenantDirectory tenants, SettingsAdmin settings, AllocationAdmin allocation,
            MappingAdmin mappings, Function<String, List<String>> restartImport, AdminHttp http) {
        this.tenants = tenants;
        this.settings = settings;
        this.allocation = allocation;
        this.mappings = mappings;
        this.restartImport = restartImport;
        this.http = http;
    }

    @Override
    public List<AdminRoute> routes() {
        return ROUTES;
    }

    @Override
    public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
        return AdminRoute.find(ROUTES, request).map(match -> answer(match, request));
    }

    private HttpResponseEvent answer(AdminRoute.Match match, HttpRequestEvent request) {
        AdminRoute route = match.route();
        if (route == RECOMMENDED) {
            Map<ObjectPair, ObjectMapping> preset = new EnumMap<>(ObjectPair.class);
            RecommendedMappings.ALL.forEach(m -> preset.put(m.pair(), m));
            return yaml(request, null, MappingsYaml.render(preset));
        }
        String id = match.parameter("id");
        if (tenants.byId(id).isEmpty()) {
            throw AdminApiException.unknownTenant(id);
        }
        if (route == GET_SETTINGS || route == PUT_SETTINGS) {
            SettingsAdmin.Result result = route == GET_SETTINGS ? settings.get(id)
                    : settings.put(id, http.jsonObject(request));
            return result.errors().isEmpty() ? http.ok(answer(id, "settings", result.settings(), result.applied()))
                    : http.errors(400, result.errors());
        }
        if (route == GET_ALLOCATION || route == PUT_ALLOCATION) {
            AllocationAdmin.Result result = route == GET_ALLOCATION ? allocation.get(id)
                    : allocation.put(id, http.jsonObject(request));
            if (!result.errors().isEmpty()) {
                return http.errors(result.conflict() ? 409 : 400, result.errors());
            }
            Map<String, Object> answer = answer(id, "allocation", result.allocation(), result.applied());
            if (!result.notes().isEmpty()) {
                answer.put("notes", result.notes());
            }
            return http.ok(answer);
        }
        if (route == GET_MAPPINGS) {
            MappingAdmin.Result result = mappings.handle(id, "get", null);
            return result.errors().isEmpty() ? yaml(request, id, result.yaml()) : failed(result);
        }
        if (route == REIMPORT) {
            return reimport(id);
        }
        return mappingsFile(id, route, request);
    }

    private Map<String, Object> answer(String id, String name, Object value, boolean applied) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", id);
        answer.put(name, value);
        answer.put("applied", applied);
        return answer;
    }

    /** JSON {@code {"yaml": …}}, or the file itself for a caller that accepts only YAML. */
    private HttpResponseEvent yaml(HttpRequestEvent request, String tenantId, String yaml) {
        if (AdminHttp.acceptsYamlOnly(request)) {
            return http.text(200, AdminHttp.YAML, yaml);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        if (tenantId != null) {
            answer.put("tenantId", tenantId);
        }
        answer.put("yaml", yaml);
        return http.ok(answer);
    }

    /** The file from a YAML body ({@code ?reviewed=} beside it) or {@code {"yaml": …, "reviewed": …}}. */
    private record MappingsRequest(String yaml, Optional<String> reviewed) {
    }

    private static MappingsRequest mappingsRequest(HttpRequestEvent request, AdminHttp http) {
        String type = AdminHttp.contentType(request);
        if (AdminHttp.isYaml(type)) {
            return new MappingsRequest(AdminHttp.text(request), AdminHttp.query(request, "reviewed"));
        }
        if (!type.isEmpty() && !AdminHttp.isJson(type)) {
            throw AdminApiException.badRequest("content-type: " + type + " is not accepted; send the file as"
                    + " application/yaml, or JSON {\"yaml\": \"…\"}");
        }
        ObjectNode body = http.jsonObject(request);
        JsonNode yaml = body.get("yaml");
        if (yaml == null || !yaml.isTextual() || yaml.asText().isBlank()) {
            throw AdminApiException.badRequest("yaml: required, the content of mappings.yaml as a string");
        }
        JsonNode reviewed = body.get("reviewed");
        if (reviewed != null && !reviewed.isTextual()) {
            throw AdminApiException.badRequest("reviewed: must be the planId string the plan answered");
        }
        return new MappingsRequest(yaml.asText(), Optional.ofNullable(reviewed).map(JsonNode::asText));
    }

    private HttpResponseEvent mappingsFile(String id, AdminRoute route, HttpRequestEvent request) {
        MappingsRequest file = mappingsRequest(request, http);
        if (file.yaml().isBlank()) {
            throw AdminApiException.badRequest("body: the content of mappings.yaml is required");
        }
        MappingAdmin.Result result;
        if (route == APPLY) {
            String reviewed = file.reviewed().filter(r -> !r.isBlank()).orElseThrow(() -> AdminApiException.badRequest(
                    "reviewed: required — POST the same file to /tenants/" + id + "/mappings/plan, review the plan,"
                            + " and send its planId as reviewed"));
            result = mappings.applyReviewed(id, file.yaml(), reviewed);
        } else {
            result = mappings.handle(id, route == VALIDATE ? "validate" : "plan", file.yaml());
        }
        if (!result.errors().isEmpty()) {
            return failed(result);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", id);
        if (route == VALIDATE) {
            answer.put("valid", true);
            return http.ok(answer);
        }
        answer.put("planId", result.planId());
        answer.put("plan", result.plan());
        if (route == PLAN) {
            answer.put("next", "to apply exactly this plan, POST the same file to /tenants/" + id
                    + "/mappings/apply with reviewed = " + result.planId());
        } else {
            answer.put("applied", result.applied());
            answer.put("propertiesCreated", result.propertiesCreated());
            answer.put("next", "POST /tenants/" + id + "/reimport to re-check every record against these mappings");
        }
        return http.ok(answer);
    }

    /** A refused mappings call: its status by failure, with the fresh plan and id when there is one to review. */
    private HttpResponseEvent failed(MappingAdmin.Result result) {
        int status = switch (result.failure()) {
            case UNKNOWN_TENANT -> 404;
            case CONFLICT, NOT_CONNECTED -> 409;
            case CRM_UNAVAILABLE -> 502;
            case BAD_INPUT, NONE -> 400;
        };
        Map<String, Object> more = new LinkedHashMap<>();
        if (result.planId() != null) {
            more.put("planId", result.planId());
            more.put("plan", result.plan());
        }
        if (result.propertiesCreated() > 0) {
            more.put("propertiesCreated", result.propertiesCreated());
        }
        return http.errors(status, result.errors(), more);
    }

    private HttpResponseEvent reimport(String id) {
        List<String> removed;
        try {
            removed = restartImport.apply(id);
        } catch (IllegalArgumentException e) {
            throw AdminApiException.unknownTenant(id);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", id);
        answer.put("cursorsRemoved", removed);
        answer.put("next", "the next reconcile run imports every object again");
        return http.ok(answer);
    }
}
