package io.crmsync.sync;

/**
 * A CRM call failed in a way that may succeed later (429, 5xx, timeout, connection refused). The worker
 * hands the affected messages back to SQS to retry.
 */
public class CrmUnavailableException extends RuntimeException {
    public CrmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
