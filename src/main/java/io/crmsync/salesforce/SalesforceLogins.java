package io.crmsync.salesforce;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.crmhttp.CrmCallFilter;
import io.crmsync.crm.CrmUnavailableException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * Token requests to any Salesforce login host: each tenant's grant names its own (login.salesforce.com,
 * test.salesforce.com for a sandbox org, a My Domain), so the clients are built per host and kept. Answers come
 * back as an {@link Outcome}; an unreachable host or a 5xx is {@link CrmUnavailableException} (retry later).
 */
@ApplicationScoped
public class SalesforceLogins {

    static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** What a token request came to: a session, or Salesforce's refusal. */
    public sealed interface Outcome permits Granted, Refused {
    }

    public record Granted(SalesforceLoginApi.TokenResponse token) implements Outcome {
    }

    /**
     * @param error       OAuth's error code: invalid_grant (revoked or expired token, bad code, inactive user,
     *                    assertion refused), invalid_client_id, invalid_client …; empty when the body was not OAuth's
     * @param description Salesforce's description, e.g. "expired access/refresh token" (never carries a token)
     */
    public record Refused(int status, String error, String description) implements Outcome {

        /** The grant itself is dead (revoked, expired, its user deactivated): only reconnecting helps. */
        public boolean invalidGrant() {
            return "invalid_grant".equals(error);
        }

        /** "invalid_grant: expired access/refresh token", fit for a message. */
        public String reason() {
            return error.isEmpty() ? description : error + ": " + description;
        }
    }

    private final Map<String, SalesforceLoginApi> clients = new ConcurrentHashMap<>();
    private final long connectTimeoutMillis;
    private final long readTimeoutMillis;

    public SalesforceLogins(
            @ConfigProperty(name = "quarkus.rest-client.salesforce-login.connect-timeout", defaultValue = "5000")
            long connectTimeoutMillis,
            @ConfigProperty(name = "quarkus.rest-client.salesforce-login.read-timeout", defaultValue = "20000")
            long readTimeoutMillis) {
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.readTimeoutMillis = readTimeoutMillis;
    }

    /** The client for one login host (built once), counted by the one door like every CRM call. */
    public SalesforceLoginApi at(String loginUrl) {
        return clients.computeIfAbsent(withoutTrailingSlash(loginUrl), url -> QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(url))
                .register(new CrmCallFilter())
                .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS)
                // Refusals are read as OAuth error bodies, not thrown.
                .disableDefaultMapper(true)
                .build(SalesforceLoginApi.class));
    }

    public Outcome authorizationCode(String loginUrl, String code, String clientId, String clientSecret,
            String redirectUri, String codeVerifier) {
        return send(() -> at(loginUrl).authorizationCode("authorization_code", code, clientId, clientSecret,
                redirectUri, codeVerifier));
    }

    public Outcome refresh(String loginUrl, String refreshToken, String clientId, String clientSecret) {
        return send(() -> at(loginUrl).refresh("refresh_token", refreshToken, clientId, clientSecret));
    }

    public Outcome jwtBearer(String loginUrl, String assertion) {
        return send(() -> at(loginUrl).jwtBearer(JWT_BEARER, assertion));
    }

    public Outcome clientCredentials(SalesforceLoginApi login, String clientId, String clientSecret) {
        return send(() -> login.token("client_credentials", clientId, clientSecret));
    }

    /**
     * Revokes a token, for a grant crmsync will not keep. Best effort: a failure leaves a token nobody holds.
     *
     * @return whether Salesforce confirmed it
     */
    public boolean revoke(String loginUrl, String token) {
        try (Response response = at(loginUrl).revoke(token)) {
            return response.getStatus() == 200;
        } catch (ProcessingException e) {
            return false;
        }
    }

    private static Outcome send(Supplier<Response> request) {
        Response response;
        try {
            response = request.get();
        } catch (ProcessingException e) {
            throw CrmUnavailableException.unreachable("Salesforce login", e);
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200) {
                return new Granted(response.readEntity(SalesforceLoginApi.TokenResponse.class));
            }
            if (status >= 500 || status == 429) {
                throw new CrmUnavailableException("Salesforce login answered " + status, null);
            }
            try {
                SalesforceLoginApi.TokenError error = response.readEntity(SalesforceLoginApi.TokenError.class);
                return new Refused(status, nullToEmpty(error.error()), nullToEmpty(error.description()));
            } catch (RuntimeException e) {
                return new Refused(status, "", "status " + status);
            }
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
