package io.crmsync.salesforce;

import java.net.URI;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.sync.CrmUnavailableException;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

/**
 * An access token for the org and a REST client on its instance URL, obtained once and renewed when
 * Salesforce answers 401.
 */
@ApplicationScoped
public class SalesforceSession {

    private final SalesforceLoginApi login;
    private final Optional<String> clientId;
    private final Optional<String> clientSecret;
    private volatile Current current;
    /** The last client built; reused across token renewals while the instance URL stays the same. */
    private Current previous;

    private final String version;
    private final String callOptions;

    /**
     * A token and the client bound to the instance URL that came with it, with what every data call sends: the
     * API version and the call options naming crmsync (so its own changes can be told apart in CDC events).
     */
    public record Current(String authorization, String instanceUrl, SalesforceDataApi api, String version,
            String callOptions) {
    }

    public SalesforceSession(@RestClient SalesforceLoginApi login,
            @ConfigProperty(name = "crmsync.salesforce.client-id") Optional<String> clientId,
            @ConfigProperty(name = "crmsync.salesforce.client-secret") Optional<String> clientSecret,
            @ConfigProperty(name = "crmsync.salesforce.api-version") String version,
            @ConfigProperty(name = "crmsync.salesforce.call-client-id") String callClientId) {
        this.login = login;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.version = version;
        this.callOptions = "client=" + callClientId;
    }

    /** Every row a SOQL query answers, following {@code nextRecordsUrl} (query, then queryMore) to the end. */
    public java.util.List<java.util.Map<String, Object>> queryAll(String what, String soql) {
        java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
        SalesforceDataApi.QueryResult page = call(what, s -> s.api().query(s.version(), soql, s.authorization(),
                s.callOptions()), r -> r.readEntity(SalesforceDataApi.QueryResult.class));
        while (true) {
            if (page.records() != null) {
                rows.addAll(page.records());
            }
            if (page.done() || page.nextRecordsUrl() == null) {
                return rows;
            }
            String locator = page.nextRecordsUrl().substring(page.nextRecordsUrl().lastIndexOf('/') + 1);
            page = call(what, s -> s.api().queryMore(s.version(), locator, s.authorization(), s.callOptions()),
                    r -> r.readEntity(SalesforceDataApi.QueryResult.class));
        }
    }

    public Current current() {
        Current c = current;
        if (c == null) {
            synchronized (this) {
                if (current == null) {
                    current = logIn();
                }
                c = current;
            }
        }
        return c;
    }

    /**
     * One REST call with Salesforce's failure semantics, shared by every Salesforce adapter: a 401 renews the
     * token once; 5xx, 429 and transient error codes become {@link CrmUnavailableException} (retry later); any
     * other non-2xx status is a fault of setup or code and fails loudly.
     *
     * @param what names the call in error messages (never carries record data)
     */
    public <T> T call(String what, java.util.function.Function<Current, Response> request,
            java.util.function.Function<Response, T> read) {
        for (int attempt = 1;; attempt++) {
            Current s = current();
            Response response;
            try {
                response = request.apply(s);
            } catch (ProcessingException e) {
                throw CrmUnavailableException.unreachable("Salesforce", e);
            }
            try (response) {
                int status = response.getStatus();
                if (status == 401 && attempt == 1) {
                    invalidate(s);
                    continue;
                }
                if (status >= 200 && status < 300) {
                    return read.apply(response);
                }
                String code = firstErrorCode(response);
                orgWideRefusal(status, code).ifPresent(suspension -> {
                    // The whole org refuses every integration: pause this tenant instead of retrying into it.
                    throw new io.crmsync.sync.SyncPausedException("Salesforce answered " + status + " " + code + " to "
                            + what, java.time.Instant.now().plus(SUSPENSION_RECHECK), java.util.Optional.of(suspension));
                });
                if (status >= 500 || status == 429 || SalesforceErrors.TRANSIENT.contains(code)) {
                    throw new CrmUnavailableException("Salesforce answered " + status + " " + code + " to " + what, null);
                }
                if (status == 404) {
                    throw new NotFoundException("Salesforce answered 404 " + code + " to " + what);
                }
                throw new IllegalStateException("Salesforce answered " + status + " " + code + " to " + what);
            }
        }
    }

