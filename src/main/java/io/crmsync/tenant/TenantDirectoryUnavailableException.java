package io.crmsync.tenant;

/**
 * The tenant directory cannot answer now (its table unreachable, throttled or refusing): who sent a request is
 * unknown, which is not the same as "no tenant". The public doors answer 503 so the CRM sends again, and enqueue
 * nothing; scheduled work fails its run and tries at the next.
 */
public class TenantDirectoryUnavailableException extends RuntimeException {

    public TenantDirectoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
