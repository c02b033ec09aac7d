package io.crmsync.sandbox.hubspot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;

/**
 * The app's OAuth 2.0 install (oauth-v1.json and HubSpot's OAuth guide): {@code GET /oauth/authorize} (served by
 * app.hubspot.com in production) approves at once as if the installing user clicked "Connect app" and redirects
 * back with a code; {@code POST /oauth/v1/token} (authorization_code and refresh_token grants); the token metadata
 * endpoints and refresh-token revocation. No bearer token is needed for any of them.
 */
final class OAuthApi {

    private final HubSpotSandbox.Config config;
    private final OAuthGrants grants;

    OAuthApi(HubSpotSandbox.Config config, OAuthGrants grants) {
        this.config = config;
        this.grants = grants;
    }

    void register(Router router) {
        router.get("/oauth/authorize", this::authorize)
                .post("/oauth/v1/token", this::token)
                .get("/oauth/v1/access-tokens/{token}", this::accessTokenInfo)
                .get("/oauth/v1/refresh-tokens/{token}", this::refreshTokenInfo)
                .delete("/oauth/v1/refresh-tokens/{token}", this::revoke);
    }

    /**
     * Checks the install URL as HubSpot does before showing the consent screen: a known client_id, a redirect_uri
     * among the app's redirect URLs, every required scope of the app in {@code scope} and nothing the app does not
     * declare in {@code scope} or {@code optional_scope}. Answers 302 to redirect_uri with code (and state).
     */
    private SandboxResponse authorize(SandboxRequest request) {
        HubSpotSandbox.OAuthApp app = config.oauthApp();
        if (!request.queryParam("client_id").filter(app.clientId()::equals).isPresent()) {
            return installError("Couldn't complete the connection: unknown client_id.");
        }
        Optional<String> redirectUri = request.queryParam("redirect_uri");
        if (redirectUri.isEmpty() || !app.redirectUris().contains(redirectUri.get())) {
            return installError("Couldn't complete the connection: redirect_uri does not match the app's redirect URLs.");
        }
        Set<String> scopes = scopes(request.queryParam("scope"));
        Set<String> optional = scopes(request.queryParam("optional_scope"));
        Set<String> missing = new LinkedHashSet<>(app.requiredScopes());
        missing.removeAll(scopes);
        if (!missing.isEmpty()) {
            return installError("Couldn't complete the connection: scope mismatch, the install URL lacks the app's"
                    + " required scopes " + missing + ".");
        }
        Set<String> undeclared = new LinkedHashSet<>(scopes);
        undeclared.addAll(optional);
        undeclared.removeAll(app.requiredScopes());
        undeclared.removeAll(app.optionalScopes());
        if (!undeclared.isEmpty()) {
            return installError("Couldn't complete the connection: scope mismatch, the app does not declare "
                    + undeclared + ".");
        }
        List<String> granted = new ArrayList<>(scopes);
        optional.stream().filter(s -> !scopes.contains(s)).forEach(granted::add);
        String code = grants.issueCode(redirectUri.get(), granted);
        StringBuilder location = new StringBuilder(redirectUri.get())
                .append(redirectUri.get().contains("?") ? '&' : '?').append("code=").append(encode(code));
        request.queryParam("state").ifPresent(state -> location.append("&state=").append(encode(state)));
        return new SandboxResponse(302, Map.of("Location", location.toString()), new byte[0]);
    }

