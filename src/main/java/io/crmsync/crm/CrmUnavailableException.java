package io.crmsync.crm;

/**
 * A CRM call failed in a way that may succeed later (429, 5xx, timeout, connection refused). The worker
 * hands the affected messages back to SQS to retry.
 */
public class CrmUnavailableException extends RuntimeException {
    public CrmUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * For a failed request: the pause or outage that stopped it, if a client filter raised one (the REST client
     * wraps what filters throw), else the CRM counts as unreachable.
     */
    public static CrmUnavailableException unreachable(String what, RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof CrmUnavailableException known) {
                return known;
            }
        }
        return new CrmUnavailableException(what + " unreachable: " + failure.getClass().getSimpleName(), failure);
    }
}
