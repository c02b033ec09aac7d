package io.crmsync.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.crm.CrmUnavailableException;

/** The org's active users through SOQL, following nextRecordsUrl: who can own records, with their emails. */
@ApplicationScoped
public class SalesforceUserReader {

    /** Inactive users cannot own records, so they are never a match. */
    static final String ACTIVE_USERS = "SELECT Id, Email FROM User WHERE IsActive = true";

    private final SalesforceSession session;

    public SalesforceUserReader(SalesforceSession session) {
        this.session = session;
    }

    /**
     * Every active user with an email: User Id → email.
     *
     * @throws CrmUnavailableException when Salesforce cannot answer right now (retry later)
     */
    public Map<String, String> activeUserEmails(String tenantId) {
        Map<String, String> emails = new LinkedHashMap<>();
        for (Map<String, Object> row : session.queryAll("the active users query", ACTIVE_USERS)) {
            Object id = row.get("Id");
            Object email = row.get("Email");
            if (id != null && email != null && !email.toString().isBlank()) {
                emails.put(id.toString(), email.toString());
            }
        }
        return emails;
    }
}
