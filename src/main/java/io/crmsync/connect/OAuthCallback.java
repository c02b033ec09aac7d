package io.crmsync.connect;

/**
 * Finishes an OAuth flow when a CRM sends the user's browser back with a code: one per CRM, found by the
 * callback function through the last segment of the callback URL's path.
 */
public interface OAuthCallback {

    /** "hubspot" or "salesforce": the last path segment of this CRM's callback URL. */
    String crm();

    /**
     * Checks {@code state} against the pending connection, exchanges {@code code} for tokens, stores the grant
     * and records the tenant's portal or org id.
     *
     * @return what the user's browser is told, naming the tenant and account (never a token)
     * @throws ConnectException with a reason fit to show the user (unknown or expired state, refused code)
     */
    String finish(String state, String code);
}
