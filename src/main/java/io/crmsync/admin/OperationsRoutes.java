package io.crmsync.admin;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.adminhttp.AdminApiException;
import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.notice.ChangeNotice.SourceSystem;
import io.crmsync.notice.DeadLetters;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.sync.HubSpotListMembers;
import io.crmsync.tenant.TenantDirectory;

/**
 * Operations: sync records again (by id, or every member of a HubSpot list), and the dead-letter queue — how many
 * notices it holds, and moving them back to the change queue once what failed them is fixed.
 */
@ApplicationScoped
public class OperationsRoutes implements AdminRoutes {

    static final AdminRoute RESYNC = AdminRoute.of("POST", "/tenants/{id}/resync");
    static final AdminRoute DEAD_LETTERS = AdminRoute.of("GET", "/dead-letters");
    static final AdminRoute REDRIVE = AdminRoute.of("POST", "/dead-letters/redrive");
    public static final List<AdminRoute> ROUTES = List.of(RESYNC, DEAD_LETTERS, REDRIVE);

    private static final String RESYNC_SHAPE = "give exactly one of {\"hubspot\": {\"type\": \"contact\", \"ids\": [...]}},"
            + " {\"salesforce\": {\"type\": \"Lead\", \"ids\": [...]}} and {\"hubspotList\": \"<list id>\"}";

    private final TenantDirectory tenants;
    private final ResyncByIdOrList resync;
    private final DeadLetters deadLetters;
    private final AdminHttp http;

    @Inject
    public OperationsRoutes(TenantDirectory tenants, NoticeQueue queue, HubSpotListMembers lists,
            DeadLetters deadLetters, AdminHttp http) {
        this(tenants, new ResyncByIdOrList(queue, lists, Clock.systemUTC()), deadLetters, http);
    }

    public OperationsRoutes(TenantDirectory tenants, ResyncByIdOrList resync, DeadLetters deadLetters,
            AdminHttp http) {
        this.tenants = tenants;
        this.resync = resync;
        this.deadLetters = deadLetters;
        this.http = http;
    }

    @Override
    public List<AdminRoute> routes() {
        return ROUTES;
    }

