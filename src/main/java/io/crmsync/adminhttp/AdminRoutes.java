package io.crmsync.adminhttp;

import java.util.List;
import java.util.Optional;

import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

/**
 * One capability's routes of the admin API (tenants, settings and mappings, operations, connections, health).
 * The router dispatches on each group's {@link #routes()} table and lets the group answer; the OpenAPI test reads
 * every group's {@code public static final List<AdminRoute> ROUTES} and compares it with
 * {@code src/main/resources/admin/openapi.json}, so a group's {@code routes()} returns that field.
 */
public interface AdminRoutes {

    /** The routes this group answers: its {@code ROUTES} table. */
    List<AdminRoute> routes();

    /** The answer, or empty when none of this group's routes matches the request's method and path. */
    Optional<HttpResponseEvent> handle(HttpRequestEvent request);
}
