package io.crmsync.admin;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.tenant.SingleTenantMode;
import io.crmsync.tenant.Tenant;
import io.crmsync.tenant.TenantDirectory;
import io.crmsync.tenant.TenantRegistry;

/**
 * Tenants: list them, create one, show one. Creating a tenant generates its Salesforce Outbound Message token and
 * answers the endpoint URL with the token in it — once: only the token's SHA-256 is stored. The portal and org
 * come later, from connecting HubSpot and Salesforce. No answer holds a secret.
 */
@ApplicationScoped
public class TenantRoutes implements AdminRoutes {

    static final AdminRoute LIST = AdminRoute.of("GET", "/tenants");
    static final AdminRoute CREATE = AdminRoute.of("POST", "/tenants");
    static final AdminRoute GET = AdminRoute.of("GET", "/tenants/{id}");
    public static final List<AdminRoute> ROUTES = List.of(LIST, CREATE, GET);

    /** Tenant ids appear in table keys, log lines and URLs: short, lower-case, unambiguous. */
    static final Pattern ID = Pattern.compile("[a-z0-9-]{3,40}");
    /** 24 random bytes, hex: the length the README's {@code openssl rand -hex 24} gives. */
    static final int TOKEN_BYTES = 24;

    private final TenantRegistry registry;
    private final TenantDirectory tenants;
    private final Optional<String> outboundUrl;
    private final SecureRandom random;
    private final AdminHttp http;
    private final SingleTenantMode singleTenant;

    /**
     * @param outboundUrl the salesforce-outbound Function URL (crmsync.admin.outbound-url), to which the token is
     *        added as {@code ?token=}; optional at startup so other functions boot without it
     */
    @Inject
    public TenantRoutes(DynamoTenantDirectory table,
            @ConfigProperty(name = "crmsync.admin.outbound-url") Optional<String> outboundUrl, AdminHttp http,
            SingleTenantMode singleTenant) {
        this(table, table, outboundUrl, new SecureRandom(), http, singleTenant);
    }

    /** @param tenants read without a cache, so a tenant just created or connected shows at once */
    public TenantRoutes(TenantRegistry registry, TenantDirectory tenants, Optional<String> outboundUrl,
            SecureRandom random, AdminHttp http) {
        this(registry, tenants, outboundUrl, random, http, SingleTenantMode.OFF);
    }

    /** @param singleTenant its tenant calls with the deployment's credentials, so the admin API never creates it */
    public TenantRoutes(TenantRegistry registry, TenantDirectory tenants, Optional<String> outboundUrl,
            SecureRandom random, AdminHttp http, SingleTenantMode singleTenant) {
        this.singleTenant = singleTenant;
        this.registry = registry;
        this.tenants = tenants;
        this.outboundUrl = outboundUrl.filter(u -> !u.isBlank());
        this.random = random;
        this.http = http;
    }

    @Override
    public List<AdminRoute> routes() {
        return ROUTES;
    }

    @Override
    public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
        return AdminRoute.find(ROUTES, request).map(match -> {
            if (match.route() == LIST) {
                return http.ok(Map.of("tenants", registry.registered().stream().map(TenantRoutes::view).toList()));
            }
            if (match.route() == CREATE) {
                return create(http.jsonObject(request));
            }
            String id = match.parameter("id");
            return http.ok(view(tenants.byId(id).orElseThrow(() -> AdminApiException.unknownTenant(id))));
        });
    }

    private HttpResponseEvent create(ObjectNode body) {
        JsonNode idNode = body.get("id");
        if (idNode == null || !idNode.isTextual()) {
            throw AdminApiException.badRequest("id: required, a string of 3 to 40 characters a-z, 0-9 and -");
        }
        String id = idNode.asText();
        if (!ID.matcher(id).matches()) {
            throw AdminApiException.badRequest("id: \"" + id + "\" must be 3 to 40 characters a-z, 0-9 and -");
        }
        if (singleTenant.usesDeploymentCredentials(id)) {
            throw new AdminApiException(409, List.of("id: \"" + id + "\" is the single-tenant mode's tenant"
                    + " (crmsync.single-tenant), which calls with the deployment's own credentials; choose another id"));
        }
        List<String> unknown = new java.util.ArrayList<>();
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals("id")) {
                unknown.add(name + ": unknown; a tenant is created from its id alone (its portal and org come from"
                        + " connecting HubSpot and Salesforce)");
            }
        });
        if (!unknown.isEmpty()) {
            throw new AdminApiException(400, unknown);
        }
        // Checked before anything is stored: the token must reach the caller, or nobody could ever use it.
        String base = outboundUrl.orElseThrow(() -> new IllegalStateException(
                "crmsync.admin.outbound-url (CRMSYNC_ADMIN_OUTBOUND_URL) is not set"));
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        Tenant tenant = Tenant.unconnected(id, Optional.of(HexFormat.of().formatHex(Tenant.outboundTokenDigest(token))));
        if (!registry.createIfAbsent(tenant)) {
            throw new AdminApiException(409, List.of("id: tenant \"" + id + "\" already exists"));
        }
        ObjectNode answer = http.object();
        answer.set("tenant", http.tree(view(tenant)));
        answer.put("salesforceOutboundUrl", base + (base.contains("?") ? "&" : "?") + "token=" + token);
        answer.put("shownOnce", "salesforceOutboundUrl holds the tenant's Outbound Message token and is shown only"
                + " now: crmsync keeps just its SHA-256. Use it as the Endpoint URL of the tenant's Outbound"
                + " Messages in Salesforce, and keep it as you would a password.");
        return http.answer(201, answer);
    }

    /** What the admin may see of a tenant: ids and whether each CRM is connected, never a token or its hash. */
    static Map<String, Object> view(Tenant tenant) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", tenant.id());
        view.put("hubSpotPortalId", tenant.hubSpotConnected() ? tenant.hubSpotPortalId() : null);
        view.put("salesforceOrgId", tenant.salesforceConnected() ? tenant.salesforceOrgId() : null);
        Map<String, Boolean> connected = new LinkedHashMap<>();
        connected.put("hubspot", tenant.hubSpotConnected());
        connected.put("salesforce", tenant.salesforceConnected());
        view.put("connected", connected);
        view.put("outboundMessagesSetUp", tenant.outboundTokenSha256().isPresent());
        return view;
    }
}