    @Override
    public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
        return AdminRoute.find(ROUTES, request).map(match -> {
            if (match.route() == DEAD_LETTERS) {
                return http.ok(deadLetterView());
            }
            if (match.route() == REDRIVE) {
                return redrive();
            }
            return resync(match.parameter("id"), http.jsonObject(request));
        });
    }

    private HttpResponseEvent resync(String tenantId, ObjectNode body) {
        if (tenants.byId(tenantId).isEmpty()) {
            throw AdminApiException.unknownTenant(tenantId);
        }
        List<String> given = new ArrayList<>();
        body.fieldNames().forEachRemaining(given::add);
        List<String> unknown = given.stream().filter(f -> !List.of("hubspot", "salesforce", "hubspotList", "after")
                .contains(f)).map(f -> f + ": unknown; " + RESYNC_SHAPE).toList();
        if (!unknown.isEmpty()) {
            throw new AdminApiException(400, unknown);
        }
        List<String> kinds = given.stream().filter(f -> !f.equals("after")).toList();
        if (kinds.size() != 1) {
            throw AdminApiException.badRequest("body: " + RESYNC_SHAPE);
        }
        ResyncByIdOrList.Queued queued;
        try {
            queued = switch (kinds.get(0)) {
                case "hubspot" -> records(tenantId, "hubspot", SourceSystem.HUBSPOT, body.get("hubspot"));
                case "salesforce" -> records(tenantId, "salesforce", SourceSystem.SALESFORCE, body.get("salesforce"));
                default -> list(tenantId, body);
            };
        } catch (NoticeQueue.EnqueueFailedException e) {
            throw new AdminApiException(503, List.of("the change queue did not take the notices; call again —"
                    + " records queued twice are synced once"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", tenantId);
        answer.put("objectType", queued.objectType());
        answer.put("queued", queued.records());
        answer.put("notices", queued.notices());
        queued.continueAfter().ifPresent(after -> {
            answer.put("complete", false);
            answer.put("after", after);
            answer.put("next", "the list is longer than one call queues: call again with \"after\": \"" + after + "\"");
        });
        return http.answer(202, answer);
    }

    private ResyncByIdOrList.Queued records(String tenantId, String field, SourceSystem source, JsonNode spec) {
        if (!spec.isObject()) {
            throw AdminApiException.badRequest(field + ": must be an object {\"type\": …, \"ids\": […]}");
        }
        List<String> errors = new ArrayList<>();
        spec.fieldNames().forEachRemaining(name -> {
            if (!name.equals("type") && !name.equals("ids")) {
                errors.add(field + "." + name + ": unknown; give type and ids");
            }
        });
        JsonNode type = spec.get("type");
        if (type == null || !type.isTextual()) {
            errors.add(field + ".type: required, a string");
        }
        JsonNode idsNode = spec.get("ids");
        List<String> ids = new ArrayList<>();
        if (idsNode == null || !idsNode.isArray()) {
            errors.add(field + ".ids: required, a list of record ids");
        } else {
            for (int i = 0; i < idsNode.size(); i++) {
                JsonNode id = idsNode.get(i);
                if (id.isTextual() || id.isIntegralNumber()) {
                    ids.add(id.asText().strip());
                } else if (errors.size() < 10) {
                    errors.add(field + ".ids[" + i + "]: must be a string or a number");
                }
            }
        }
        if (errors.isEmpty()) {
            errors.addAll(ResyncByIdOrList.check(field, source, type.asText(), ids));
        }
        if (!errors.isEmpty()) {
            throw new AdminApiException(400, errors);
        }
        return resync.records(tenantId, source, type.asText(), ids);
    }

    private ResyncByIdOrList.Queued list(String tenantId, ObjectNode body) {
        JsonNode list = body.get("hubspotList");
        if (!(list.isTextual() || list.isIntegralNumber()) || !list.asText().strip().matches("[0-9]{1,19}")) {
            throw AdminApiException.badRequest("hubspotList: must be a HubSpot list id (its ILS id, digits)");
        }
        JsonNode after = body.get("after");
        if (after != null && !after.isTextual()) {
            throw AdminApiException.badRequest("after: must be the cursor string a previous call answered");
        }
        try {
            return resync.list(tenantId, list.asText().strip(), Optional.ofNullable(after).map(JsonNode::asText));
        } catch (HubSpotListMembers.ListNotFoundException | IllegalArgumentException e) {
            throw AdminApiException.badRequest("hubspotList: " + e.getMessage());
        }
    }

    private Map<String, Object> deadLetterView() {
        DeadLetters.Count count = deadLetters.count();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("approximateCount", count.waiting());
        view.put("approximateInFlight", count.inFlight());
        view.put("recentRedrives", deadLetters.recentMoves().stream().map(OperationsRoutes::view).toList());
        return view;
    }

    private static Map<String, Object> view(DeadLetters.Move move) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("taskHandle", move.taskHandle());
        view.put("status", move.status());
        view.put("moved", move.moved());
        move.toMove().ifPresent(n -> view.put("toMove", n));
        move.failureReason().ifPresent(r -> view.put("failureReason", r));
        return view;
    }

    private HttpResponseEvent redrive() {
        DeadLetters.Count before = deadLetters.count();
        String handle;
        try {
            handle = deadLetters.redrive();
        } catch (DeadLetters.MoveAlreadyRunningException e) {
            // Nothing was started, so nothing is moved twice: the running move takes every dead letter.
            return http.errors(409, List.of(e.getMessage() + "; GET /dead-letters shows its progress"),
                    Map.of("running", view(e.running())));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("taskHandle", handle);
        answer.put("approximateCount", before.waiting());
        answer.put("next", "SQS moves the dead letters back to the change queue in the background; GET /dead-letters"
                + " shows its progress");
        return http.answer(202, answer);
    }
}
