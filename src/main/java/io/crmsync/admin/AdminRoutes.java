package io.crmsync.admin;

import java.util.Optional;

import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

/**
 * One capability's routes of the admin API (tenants, settings and mappings, connections, health). The admin
 * function asks each group in turn; a group answers only the methods and paths it owns.
 */
public interface AdminRoutes {

    /** The answer, or empty when none of this group's routes matches the request's method and path. */
    Optional<HttpResponseEvent> handle(HttpRequestEvent request);
}
