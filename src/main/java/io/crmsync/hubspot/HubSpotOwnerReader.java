package io.crmsync.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.crmsync.crm.CrmUnavailableException;

/** The portal's owners through the Owners API, 500 a page: who records can be assigned to, with their emails. */
@ApplicationScoped
public class HubSpotOwnerReader {

    private final HubSpotOwnersApi api;
    private final HubSpotTokens tokens;

    public HubSpotOwnerReader(@RestClient HubSpotOwnersApi api, HubSpotTokens tokens) {
        this.api = api;
        this.tokens = tokens;
    }

    /**
     * Every active (not archived) owner with an email: owner id → email. An owner without one (a queue) could
     * never be matched, so it is left out.
     *
     * @throws CrmUnavailableException on 429, 423, 5xx or no connection (retry later)
     */
    public Map<String, String> ownerEmails(String tenantId) {
        Map<String, String> emails = new LinkedHashMap<>();
        String after = null;
        do {
            HubSpotOwnersApi.OwnerPage page = page(after);
            if (page.results() != null) {
                for (HubSpotOwnersApi.PublicOwner owner : page.results()) {
                    if (!owner.archived() && owner.email() != null && !owner.email().isBlank()) {
                        emails.put(owner.id(), owner.email());
                    }
                }
            }
            after = page.paging() == null || page.paging().next() == null ? null : page.paging().next().after();
        } while (after != null);
        return emails;
    }

    private HubSpotOwnersApi.OwnerPage page(String after) {
        Response response;
        try {
            response = api.list(HubSpotOwnersApi.MAX_LIMIT, after, false, authorization());
        } catch (ProcessingException e) {
            throw CrmUnavailableException.unreachable("HubSpot", e);
        }
        try (response) {
            int status = response.getStatus();
            if (status == 200) {
                return response.readEntity(HubSpotOwnersApi.OwnerPage.class);
            }
            String reason = describe(response);
            if (status == 429 || status == 423 || status >= 500) {
                throw new CrmUnavailableException("HubSpot owners answered " + status + " " + reason, null);
            }
            // 401/403 (e.g. a token without crm.objects.owners.read) need setup, not a retry: fail loudly.
            throw new IllegalStateException("HubSpot owners answered " + status + " " + reason);
        }
    }

    private static String describe(Response response) {
        try {
            HubSpotOwnersApi.Error error = response.readEntity(HubSpotOwnersApi.Error.class);
            return error.category() == null ? "" : error.category();
        } catch (RuntimeException e) {
            return "";
        }
    }

    private String authorization() {
        return tokens.bearer();
    }
}
