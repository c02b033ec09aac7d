package io.crmsync.health;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.budget.Ledger;
import io.crmsync.budget.UsageHistory;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.reconcile.ReconcileReports;
import io.crmsync.sync.AuditLog;
import io.crmsync.sync.LinkStore;
import io.crmsync.sync.SyncErrorLog;
import io.crmsync.sync.TenantSuspensions;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;

/**
 * The admin API's sync-health routes and the health page (issue 7, points 4 and 5). See {@link #ROUTES}.
 * Errors answer {@code {"errors": ["…"]}} with 400 (bad input), 404 (unknown tenant), 405 (a path of this group
 * with another method) or 503 (the change queue refused a resync).
 */
@ApplicationScoped
public class HealthRoutes implements AdminRoutes {

    private static final Logger LOG = Logger.getLogger(HealthRoutes.class);

    static final AdminRoute PAGE = AdminRoute.of("GET", "/");
    static final AdminRoute PAGE_BY_NAME = AdminRoute.of("GET", "/health-page");
    static final AdminRoute HEALTH = AdminRoute.of("GET", "/tenants/{id}/health");
    static final AdminRoute ERRORS_CSV = AdminRoute.of("GET", "/tenants/{id}/errors.csv");
    static final AdminRoute RESYNC = AdminRoute.of("POST", "/tenants/{id}/errors/resync");
    static final AdminRoute HISTORY = AdminRoute.of("GET", "/tenants/{id}/records/history");
    /** What this group answers; the admin router dispatches on it and the OpenAPI document must list it. */
    public static final List<AdminRoute> ROUTES = List.of(PAGE, PAGE_BY_NAME, HEALTH, ERRORS_CSV, RESYNC, HISTORY);

