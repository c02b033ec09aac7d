package io.crmsync.connect;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.adminhttp.AdminApiException;
import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.tenant.CredentialStore;
import io.crmsync.tenant.TenantCredentials;

/**
 * Connecting a tenant's CRMs through the admin API. The OAuth flows answer the URL the user opens in a browser
 * (the CRM then sends the browser to the oauth-callback function); a private-app token or a JWT bearer key is
 * checked and stored at once. What the tenant is connected with can be read back, never a token or key.
 */
@ApplicationScoped
public class ConnectRoutes implements AdminRoutes {

    static final AdminRoute HUBSPOT = AdminRoute.of("POST", "/tenants/{id}/connect/hubspot");
    static final AdminRoute SALESFORCE = AdminRoute.of("POST", "/tenants/{id}/connect/salesforce");
    static final AdminRoute STATUS = AdminRoute.of("GET", "/tenants/{id}/connections");
    public static final List<AdminRoute> ROUTES = List.of(HUBSPOT, SALESFORCE, STATUS);

    private final HubSpotConnector hubSpot;
    private final SalesforceConnector salesforce;
    private final CredentialStore credentials;
    private final Optional<String> callbackUrl;
    private final AdminHttp http;

    /**
     * @param callbackUrl the oauth-callback Function URL (crmsync.connect.callback-url); the CRMs send the browser
     *        to it plus {@code hubspot} or {@code salesforce}. Optional at startup: only the OAuth routes need it.
     */
    @Inject
    public ConnectRoutes(HubSpotConnector hubSpot, SalesforceConnector salesforce, CredentialStore credentials,
            @ConfigProperty(name = "crmsync.connect.callback-url") Optional<String> callbackUrl, AdminHttp http) {
        this.hubSpot = hubSpot;
        this.salesforce = salesforce;
        this.credentials = credentials;
        this.callbackUrl = callbackUrl.filter(u -> !u.isBlank());
        this.http = http;
    }

    @Override
    public List<AdminRoute> routes() {
        return ROUTES;
    }

    @Override
    public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
        return AdminRoute.find(ROUTES, request).map(match -> {
            String tenantId = match.parameter("id");
            try {
                if (match.route() == STATUS) {
                    return http.ok(status(tenantId));
                }
                ObjectNode body = request.bodyBytes().length == 0 ? http.object() : http.jsonObject(request);
                return match.route() == HUBSPOT ? connectHubSpot(tenantId, body) : connectSalesforce(tenantId, body);
            } catch (ConnectException e) {
                // The connectors' reasons are written for the user and never hold a token.
                throw AdminApiException.badRequest(e.getMessage());
            }
        });
    }

    private HttpResponseEvent connectHubSpot(String tenantId, ObjectNode body) {
        refuseUnknown(body, Set.of("privateAppToken"));
        Optional<String> token = text(body, "privateAppToken");
        if (token.isPresent()) {
            return http.ok(Map.of("connected", hubSpot.connectPrivateApp(tenantId, token.get())));
        }
        URI installUrl = hubSpot.installUrl(tenantId, redirectUri(HubSpotConnector.CRM));
        return http.ok(Map.of("installUrl", installUrl.toString(), "next", "Open installUrl in a browser as a user "
                + "of the HubSpot account and approve crmsync; the page you land on says when it is connected. "
                + "The link works once, for 10 minutes."));
    }

    private HttpResponseEvent connectSalesforce(String tenantId, ObjectNode body) {
        refuseUnknown(body, Set.of("sandbox", "clientId", "clientSecret", "jwtBearer"));
        JsonNode sandboxNode = body.get("sandbox");
        if (sandboxNode != null && !sandboxNode.isBoolean()) {
            throw AdminApiException.badRequest("sandbox: true for a sandbox org (test.salesforce.com), false or left "
                    + "out for production (login.salesforce.com)");
        }
        boolean sandbox = sandboxNode != null && sandboxNode.asBoolean();
        JsonNode jwt = body.get("jwtBearer");
        if (jwt != null) {
            if (!(jwt instanceof ObjectNode jwtObject)) {
                throw AdminApiException.badRequest("jwtBearer: an object with username, privateKeyPem and, unless "
                        + "the deployment's connected app is meant, clientId");
            }
            refuseUnknown(jwtObject, Set.of("clientId", "username", "privateKeyPem"), "jwtBearer.");
            String username = text(jwtObject, "username").orElseThrow(() -> AdminApiException.badRequest(
                    "jwtBearer.username: required, the integration user's Salesforce username"));
            String key = text(jwtObject, "privateKeyPem").orElseThrow(() -> AdminApiException.badRequest(
                    "jwtBearer.privateKeyPem: required, the PKCS#8 PEM key whose certificate the connected app has"));
            String clientId = text(jwtObject, "clientId").or(() -> text(body, "clientId")).orElse(null);
            return http.ok(Map.of("connected", salesforce.connectJwtBearer(tenantId, sandbox, clientId, username,
                    key)));
        }
        URI authorizeUrl = salesforce.authorizeUrl(tenantId, sandbox, text(body, "clientId").orElse(null),
                text(body, "clientSecret").orElse(null), redirectUri(SalesforceConnector.CRM));
        return http.ok(Map.of("authorizeUrl", authorizeUrl.toString(), "next", "Open authorizeUrl in a browser, log "
                + "in as the integration user and allow access; the page you land on says when it is connected. "
                + "The link works once, for 10 minutes."));
    }

    /** What each CRM is connected with, and a connection being made: methods, ids and times only. */
    Map<String, Object> status(String tenantId) {
        // Past the cache: the callback, another function, may have just stored a grant.
        TenantCredentials stored = credentials.readCurrent(tenantId).orElse(TenantCredentials.NONE);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("tenantId", tenantId);
        if (stored.hubSpot() != null) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("method", stored.hubSpot().method());
            h.put("portalId", stored.hubSpot().portalId());
            h.put("scopes", stored.hubSpot().scopes());
            h.put("accessTokenExpiresAt", stored.hubSpot().expiresAt());
            answer.put("hubspot", h);
        }
        if (stored.salesforce() != null) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("method", stored.salesforce().method());
            s.put("orgId", stored.salesforce().orgId());
            s.put("loginUrl", stored.salesforce().loginUrl());
            s.put("instanceUrl", stored.salesforce().instanceUrl());
            s.put("username", stored.salesforce().username());
            answer.put("salesforce", s);
        }
        if (stored.pending() != null) {
            answer.put("pending", Map.of("crm", stored.pending().crm(), "expiresAt", stored.pending().expiresAt()));
        }
        return answer;
    }

    private URI redirectUri(String crm) {
        String base = callbackUrl.orElseThrow(() -> new IllegalStateException(
                "crmsync.connect.callback-url (CRMSYNC_CONNECT_CALLBACK_URL) is not set: the oauth-callback "
                        + "Function URL the CRMs send the browser back to"));
        return URI.create((base.endsWith("/") ? base : base + "/") + crm);
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw AdminApiException.badRequest(field + ": must be a non-empty string");
        }
        return Optional.of(node.asText());
    }

    private static void refuseUnknown(ObjectNode body, Set<String> known) {
        refuseUnknown(body, known, "");
    }

    private static void refuseUnknown(ObjectNode body, Set<String> known, String prefix) {
        List<String> unknown = new ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(prefix + name + ": unknown; expected " + String.join(", ", known.stream().sorted()
                        .toList()));
            }
        });
        if (!unknown.isEmpty()) {
            throw new AdminApiException(400, unknown);
        }
    }
}
