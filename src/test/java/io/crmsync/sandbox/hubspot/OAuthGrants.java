package io.crmsync.sandbox.hubspot;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's installs in the sandbox's portal, on the sandbox clock: authorization codes (single use, short-lived),
 * refresh tokens (live until revoked) and access tokens (live {@code expires_in} seconds). Every answer is one of
 * HubSpot's OAuth refusals ({@code BAD_AUTH_CODE}, {@code EXPIRED_AUTH_CODE}, {@code BAD_REDIRECT_URI},
 * {@code BAD_REFRESH_TOKEN}) or an issued token.
 */
final class OAuthGrants {

    /** The HubSpot user who installs the app (the sandbox has one). */
    static final long INSTALLING_USER_ID = 9_000_001L;
    static final String INSTALLING_USER = "installer@example.com";

    record Code(String redirectUri, List<String> scopes, Instant expiresAt) {
    }

    record AccessToken(String token, String refreshToken, List<String> scopes, Instant expiresAt) {
    }

    /** What the token endpoint answers: a token, or HubSpot's status name and message for a 400. */
    sealed interface Outcome {
        record Issued(AccessToken access) implements Outcome {
        }

        record Refused(String status, String message) implements Outcome {
        }
    }

    private final Clock clock;
    private final HubSpotSandbox.OAuthApp app;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    /** Live refresh tokens and the scopes they grant; a revoked one is removed. */
    private final Map<String, List<String>> refreshTokens = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();

    OAuthGrants(Clock clock, HubSpotSandbox.OAuthApp app) {
        this.clock = clock;
        this.app = app;
    }

    /** The code the authorize redirect carries, as if the user approved the install. */
    String issueCode(String redirectUri, List<String> scopes) {
        String code = UUID.randomUUID().toString();
        codes.put(code, new Code(redirectUri, List.copyOf(scopes), clock.instant().plus(app.codeLifetime())));
        return code;
    }

    /** grant_type=authorization_code: a code works once, before it expires, with the redirect_uri it was issued for. */
    synchronized Outcome redeem(String code, String redirectUri) {
        Code issued = code == null ? null : codes.get(code);
        if (issued == null) {
            return new Outcome.Refused("BAD_AUTH_CODE", "missing or unknown auth code");
        }
        if (!clock.instant().isBefore(issued.expiresAt())) {
            codes.remove(code);
            return new Outcome.Refused("EXPIRED_AUTH_CODE", "auth code is expired");
        }
        if (!issued.redirectUri().equals(redirectUri)) {
            return new Outcome.Refused("BAD_REDIRECT_URI", "redirect_uri does not match initial auth code URL");
        }
        codes.remove(code);
        String refreshToken = "na1-" + UUID.randomUUID();
        refreshTokens.put(refreshToken, issued.scopes());
        return new Outcome.Issued(newAccessToken(refreshToken, issued.scopes()));
    }

    /** grant_type=refresh_token: a new access token; HubSpot keeps the refresh token the same. */
    Outcome refresh(String refreshToken) {
        List<String> scopes = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (scopes == null) {
            return new Outcome.Refused("BAD_REFRESH_TOKEN", "missing or invalid refresh token");
        }
        return new Outcome.Issued(newAccessToken(refreshToken, scopes));
    }

    /** An access token the sandbox issued, expired or not. */
    Optional<AccessToken> access(String token) {
        return Optional.ofNullable(accessTokens.get(token));
    }

    boolean isLive(AccessToken token) {
        return clock.instant().isBefore(token.expiresAt());
    }

    /** Seconds left, 0 once expired (the metadata endpoint's expires_in). */
    long secondsLeft(AccessToken token) {
        return Math.max(0, Duration.between(clock.instant(), token.expiresAt()).toSeconds());
    }

    Optional<List<String>> refreshScopes(String refreshToken) {
        return Optional.ofNullable(refreshTokens.get(refreshToken));
    }

    /** As DELETE /oauth/v1/refresh-tokens/{token}: access tokens already issued stay valid until they expire. */
    boolean revoke(String refreshToken) {
        return refreshTokens.remove(refreshToken) != null;
    }

    /** The app is uninstalled from the portal: every refresh and access token stops working at once. */
    void uninstall() {
        refreshTokens.clear();
        accessTokens.clear();
        codes.clear();
    }

    /** Every access token issued so far expires now (the sandbox clock), as if 30 minutes had passed. */
    void expireAccessTokens() {
        Instant now = clock.instant();
        accessTokens.replaceAll((token, access) -> new AccessToken(token, access.refreshToken(), access.scopes(), now));
    }

    void reset() {
        uninstall();
    }

    private AccessToken newAccessToken(String refreshToken, List<String> scopes) {
        byte[] bytes = new byte[48];
        random.nextBytes(bytes);
        // HubSpot's access tokens are opaque base64url strings of a few hundred characters, starting "C".
        String token = "C" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        AccessToken access = new AccessToken(token, refreshToken, scopes,
                clock.instant().plus(app.accessTokenLifetime()));
        accessTokens.put(token, access);
        return access;
    }
}