    /** The answer to a resync: records queued, in how many notices. */
    public record Queued(int queued, int notices) {
    }

    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9._\\-]{1,128}");

    private final TenantDirectory tenants;
    private final SyncHealth health;
    private final RecordHistory history;
    private final ResyncSelectedErrors resync;
    private final SyncErrorLog errors;
    private final ObjectMapper json;
    private final AdminHttp http;
    private final HealthPage page = HealthPage.load();

    @Inject
    public HealthRoutes(TenantDirectory tenants, Ledger ledger, UsageHistory usageHistory, SyncErrorLog errors,
            TenantSuspensions suspensions, ReconcileReports reconcileReports, LinkStore links, AuditLog audit,
            NoticeQueue queue, ObjectMapper json) {
        this(tenants, ledger, usageHistory, errors, suspensions, reconcileReports, links, audit, queue, json,
                Clock.systemUTC());
    }

    public HealthRoutes(TenantDirectory tenants, Ledger ledger, UsageHistory usageHistory, SyncErrorLog errors,
            TenantSuspensions suspensions, ReconcileReports reconcileReports, LinkStore links, AuditLog audit,
            NoticeQueue queue, ObjectMapper json, Clock clock) {
        this.tenants = tenants;
        this.health = new SyncHealth(ledger, usageHistory, errors, suspensions, reconcileReports, clock,
                this::othersOnOrg);
        this.history = new RecordHistory(links, audit);
        this.resync = new ResyncSelectedErrors(queue, clock);
        this.errors = errors;
        // Times as ISO-8601 text whatever the injected mapper's settings: the page and the CSV read them so.
        this.json = json.copy().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.http = new AdminHttp(this.json);
    }

    /**
     * The other tenants on the tenant's Salesforce org.
     */
    private List<String> othersOnOrg(String tenantId) {
        return tenants.byId(tenantId).filter(Tenant::salesforceConnected)
                .map(t -> tenants.tenantsOnOrg(t.salesforceOrgId()).stream().map(Tenant::id)
                        .filter(id -> !id.equals(tenantId)).sorted().toList())
                .orElse(List.of());
    }

    @Override
    public List<AdminRoute> routes() {
        return ROUTES;
    }

    @Override
    public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
        Optional<AdminRoute.Match> found = AdminRoute.find(ROUTES, request);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AdminRoute route = found.get().route();
        if (route == PAGE || route == PAGE_BY_NAME) {
            return Optional.of(page());
        }
        String tenantId = found.get().parameter("id");
        if (!TENANT_ID.matcher(tenantId).matches()) {
            return Optional.of(http.errors(400, List.of("'" + shorten(tenantId)
                    + "' is not a tenant id (letters, digits, . _ -)")));
        }
        try {
            if (tenants.byId(tenantId).isEmpty()) {
                return Optional.of(http.errors(404, List.of("Unknown tenant '" + tenantId + "'")));
            }
            if (route == HEALTH) {
                return Optional.of(http.ok(health.of(tenantId)));
            }
            if (route == ERRORS_CSV) {
                return Optional.of(csv(tenantId, request.queryParameter("category").orElse(null)));
            }
            return Optional.of(route == HISTORY ? history(tenantId, request.queryParameter("record").orElse(null))
                    : resync(tenantId, request));
        } catch (NoticeQueue.EnqueueFailedException e) {
            LOG.warnf("health tenant=%s resync not queued: %s", tenantId, e.toString());
            return Optional.of(http.errors(503, List.of("The change queue did not take the notices; nothing was"
                    + " queued for sure. Try again.")));
        }
    }

    private HttpResponseEvent page() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/html; charset=utf-8");
        headers.put("content-security-policy", page.contentSecurityPolicy());
        headers.put("x-content-type-options", "nosniff");
        headers.put("referrer-policy", "no-referrer");
        headers.put("cache-control", "no-store");
        return new HttpResponseEvent(200, headers, page.html());
    }

    private HttpResponseEvent history(String tenantId, String record) {
        if (record == null || record.isBlank()) {
            return http.errors(400, List.of("Add ?record=hubspot:<type>:<id> or ?record=salesforce:<Type>:<id>,"
                    + " e.g. ?record=hubspot:contact:123"));
        }
        try {
            return http.ok(history.of(tenantId, record));
        } catch (IllegalArgumentException e) {
            return http.errors(400, List.of(e.getMessage()));
        }
    }

    private HttpResponseEvent csv(String tenantId, String category) {
        List<SyncErrorLog.SyncError> open = errors.open(tenantId).stream()
                .filter(e -> category == null || category.isEmpty() || e.category().equals(category)).toList();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("content-type", "text/csv; charset=utf-8; header=present");
        headers.put("content-disposition", "attachment; filename=\"crmsync-" + tenantId + "-sync-errors.csv\"");
        headers.put("cache-control", "no-store");
        headers.put("x-content-type-options", "nosniff");
        return new HttpResponseEvent(200, headers, ErrorsCsv.write(open));
    }

    private HttpResponseEvent resync(String tenantId, HttpRequestEvent request) {
        JsonNode body;
        try {
            body = json.readTree(request.bodyBytes());
        } catch (java.io.IOException | IllegalArgumentException e) {
            return http.errors(400, List.of("The body is not JSON: send {\"records\": [\"hubspot|contact|123\","
                    + " ...]}"));
        }
        if (body == null || !body.path("records").isArray()) {
            return http.errors(400, List.of("Send {\"records\": [\"hubspot|contact|123\", ...]}: a \"records\""
                    + " array of record keys"));
        }
        List<String> keys = new ArrayList<>();
        for (JsonNode key : body.get("records")) {
            if (!key.isTextual()) {
                return http.errors(400, List.of("Every record is a string such as \"hubspot|contact|123\", not "
                        + shorten(key.toString())));
            }
            keys.add(key.asText());
        }
        ResyncSelectedErrors.Result result = resync.resync(tenantId, keys);
        if (!result.errors().isEmpty()) {
            return http.errors(400, result.errors());
        }
        LOG.infof("health tenant=%s resync records=%d notices=%d", tenantId, result.records(), result.notices());
        return http.ok(new Queued(result.records(), result.notices()));
    }

    private static String shorten(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
