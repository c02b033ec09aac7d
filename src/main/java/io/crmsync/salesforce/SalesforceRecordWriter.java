package io.crmsync.salesforce;

import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.GenericType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.sync.CrmUnavailableException;
import io.crmsync.sync.SalesforceRecords;

/** Upserts Salesforce records by external ID through the REST API. */
@ApplicationScoped
public class SalesforceRecordWriter implements SalesforceRecords {

    /** Error codes Salesforce returns for conditions that pass on their own. */
    private static final Set<String> TRANSIENT_ERRORS = Set.of("UNABLE_TO_LOCK_ROW", "REQUEST_LIMIT_EXCEEDED",
            "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG");

    private final SalesforceSession session;
    private final String version;
    private final String callOptions;

    public SalesforceRecordWriter(SalesforceSession session,
            @ConfigProperty(name = "crmsync.salesforce.api-version") String version,
            @ConfigProperty(name = "crmsync.salesforce.call-client-id") String callClientId) {
        this.session = session;
        this.version = version;
        this.callOptions = "client=" + callClientId;
    }

    @Override
    public UpsertResult upsertByExternalId(String tenantId, String sObject, String externalIdField, String externalId,
            Map<String, Object> fields) {
        for (int attempt = 1;; attempt++) {
            SalesforceSession.Current s = session.current();
            Response response;
            try {
                response = s.api().upsert(version, sObject, externalIdField, externalId, fields, s.authorization(),
                        callOptions);
            } catch (ProcessingException e) {
                throw new CrmUnavailableException("Salesforce unreachable: " + e.getClass().getSimpleName(), e);
            }
            try (response) {
                int status = response.getStatus();
                if (status == 401 && attempt == 1) {
                    session.invalidate(s);
                    continue;
                }
                if (status == 200 || status == 201) {
                    SalesforceDataApi.SaveResult saved = response.readEntity(SalesforceDataApi.SaveResult.class);
                    return new UpsertResult.Written(saved.id(), status == 201);
                }
                if (status == 204) {
                    // API versions before 46.0 answer an update with no body: look the id up.
                    return new UpsertResult.Written(findId(s, sObject, externalIdField, externalId), false);
                }
                if (status == 300) {
                    return new UpsertResult.Refused("DUPLICATE_EXTERNAL_ID",
                            "several " + sObject + " records hold this external ID");
                }
                return refusalOrRetry(status, response);
            }
        }
    }

    private UpsertResult refusalOrRetry(int status, Response response) {
        SalesforceDataApi.ApiError error = firstError(response);
        String code = error == null ? "HTTP_" + status : error.errorCode();
        if (status >= 500 || status == 429 || TRANSIENT_ERRORS.contains(code)) {
            throw new CrmUnavailableException("Salesforce answered " + status + " " + code, null);
        }
        String message = error == null ? "" : error.message();
        if (error != null && error.fields() != null && !error.fields().isEmpty()) {
            message = message + " (fields " + String.join(", ", error.fields()) + ")";
        }
        return new UpsertResult.Refused(code, message);
    }

    private String findId(SalesforceSession.Current s, String sObject, String field, String value) {
        String soql = "SELECT Id FROM " + sObject + " WHERE " + field + " = '" + Soql.escape(value) + "'";
        try (Response response = s.api().query(version, soql, s.authorization(), callOptions)) {
            if (response.getStatus() != 200) {
                throw new CrmUnavailableException("Salesforce query answered " + response.getStatus(), null);
            }
            SalesforceDataApi.QueryResult result = response.readEntity(SalesforceDataApi.QueryResult.class);
            return result.records() == null || result.records().isEmpty() ? null
                    : String.valueOf(result.records().get(0).get("Id"));
        } catch (ProcessingException e) {
            throw new CrmUnavailableException("Salesforce unreachable: " + e.getClass().getSimpleName(), e);
        }
    }

    private static SalesforceDataApi.ApiError firstError(Response response) {
        try {
            List<SalesforceDataApi.ApiError> errors = response.readEntity(
                    new GenericType<List<SalesforceDataApi.ApiError>>() {
                    });
            return errors == null || errors.isEmpty() ? null : errors.get(0);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
