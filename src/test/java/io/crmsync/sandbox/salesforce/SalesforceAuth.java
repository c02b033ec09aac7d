package io.crmsync.sandbox.salesforce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;

/**
 * The OAuth 2.0 endpoints of the org's login host and the sessions they create: {@code GET
 * /services/oauth2/authorize} (the web-server flow, approved at once as the integration user), {@code POST
 * /services/oauth2/token} with the authorization-code (PKCE), refresh-token, client-credentials, JWT bearer and
 * username-password grants (the last for the org's other users, {@link SalesforceSandbox.User}), and {@code POST /services/oauth2/revoke}. Token errors are OAuth's JSON ({@code error},
 * {@code error_description}) with status 400.
 *
 * <p>Login hosts: a production org's users log in at login.salesforce.com, a sandbox org's at
 * test.salesforce.com, and neither host knows the other's users. Every request says which host it came to
 * ({@link LoginHost}); at the wrong one the user cannot log in and every grant is refused, as choosing the wrong
 * host fails against Salesforce.
 */
final class SalesforceAuth {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    /** Salesforce's authorization codes live 15 minutes. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(15);
    /** The scopes the connected app was given; the authorize request may ask for a subset. */
    static final Set<String> APP_SCOPES = Set.of("api", "refresh_token", "offline_access", "id", "openid",
            "profile", "email", "web", "full");
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** The host a login request was sent to. */
    enum LoginHost {
        /** login.salesforce.com (and, for a production org, its My Domain): the sandbox's base URL. */
        PRODUCTION,
        /** test.salesforce.com: a second listener a sandbox org starts. */
        SANDBOX
    }

    /** A refresh token's grant: the app it was issued to and the user it acts as. */
    private record RefreshGrant(String clientId, String username) {
    }

    /** An authorization code between the redirect and its (single) exchange. */
    private record IssuedCode(String clientId, String redirectUri, String codeChallenge, String scope,
            String username, long issuedAtMillis) {
    }

    private final SalesforceSandbox.Config config;
    private final String orgId;
    /** Username → the user's id (005…), for the identity URL a session answers. */
    private final java.util.function.Function<String, String> userIdOf;
    private final String integrationUsername;
    private final Clock clock;
    private final Supplier<String> loginUrl;
    /** The REST API's base (the sandbox's main listener), whichever host the login went through. */
    private final Supplier<String> instanceUrl;
    /** Username → whether such an active user exists (JWT sub); backed by the org's User records. */
    private final Predicate<String> activeUser;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    /** Access token → the user the session runs as. */
    private final Map<String, String> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, RefreshGrant> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();
    /** Users deactivated through the test API: their sessions and refresh tokens end, their logins fail. */
    private final Set<String> inactiveUsers = ConcurrentHashMap.newKeySet();
    /** Every token ever issued, so tests can check none of them leaked into a log line or a message. */
    private final Set<String> issued = ConcurrentHashMap.newKeySet();
    /** Connected-app consumer key → the certificate's public key that JWT assertions must be signed with. */
    private final Map<String, PublicKey> jwtKeys = new ConcurrentHashMap<>();

    SalesforceAuth(SalesforceSandbox.Config config, String orgId, String userId, String integrationUsername,
            Clock clock, Supplier<String> loginUrl, Supplier<String> instanceUrl, Predicate<String> activeUser) {
        this(config, orgId, username -> userId, integrationUsername, clock, loginUrl, instanceUrl, activeUser);
    }

    SalesforceAuth(SalesforceSandbox.Config config, String orgId, java.util.function.Function<String, String> userIdOf,
            String integrationUsername, Clock clock, Supplier<String> loginUrl, Supplier<String> instanceUrl,
            Predicate<String> activeUser) {
        this.config = config;
        this.orgId = orgId;
        this.userIdOf = userIdOf;
        this.integrationUsername = integrationUsername;
        this.clock = clock;
        this.loginUrl = loginUrl;
        this.instanceUrl = instanceUrl;
        this.activeUser = activeUser;
    }

    private LoginHost orgsHost() {
        return config.sandboxOrg() ? LoginHost.SANDBOX : LoginHost.PRODUCTION;
    }

    // ---- GET /services/oauth2/authorize ----