    /** The form body (application/x-www-form-urlencoded); v1 also reads client_secret and refresh_token from the query. */
    private SandboxResponse token(SandboxRequest request) {
        Map<String, List<String>> form = request.formParams();
        String grantType = param(form, request, "grant_type");
        if (!"authorization_code".equals(grantType) && !"refresh_token".equals(grantType)) {
            return HubSpotErrors.oauth("BAD_GRANT_TYPE", "missing or unknown grant_type");
        }
        if (!config.oauthApp().clientId().equals(param(form, request, "client_id"))) {
            return HubSpotErrors.oauth("BAD_CLIENT_ID", "missing or unknown client id");
        }
        if (!config.clientSecret().equals(param(form, request, "client_secret"))) {
            return HubSpotErrors.oauth("BAD_CLIENT_SECRET", "missing or invalid client secret");
        }
        OAuthGrants.Outcome outcome = "authorization_code".equals(grantType)
                ? grants.redeem(param(form, request, "code"), param(form, request, "redirect_uri"))
                : grants.refresh(param(form, request, "refresh_token"));
        if (outcome instanceof OAuthGrants.Outcome.Refused refused) {
            return HubSpotErrors.oauth(refused.status(), refused.message());
        }
        OAuthGrants.AccessToken access = ((OAuthGrants.Outcome.Issued) outcome).access();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "bearer");
        body.put("refresh_token", access.refreshToken());
        body.put("access_token", access.token());
        body.put("expires_in", config.oauthApp().accessTokenLifetime().toSeconds());
        body.put("hub_id", config.portalId());
        body.put("user_id", OAuthGrants.INSTALLING_USER_ID);
        body.put("scopes", access.scopes());
        body.put("token_use", "access_token");
        return SandboxResponse.json(200, body);
    }

    /** AccessTokenInfoResponse for a live token; 404 for an unknown or expired one. */
    private SandboxResponse accessTokenInfo(SandboxRequest request) {
        Optional<OAuthGrants.AccessToken> token = grants.access(request.pathParam("token"))
                .filter(grants::isLive);
        if (token.isEmpty()) {
            return HubSpotErrors.error(404, "OBJECT_NOT_FOUND", "Token not found or expired.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token.get().token());
        body.put("user", OAuthGrants.INSTALLING_USER);
        body.put("hub_domain", "sandbox-" + config.portalId() + ".com");
        body.put("scopes", token.get().scopes());
        body.put("hub_id", config.portalId());
        body.put("app_id", config.appId());
        body.put("expires_in", grants.secondsLeft(token.get()));
        body.put("user_id", OAuthGrants.INSTALLING_USER_ID);
        body.put("token_type", "access");
        body.put("is_private_distribution", false);
        return SandboxResponse.json(200, body);
    }

    /** RefreshTokenInfoResponse. */
    private SandboxResponse refreshTokenInfo(SandboxRequest request) {
        String token = request.pathParam("token");
        Optional<List<String>> scopes = grants.refreshScopes(token);
        if (scopes.isEmpty()) {
            return HubSpotErrors.error(404, "OBJECT_NOT_FOUND", "Token not found.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", token);
        body.put("user", OAuthGrants.INSTALLING_USER);
        body.put("hub_domain", "sandbox-" + config.portalId() + ".com");
        body.put("scopes", scopes.get());
        body.put("hub_id", config.portalId());
        body.put("client_id", config.oauthApp().clientId());
        body.put("user_id", OAuthGrants.INSTALLING_USER_ID);
        body.put("token_type", "refresh");
        return SandboxResponse.json(200, body);
    }

    private SandboxResponse revoke(SandboxRequest request) {
        return grants.revoke(request.pathParam("token")) ? SandboxResponse.empty(204)
                : HubSpotErrors.error(404, "OBJECT_NOT_FOUND", "Token not found.");
    }

    /** HubSpot shows an error page instead of the consent screen; the sandbox answers 400 with the reason. */
    private static SandboxResponse installError(String message) {
        return SandboxResponse.text(400, message);
    }

    private static Set<String> scopes(Optional<String> parameter) {
        Set<String> scopes = new LinkedHashSet<>();
        parameter.ifPresent(value -> Arrays.stream(value.trim().split("[\\s+]+")).filter(s -> !s.isEmpty())
                .forEach(scopes::add));
        return scopes;
    }

    private static String param(Map<String, List<String>> form, SandboxRequest request, String name) {
        List<String> values = form.get(name);
        if (values != null && !values.isEmpty()) {
            return values.get(0);
        }
        return request.queryParam(name).orElse(null);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
