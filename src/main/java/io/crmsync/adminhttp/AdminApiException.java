package io.crmsync.adminhttp;

import java.util.List;

/**
 * A request the admin API answers with an error status and messages fit to show the caller: bad input (400, each
 * message naming the field), an unknown tenant (404), a conflict (409), a CRM that could not answer (502). The
 * messages never hold a token or secret.
 */
public class AdminApiException extends RuntimeException {

    private final int status;
    private final List<String> errors;

    public AdminApiException(int status, List<String> errors) {
        super(status + " " + String.join("; ", errors), null, false, false);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an error answer needs at least one message");
        }
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public static AdminApiException badRequest(String... errors) {
        return new AdminApiException(400, List.of(errors));
    }

    public static AdminApiException unknownTenant(String tenantId) {
        return new AdminApiException(404, List.of("unknown tenant \"" + tenantId + "\": create it with POST /tenants"));
    }

    public int status() {
        return status;
    }

    public List<String> errors() {
        return errors;
    }
}
