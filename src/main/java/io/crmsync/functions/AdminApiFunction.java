package io.crmsync.functions;

import io.crmsync.budget.TenantCalls;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.adminhttp.AdminRouter;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.ingest.ChangeDataCaptureIntake;
import io.crmsync.ingest.ChangeDataCaptureReplay;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.notice.ParkedEventReplay;
import io.crmsync.notice.ParkedEvents;
import io.quarkus.funqy.Funq;

/**
 * The {@code admin-api} Lambda: the admin API behind a Function URL with IAM auth (payload format 2.0). Every
 * {@link AdminRoutes} bean — tenants, configuration, operations, the OpenAPI document, and the groups other
 * capabilities add — is asked through {@link AdminRouter}. The routes are in {@code GET /openapi.json}.
 */
public class AdminApiFunction {

    @Inject
    AdminRouter router;

    @Funq("admin-api")
    public HttpResponseEvent adminApi(HttpRequestEvent request) {
        return router.handle(request);
    }

    @ApplicationScoped
    static class Wiring {
        @Produces
        @ApplicationScoped
        AdminRouter router(@Any Instance<AdminRoutes> groups, AdminHttp http, TenantCalls tenantCalls) {
            return new AdminRouter(groups.stream().toList(), http, tenantCalls);
        }

        /** The replay of parked CDC events, through the CDC intake's own conversion. */
        @Produces
        @ApplicationScoped
        ParkedEventReplay cdcReplay(ParkedEvents parked, ChangeDataCaptureIntake intake, NoticeQueue queue,
                ObjectMapper json) {
            return new ChangeDataCaptureReplay(parked, intake, queue, json);
        }
    }
}
