package io.crmsync.adminhttp;

import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.crm.CrmUnavailableException;
import io.crmsync.crm.TenantNotConnectedException;
import io.crmsync.tenant.TenantScope;

/**
 * The admin API's front: finds the group whose route table holds the request's method and path, lets it answer,
 * and turns what goes wrong into JSON errors — 404 for no route, 405 for a path without that method, the group's
 * own 4xx, 409 when the tenant has not connected the CRM the route needs, 502 when a CRM could not answer, 500
 * (logged with ids only) for anything else. A route naming a tenant ({@code {id}}) is answered in that tenant's
 * scope, so any CRM call it makes uses that tenant's own grant and nobody else's. Logs one line per request:
 * method, route template, tenant id and status; never a body, which may hold a token.
 */
public final class AdminRouter {

    private static final Logger LOG = Logger.getLogger(AdminRouter.class);

    private final List<AdminRoutes> groups;
    private final AdminHttp http;
    private final TenantScope scope;

    /** For groups that call no CRM: no tenant scope. */
    public AdminRouter(List<AdminRoutes> groups, AdminHttp http) {
        this(groups, http, TenantScope.NONE);
    }

    public AdminRouter(List<AdminRoutes> groups, AdminHttp http, TenantScope scope) {
        this.scope = scope;
        // A stable order, whatever order CDI hands the beans over in.
        this.groups = groups.stream().sorted(Comparator.comparing(g -> g.getClass().getName())).toList();
        this.http = http;
    }

    public HttpResponseEvent handle(HttpRequestEvent request) {
        Optional<Routed> routed = route(request);
        String template = routed.map(r -> r.match().route().template()).orElse("(no route)");
        String tenant = routed.map(r -> r.match().parameters().get("id")).orElse(null);
        HttpResponseEvent response;
        try {
            if (routed.isEmpty()) {
                response = noRoute(request);
            } else if (tenant == null) {
                response = answer(routed.get(), request);
            } else {
                response = scope.on(tenant, () -> answer(routed.get(), request));
            }
        } catch (AdminApiException e) {
            response = http.errors(e.status(), e.errors());
        } catch (TenantNotConnectedException e) {
            response = http.errors(409, List.of(e.getMessage() + "; connect it first (POST /tenants/" + tenant
                    + "/connect/hubspot or /connect/salesforce)"));
        } catch (CrmUnavailableException e) {
            // The CRM's status and reason, never its body or our token.
            response = http.errors(502, List.of("a CRM could not answer: " + e.getMessage()));
        } catch (RuntimeException e) {
            String requestId = requestId(request);
            StackTraceElement at = e.getStackTrace().length == 0 ? null : e.getStackTrace()[0];
            // Ids only: exception messages may quote values from the request or a CRM.
            LOG.errorf("admin-api %s %s tenant=%s request=%s failed: %s at %s", request.method(), template,
                    tenant == null ? "-" : tenant, requestId, e.getClass().getName(), at);
            response = http.errors(500, List.of("internal error; the admin-api log has the details under request id "
                    + requestId));
        }
        LOG.infof("admin-api %s %s tenant=%s status=%d", request.method(), template, tenant == null ? "-" : tenant,
                response.statusCode());
        return response;
    }

    private record Routed(AdminRoutes group, AdminRoute.Match match) {
    }

    private Optional<Routed> route(HttpRequestEvent request) {
        for (AdminRoutes group : groups) {
            Optional<AdminRoute.Match> match = AdminRoute.find(group.routes(), request);
            if (match.isPresent()) {
                return Optional.of(new Routed(group, match.get()));
            }
        }
        return Optional.empty();
    }

    private HttpResponseEvent answer(Routed routed, HttpRequestEvent request) {
        return routed.group().handle(request).orElseThrow(() -> new IllegalStateException(routed.group().getClass()
                .getSimpleName() + " lists " + routed.match().route() + " but did not answer it"));
    }

    /** 405 with the methods the path has, or 404. */
    private HttpResponseEvent noRoute(HttpRequestEvent request) {
        String path = AdminRoute.pathOf(request);
        Set<String> allowed = new LinkedHashSet<>();
        groups.forEach(group -> group.routes().stream().filter(r -> r.parameters(path).isPresent())
                .forEach(r -> allowed.add(r.method())));
        if (!allowed.isEmpty()) {
            HttpResponseEvent refused = http.errors(405, List.of(request.method() + " is not allowed on " + path
                    + "; use " + String.join(" or ", allowed)));
            Map<String, String> headers = new java.util.LinkedHashMap<>(refused.headers());
            headers.put("allow", allowed.stream().collect(Collectors.joining(", ")));
            return new HttpResponseEvent(405, headers, refused.body());
        }
        return http.errors(404, List.of("no route " + request.method() + " " + path
                + "; GET /openapi.json lists the routes"));
    }

    private static String requestId(HttpRequestEvent request) {
        return request.requestContext() == null || request.requestContext().requestId() == null ? "-"
                : request.requestContext().requestId();
    }
}
