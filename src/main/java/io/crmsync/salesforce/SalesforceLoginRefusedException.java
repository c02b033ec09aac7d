package io.crmsync.salesforce;

/**
 * Salesforce refused to log in with a tenant's grant (revoked or expired refresh token, deactivated user, blocked
 * app, wrong consumer key). An {@link IllegalStateException} like the deployment's refused login, so the worker
 * treats it the same: the work is retried later, never counted as a record's failure. Never carries a token.
 */
public class SalesforceLoginRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SalesforceLoginRefusedException(String message) {
        super(message);
    }
}