    /**
     * The web-server flow's first leg. Errors Salesforce cannot safely send to the callback (unknown client,
     * callback URL not the app's) are a 400 page; the others go to the callback with {@code error}; a user who
     * cannot log in at this host stays on the login page.
     */
    SandboxResponse authorize(LoginHost host, SandboxRequest request) {
        if (host != orgsHost() || inactiveUsers.contains(integrationUsername)) {
            return loginFailedPage();
        }
        if (!config.clientId().equals(request.queryParam("client_id").orElse(null))) {
            return errorPage("invalid_client_id", "client identifier invalid");
        }
        String redirectUri = request.queryParam("redirect_uri").orElse(null);
        if (redirectUri == null || !config.callbackUrls().contains(redirectUri)) {
            return errorPage("redirect_uri_mismatch", "redirect_uri must match configuration");
        }
        Optional<String> state = request.queryParam("state");
        if (!"code".equals(request.queryParam("response_type").orElse(null))) {
            return redirect(redirectUri, state, "error", "unsupported_response_type", "error_description",
                    "response type not supported");
        }
        String challenge = request.queryParam("code_challenge").orElse(null);
        String method = request.queryParam("code_challenge_method").orElse("S256");
        if (challenge == null && config.pkceRequired()) {
            return redirect(redirectUri, state, "error", "invalid_request", "error_description",
                    "missing required code challenge");
        }
        if (challenge != null && (!"S256".equals(method) || !S256_CHALLENGE.matcher(challenge).matches())) {
            return redirect(redirectUri, state, "error", "invalid_request", "error_description",
                    "invalid code challenge");
        }
        String scope = request.queryParam("scope").orElse(String.join(" ", APP_SCOPES));
        if (!APP_SCOPES.containsAll(Arrays.asList(scope.trim().split("\\s+")))) {
            return redirect(redirectUri, state, "error", "invalid_scope", "error_description",
                    "the requested scope is not allowed");
        }
        String code = "aPrx" + randomPart(80);
        codes.put(code, new IssuedCode(config.clientId(), redirectUri, challenge, scope.trim(), integrationUsername,
                clock.millis()));
        return redirect(redirectUri, state, "code", code);
    }

    // ---- POST /services/oauth2/token ----

    SandboxResponse token(LoginHost host, SandboxRequest request) {
        if (host != orgsHost()) {
            // This host knows neither the org's users, nor its apps' grants, nor its tokens.
            return oauthError("invalid_grant", "authentication failure");
        }
        Map<String, List<String>> form = request.formParams();
        String grantType = first(form, "grant_type");
        if ("authorization_code".equals(grantType)) {
            return authorizationCode(form);
        }
        if ("client_credentials".equals(grantType)) {
            return clientCredentials(form);
        }
        if ("password".equals(grantType)) {
            return password(form);
        }
        if (JWT_BEARER.equals(grantType)) {
            return jwtBearer(first(form, "assertion"));
        }
        if ("refresh_token".equals(grantType)) {
            return refresh(form);
        }
        return oauthError("unsupported_grant_type", "grant type not supported");
    }

    /** {@code POST /services/oauth2/revoke}: ends a refresh token or an access token. */
    SandboxResponse revoke(LoginHost host, SandboxRequest request) {
        String token = Optional.ofNullable(first(request.formParams(), "token"))
                .orElse(request.queryParam("token").orElse(null));
        if (host != orgsHost() || token == null
                || (refreshTokens.remove(token) == null & accessTokens.remove(token) == null)) {
            return oauthError("unsupported_token_type", "this token type is not supported");
        }
        return SandboxResponse.empty(200);
    }

    boolean isValidAccessToken(String token) {
        String user = accessTokens.get(token);
        return user != null && !inactiveUsers.contains(user);
    }

    /** The username a live session runs as. */
    Optional<String> sessionUser(String token) {
        return Optional.ofNullable(accessTokens.get(token)).filter(u -> !inactiveUsers.contains(u));
    }

    /** A session for {@code username} as a login would have created; returns its access token. */
    String issueAccessToken(String username) {
        return newAccessToken(username);
    }

    void registerJwtKey(String consumerKey, PublicKey key) {
        jwtKeys.put(consumerKey, key);
    }

    /** A refresh token as the web-server flow would have issued to this client. */
    String issueRefreshToken() {
        return newRefreshToken(config.clientId(), integrationUsername);
    }

    void expireAccessTokens() {
        accessTokens.clear();
    }

    void revokeRefreshTokens() {
        refreshTokens.clear();
    }

