package io.crmsync.sandbox.salesforce;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.sandbox.http.ResponseException;
import io.crmsync.sandbox.http.SandboxResponse;

/** One element of Salesforce's error array: message, errorCode and, when it applies, fields. */
public record SalesforceError(String message, String errorCode, List<String> fields) {

    public SalesforceError {
        fields = fields == null ? null : List.copyOf(fields);
    }

    public static SalesforceError of(String errorCode, String message) {
        return new SalesforceError(message, errorCode, null);
    }

    public static SalesforceError of(String errorCode, String message, List<String> fields) {
        return new SalesforceError(message, errorCode, fields);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("message", message);
        json.put("errorCode", errorCode);
        if (fields != null) {
            json.put("fields", fields);
        }
        return json;
    }

    /** The error as an element of a SaveResult's errors in sObject Collections: statusCode, message, fields. */
    Map<String, Object> toSaveResultJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("statusCode", errorCode);
        json.put("message", message);
        json.put("fields", fields == null ? List.of() : fields);
        return json;
    }

    SandboxResponse response(int status) {
        return SandboxResponse.json(status, List.of(toJson()));
    }

    /** Thrown by the stores and the query engine; the sandbox answers it with {@link #status}. */
    public static final class Failure extends RuntimeException {
        private final transient SalesforceError error;
        private final int status;

        public Failure(int status, SalesforceError error) {
            super(error.errorCode() + ": " + error.message(), null, false, false);
            this.status = status;
            this.error = error;
        }

        public SalesforceError error() {
            return error;
        }

        public int status() {
            return status;
        }

        ResponseException asResponse() {
            return new ResponseException(error.response(status));
        }
    }
}