    /** A 404: what the call names does not exist (any longer); a fault like any other 4xx unless the caller knows. */
    public static final class NotFoundException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NotFoundException(String message) {
            super(message);
        }
    }

    /** How long a suspended tenant waits before crmsync tries its org again. */
    static final java.time.Duration SUSPENSION_RECHECK = java.time.Duration.ofMinutes(15);

    /**
     * Refusals that concern the whole org, not the record: the daily allocation exceeded (403
     * REQUEST_LIMIT_EXCEEDED; the concurrent-request limit shares the code but answers 503/“ConcurrentPerOrg”)
     * and API access switched off for the org or the integration user.
     */
    static java.util.Optional<String> orgWideRefusal(int status, String code) {
        if (status == 403 && "REQUEST_LIMIT_EXCEEDED".equals(code)) {
            return java.util.Optional.of(io.crmsync.sync.SyncPausedException.ORG_API_LIMIT_EXCEEDED);
        }
        if ("API_DISABLED_FOR_ORG".equals(code) || "API_CURRENTLY_DISABLED".equals(code)) {
            return java.util.Optional.of(io.crmsync.sync.SyncPausedException.ORG_API_ACCESS_DISABLED);
        }
        return java.util.Optional.empty();
    }

    private static String firstErrorCode(Response response) {
        try {
            java.util.List<SalesforceDataApi.ApiError> errors = response.readEntity(
                    new jakarta.ws.rs.core.GenericType<java.util.List<SalesforceDataApi.ApiError>>() {
                    });
            return errors == null || errors.isEmpty() ? "" : errors.get(0).errorCode();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Forgets a token Salesforce refused, so the next {@link #current()} logs in again. */
    public synchronized void invalidate(Current refused) {
        if (current == refused) {
            current = null;
        }
    }

    private Current logIn() {
        String id = clientId.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "crmsync.salesforce.client-id (CRMSYNC_SALESFORCE_CLIENT_ID) is not set"));
        String secret = clientSecret.filter(s -> !s.isBlank()).orElseThrow(() -> new IllegalStateException(
                "crmsync.salesforce.client-secret (CRMSYNC_SALESFORCE_CLIENT_SECRET) is not set"));
        Response response;
        try {
            response = login.token("client_credentials", id, secret);
        } catch (ProcessingException e) {
            throw CrmUnavailableException.unreachable("Salesforce login", e);
        }
        try (response) {
            if (response.getStatus() == 200) {
                SalesforceLoginApi.TokenResponse token = response.readEntity(SalesforceLoginApi.TokenResponse.class);
                SalesforceDataApi api = previous != null && previous.instanceUrl().equals(token.instanceUrl())
                        ? previous.api()
                        : QuarkusRestClientBuilder.newBuilder()
                                .baseUri(URI.create(token.instanceUrl()))
                                .register(new io.crmsync.budget.CrmCallFilter())
                                // The writer reads every status itself (401 → renew, error arrays → refusals).
                                .disableDefaultMapper(true)
                                .build(SalesforceDataApi.class);
                previous = new Current("Bearer " + token.accessToken(), token.instanceUrl(), api, version, callOptions);
                return previous;
            }
            if (response.getStatus() >= 500) {
                throw new CrmUnavailableException("Salesforce login answered " + response.getStatus(), null);
            }
            String error;
            try {
                SalesforceLoginApi.TokenError e = response.readEntity(SalesforceLoginApi.TokenError.class);
                error = e.error() + ": " + e.description();
            } catch (RuntimeException e) {
                error = "status " + response.getStatus();
            }
            // Wrong client id/secret or a revoked app: nothing a retry fixes.
            throw new IllegalStateException("Salesforce login refused (" + error + ")");
        }
    }
}
