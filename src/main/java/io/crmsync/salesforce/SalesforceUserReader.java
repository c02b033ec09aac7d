package io.crmsync.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.CrmUnavailableException;

/** The org's active users through SOQL, following nextRecordsUrl: who can own records, with their emails. */
@ApplicationScoped
public class SalesforceUserReader {

    /** Inactive users cannot own records, so they are never a match. */
    static final String ACTIVE_USERS = "SELECT Id, Email FROM User WHERE IsActive = true";

    private final SalesforceSession session;
    private final String version;
    private final String callOptions;

    public SalesforceUserReader(SalesforceSession session,
            @ConfigProperty(name = "crmsync.salesforce.api-version") String version,
            @ConfigProperty(name = "crmsync.salesforce.call-client-id") String callClientId) {
        this.session = session;
        this.version = version;
        this.callOptions = "client=" + callClientId;
    }

    /**
     * Every active user with an email: User Id → email.
     *
     * @throws CrmUnavailableException when Salesforce cannot answer right now (retry later)
     */
    public Map<String, String> activeUserEmails(String tenantId) {
        Map<String, String> emails = new LinkedHashMap<>();
        SalesforceDataApi.QueryResult page = call(s -> s.api().query(version, ACTIVE_USERS, s.authorization(),
                callOptions));
        while (true) {
            if (page.records() != null) {
                for (Map<String, Object> row : page.records()) {
                    Object id = row.get("Id");
                    Object email = row.get("Email");
                    if (id != null && email != null && !email.toString().isBlank()) {
                        emails.put(id.toString(), email.toString());
                    }
                }
            }
            if (page.done() || page.nextRecordsUrl() == null) {
                return emails;
            }
            String locator = page.nextRecordsUrl().substring(page.nextRecordsUrl().lastIndexOf('/') + 1);
            page = call(s -> s.api().queryMore(version, locator, s.authorization(), callOptions));
        }
    }

    private SalesforceDataApi.QueryResult call(Function<SalesforceSession.Current, Response> request) {
        return session.call("the active users query", request,
                r -> r.readEntity(SalesforceDataApi.QueryResult.class));
    }
}
