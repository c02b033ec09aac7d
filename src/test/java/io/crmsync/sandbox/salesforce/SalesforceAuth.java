package io.crmsync.sandbox.salesforce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;

/**
 * The OAuth 2.0 token endpoint ({@code POST /services/oauth2/token}) with the client-credentials, JWT
 * bearer and refresh-token grants, the revoke endpoint, and the sessions they create. Errors are OAuth's
 * JSON ({@code error}, {@code error_description}) with status 400.
 */
final class SalesforceAuth {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    private final String clientId;
    private final String clientSecret;
    private final String orgId;
    private final Clock clock;
    private final Supplier<String> loginUrl;
    /** Username → whether such an active user exists (JWT sub); backed by the org's User records. */
    private final java.util.function.Predicate<String> activeUser;
    private final String userId;
    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Set<String> accessTokens = ConcurrentHashMap.newKeySet();
    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    /** Connected-app consumer key → the certificate's public key that JWT assertions must be signed with. */
    private final Map<String, PublicKey> jwtKeys = new ConcurrentHashMap<>();

    SalesforceAuth(String clientId, String clientSecret, String orgId, String userId, Clock clock,
            Supplier<String> loginUrl, java.util.function.Predicate<String> activeUser) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.orgId = orgId;
        this.userId = userId;
        this.clock = clock;
        this.loginUrl = loginUrl;
        this.activeUser = activeUser;
    }

    SandboxResponse token(SandboxRequest request) {
        Map<String, List<String>> form = request.formParams();
        String grantType = first(form, "grant_type");
        if ("client_credentials".equals(grantType)) {
            return clientCredentials(form);
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
    SandboxResponse revoke(SandboxRequest request) {
        String token = Optional.ofNullable(first(request.formParams(), "token"))
                .orElse(request.queryParam("token").orElse(null));
        if (token == null || !(refreshTokens.remove(token) | accessTokens.remove(token))) {
            return oauthError("unsupported_token_type", "this token type is not supported");
        }
        return SandboxResponse.empty(200);
    }

    boolean isValidAccessToken(String token) {
        return accessTokens.contains(token);
    }

    void registerJwtKey(String consumerKey, PublicKey key) {
        jwtKeys.put(consumerKey, key);
    }

    /** A refresh token as the web-server flow would have issued to this client. */
    String issueRefreshToken() {
        String token = "5Aep" + randomPart(83);
        refreshTokens.add(token);
        return token;
    }

    void expireAccessTokens() {
        accessTokens.clear();
    }

    void revokeRefreshTokens() {
        refreshTokens.clear();
    }

    private SandboxResponse clientCredentials(Map<String, List<String>> form) {
        if (!clientId.equals(first(form, "client_id"))) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        if (!clientSecret.equals(first(form, "client_secret"))) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        return session(Map.of());
    }

    private SandboxResponse refresh(Map<String, List<String>> form) {
        if (!clientId.equals(first(form, "client_id"))) {
            return oauthError("invalid_client_id", "client identifier invalid");
        }
        String secret = first(form, "client_secret");
        if (secret != null && !clientSecret.equals(secret)) {
            return oauthError("invalid_client", "invalid client credentials");
        }
        String token = first(form, "refresh_token");
        if (token == null || !refreshTokens.contains(token)) {
            return oauthError("invalid_grant", "expired access/refresh token");
        }
        return session(Map.of("scope", "api refresh_token"));
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
        if (!activeUser.test(claims.path("sub").asText())) {
            return oauthError("invalid_grant", "user hasn't approved this consumer");
        }
        return session(Map.of("scope", "api"));
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

    /** A new access token and the answer Salesforce gives for it. */
    private SandboxResponse session(Map<String, String> extra) {
        String token = orgId.substring(0, 15) + "!" + "AQ" + randomPart(94);
        accessTokens.add(token);
        String id = loginUrl.get() + "/id/" + orgId + "/" + userId;
        String issuedAt = String.valueOf(clock.millis());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("signature", sign(id + issuedAt));
        body.putAll(extra);
        body.put("instance_url", loginUrl.get());
        body.put("id", id);
        body.put("token_type", "Bearer");
        body.put("issued_at", issuedAt);
        return SandboxResponse.json(200, body);
    }

    static SandboxResponse oauthError(String error, String description) {
        return SandboxResponse.json(400, Map.of("error", error, "error_description", description));
    }

    /** Salesforce's token signature: Base64(HMAC-SHA256(client secret, id + issued_at)). */
    private String sign(String value) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
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