    /** @return whether the token was a live refresh token */
    boolean revokeRefreshToken(String token) {
        return refreshTokens.remove(token) != null;
    }

    void deactivate(String username) {
        inactiveUsers.add(username);
    }

    void reactivateAll() {
        inactiveUsers.clear();
    }

    Set<String> issuedTokens() {
        return Set.copyOf(issued);
    }

    private SandboxResponse authorizationCode(Map<String, List<String>> form) {
        if (!config.clientId().equals(first(form, "client_id"))) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        // The connected app's default "Require Secret for Web Server Flow".
        if (!config.clientSecret().equals(first(form, "client_secret"))) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        String presented = first(form, "code");
        // Single use: whatever happens next, this code is spent.
        IssuedCode code = presented == null ? null : codes.remove(presented);
        if (code == null || !code.clientId().equals(first(form, "client_id"))) {
            return oauthError("invalid_grant", "invalid authorization code");
        }
        if (clock.millis() - code.issuedAtMillis() > CODE_LIFETIME.toMillis()) {
            return oauthError("invalid_grant", "expired authorization code");
        }
        if (!code.redirectUri().equals(first(form, "redirect_uri"))) {
            return oauthError("redirect_uri_mismatch", "redirect_uri must match configuration");
        }
        String verifier = first(form, "code_verifier");
        if (code.codeChallenge() != null && verifier == null) {
            return oauthError("invalid_grant", "invalid code verifier");
        }
        if (verifier != null && (code.codeChallenge() == null || !code.codeChallenge().equals(s256(verifier)))) {
            return oauthError("invalid_request", "invalid code verifier");
        }
        if (inactiveUsers.contains(code.username())) {
            return oauthError("invalid_grant", "inactive user");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        Set<String> scopes = Set.of(code.scope().split("\\s+"));
        // A refresh token only when the request asked for one (refresh_token or its alias offline_access).
        if (scopes.contains("refresh_token") || scopes.contains("offline_access")) {
            extra.put("refresh_token", newRefreshToken(code.clientId(), code.username()));
        }
        extra.put("scope", code.scope());
        return session(code.username(), extra);
    }

    private SandboxResponse clientCredentials(Map<String, List<String>> form) {
        if (!config.clientId().equals(first(form, "client_id"))) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        if (!config.clientSecret().equals(first(form, "client_secret"))) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        return session(integrationUsername, Map.of());
    }

    /**
     * The username-password flow: the connected app's client id and secret and one of the org's other users'
     * username and password (Salesforce appends the user's security token to the password; the sandbox's users
     * have none). The integration user has no password: it logs in by client credentials, JWT or the web-server flow.
     */
    private SandboxResponse password(Map<String, List<String>> form) {
        if (!config.clientId().equals(first(form, "client_id"))) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        if (!config.clientSecret().equals(first(form, "client_secret"))) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        String username = first(form, "username");
        Optional<SalesforceSandbox.User> user = config.users().stream()
                .filter(u -> u.username().equalsIgnoreCase(String.valueOf(username))).findFirst();
        if (user.isEmpty() || !user.get().password().equals(first(form, "password"))
                || inactiveUsers.contains(user.get().username()) || !activeUser.test(user.get().username())) {
            return oauthError("invalid_grant", "authentication failure");
        }
        return session(user.get().username(), Map.of("scope", "api"));
    }

    private SandboxResponse refresh(Map<String, List<String>> form) {
        if (!config.clientId().equals(first(form, "client_id"))) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        String secret = first(form, "client_secret");
        if (secret != null && !config.clientSecret().equals(secret)) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        String token = first(form, "refresh_token");
        RefreshGrant grant = token == null ? null : refreshTokens.get(token);
        if (grant == null || inactiveUsers.contains(grant.username())) {
            return oauthError("invalid_grant", "expired access/refresh token");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("scope", "api refresh_token");
        if (config.rotateRefreshTokens()) {
            // Refresh token rotation: each use answers a new refresh token and ends the one presented.
            refreshTokens.remove(token);
            extra.put("refresh_token", newRefreshToken(grant.clientId(), grant.username()));
        }
        return session(grant.username(), extra);
    }

    /**
     * The JWT bearer flow: an RS256 assertion signed with the connected app's certificate key, iss the
     * consumer key, sub the username, aud the login URL, exp in the future.
     */
    private SandboxResponse jwtBearer(String assertion) {
        String[] parts = assertion == null ? new String[0] : assertion.split("\\.", -1);
        if (parts.length != 3) {
            return oauthError("invalid_grant", "invalid assertion");
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (java.io.IOException | IllegalArgumentException e) {
            return oauthError("invalid_grant", "invalid assertion");
        }
        if (!"RS256".equals(header.path("alg").asText())) {
            return oauthError("invalid_grant", "invalid assertion");
        }
        String issuer = claims.path("iss").asText();
        PublicKey key = jwtKeys.get(issuer);
        if (key == null) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        if (!verifies(key, parts)) {
            return oauthError("invalid_grant", "invalid assertion");
        }
        JsonNode audience = claims.path("aud");
        boolean audienceOk = audience.isArray()
                ? java.util.stream.StreamSupport.stream(audience.spliterator(), false)
                        .anyMatch(a -> isLoginUrl(a.asText()))
                : isLoginUrl(audience.asText());
        if (!audienceOk) {
            return oauthError("invalid_grant", "audience is invalid");
        }
        if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() * 1000 <= clock.millis()) {
            return oauthError("invalid_grant", "expired authorization code");
        }
        String username = claims.path("sub").asText();
        if (inactiveUsers.contains(username)) {
            return oauthError("invalid_grant", "inactive user");
        }
        if (!activeUser.test(username)) {
            return oauthError("invalid_grant", "user hasn't approved this consumer");
        }
        return session(username, Map.of("scope", "api"));
    }

    private boolean isLoginUrl(String audience) {
        String login = loginUrl.get();
        return audience.equals(login) || audience.equals(login + "/");
    }

    private static boolean verifies(PublicKey key, String[] parts) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A new access token and the answer Salesforce gives for it: the identity URL is on the org's login host. */
    private SandboxResponse session(String username, Map<String, String> extra) {
        String token = newAccessToken(username);
        String id = loginUrl.get() + "/id/" + orgId + "/" + userIdOf.apply(username);
        String issuedAt = String.valueOf(clock.millis());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("signature", sign(id + issuedAt));
        body.putAll(extra);
        body.put("instance_url", instanceUrl.get());
        body.put("id", id);
        body.put("token_type", "Bearer");
        body.put("issued_at", issuedAt);
        return SandboxResponse.json(200, body);
    }

    private String newAccessToken(String username) {
        String token = orgId.substring(0, 15) + "!" + "AQ" + randomPart(94);
        accessTokens.put(token, username);
        issued.add(token);
        return token;
    }

    private String newRefreshToken(String clientId, String username) {
        String token = "5Aep" + randomPart(83);
        refreshTokens.put(token, new RefreshGrant(clientId, username));
        issued.add(token);
        return token;
    }

    static SandboxResponse oauthError(String error, String description) {
        return SandboxResponse.json(400, Map.of("error", error, "error_description", description));
    }

    /** What Salesforce shows (its login page cannot send the user on) for a request it will not redirect. */
    private static SandboxResponse errorPage(String error, String description) {
        return SandboxResponse.text(400, "error=" + error + "&error_description=" + encode(description));
    }

    /** The login page with its error: the user has no account at this host (or an inactive one). */
    private static SandboxResponse loginFailedPage() {
        return new SandboxResponse(200, Map.of("Content-Type", "text/html;charset=UTF-8"), ("<html><body><div id=\"error\">"
                + "Please check your username and password. If you still can't log in, contact your Salesforce"
                + " administrator.</div></body></html>").getBytes(StandardCharsets.UTF_8));
    }

    private static SandboxResponse redirect(String redirectUri, Optional<String> state, String... params) {
        Map<String, String> query = new LinkedHashMap<>();
        for (int i = 0; i + 1 < params.length; i += 2) {
            query.put(params[i], params[i + 1]);
        }
        state.ifPresent(s -> query.put("state", s));
        String encoded = query.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return new SandboxResponse(302, Map.of("Location", redirectUri + (redirectUri.contains("?") ? "&" : "?")
                + encoded), new byte[0]);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** RFC 7636's S256: BASE64URL(SHA-256(ASCII(code_verifier))), unpadded. */
    static String s256(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Salesforce's token signature: Base64(HMAC-SHA256(client secret, id + issued_at)). */
    private String sign(String value) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(config.clientSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(hmac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private String randomPart(int length) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
        StringBuilder part = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            part.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return part.toString();
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
