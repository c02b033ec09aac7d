package io.crmsync.sandbox.hubspot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.sandbox.http.Handler;
import io.crmsync.sandbox.http.Router;
import io.crmsync.sandbox.http.SandboxRequest;
import io.crmsync.sandbox.http.SandboxResponse;

/**
 * {@code GET /account-info/v3/details}: the account a token belongs to. Unlike the OAuth token metadata it answers
 * for any token, a private app's included, so it is how a private app token is checked.
 */
final class AccountInfoApi {

    private final long portalId;

    AccountInfoApi(long portalId) {
        this.portalId = portalId;
    }

    void register(Router router, Handler.Filter filter) {
        router.get("/account-info/v3/details", ((Handler) this::details).with(filter));
    }

    private SandboxResponse details(SandboxRequest request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("portalId", portalId);
        body.put("accountType", "STANDARD");
        body.put("timeZone", "US/Eastern");
        body.put("companyCurrency", "USD");
        body.put("additionalCurrencies", List.of());
        body.put("utcOffset", "-05:00");
        body.put("utcOffsetMilliseconds", -18_000_000L);
        body.put("uiDomain", "app.hubspot.com");
        body.put("dataHostingLocation", "na1");
        return SandboxResponse.json(200, body);
    }
}
