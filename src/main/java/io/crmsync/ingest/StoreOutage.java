package io.crmsync.ingest;

/**
 * What the doors share when a store behind them cannot answer (the tenants table, the change queue): the 503's
 * Retry-After, and what the log may say of the failure.
 */
final class StoreOutage {

    /** Seconds. HubSpot and Salesforce retry on their own schedules; to them it is a hint. */
    static final String RETRY_AFTER_SECONDS = "60";

    private StoreOutage() {
    }

    /** The failure's and its cause's messages: never a request's body, a token or a credential. */
    static String describe(RuntimeException e) {
        Throwable cause = e.getCause();
        return cause == null ? e.getMessage()
                : e.getMessage() + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
