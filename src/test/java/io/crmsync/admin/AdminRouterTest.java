package io.crmsync.admin;

import static io.crmsync.admin.AdminRequests.body;
import static io.crmsync.admin.AdminRequests.errors;
import static io.crmsync.admin.AdminRequests.get;
import static io.crmsync.admin.AdminRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.adminhttp.AdminApiException;
import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRouter;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.crm.CrmUnavailableException;

/** The router on its own: dispatch by route table, 404/405, errors as JSON, one log line without bodies. */
class AdminRouterTest {

    /** A group answering its two routes with what {@code answer} gives. */
    record Group(List<AdminRoute> routes, Function<AdminRoute.Match, HttpResponseEvent> answer)
            implements AdminRoutes {
        @Override
        public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
            return AdminRoute.find(routes, request).map(answer);
        }
    }

    static final AdminRoute THING = AdminRoute.of("GET", "/things/{id}");
    static final AdminRoute MAKE = AdminRoute.of("POST", "/things/{id}/make");

    final List<String> logged = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            String message = record.getMessage();
            if (record.getParameters() != null && message.contains("%")) {
                message = String.format(message, record.getParameters());
            }
            logged.add(message);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLogs() {
        java.util.logging.Logger.getLogger(AdminRouter.class.getName()).addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        java.util.logging.Logger.getLogger(AdminRouter.class.getName()).removeHandler(capture);
    }

    AdminRouter router(Function<AdminRoute.Match, HttpResponseEvent> answer) {
        return new AdminRouter(List.of(new Group(List.of(THING, MAKE), answer)), AdminRequests.HTTP);
    }

    @Test
    void routesByMethodAndTemplateWithDecodedParameters() {
        AdminRouter router = router(m -> AdminRequests.HTTP.ok(Map.of("route", m.route().toString(), "id",
                m.parameter("id"))));

        assertThat(body(router.handle(get("/things/a%2Db"))).path("id").asText()).isEqualTo("a-b");
        assertThat(body(router.handle(get("/things/acme/"))).path("route").asText()).isEqualTo("GET /things/{id}");
        assertThat(body(router.handle(request("POST", "/things/acme/make", null, null))).path("route").asText())
                .isEqualTo("POST /things/{id}/make");
    }

    @Test
    void anUnknownPathIs404AndAKnownPathWithAnotherMethodIs405() {
        AdminRouter router = router(m -> AdminRequests.HTTP.ok(Map.of()));

        HttpResponseEvent missing = router.handle(get("/nothing/here"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(errors(missing)).containsExactly("no route GET /nothing/here; GET /openapi.json lists the routes");
        assertThat(router.handle(get("/things")).statusCode()).isEqualTo(404);
        assertThat(router.handle(get("/things//make")).statusCode()).isEqualTo(404);

        HttpResponseEvent wrongMethod = router.handle(request("DELETE", "/things/acme", null, null));
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers()).containsEntry("allow", "GET");
        assertThat(errors(wrongMethod)).containsExactly("DELETE is not allowed on /things/acme; use GET");
    }

    @Test
    void errorsBecomeJsonWithTheirStatus() {
        assertThat(router(m -> {
            throw new AdminApiException(409, List.of("taken"));
        }).handle(get("/things/x"))).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(409);
            assertThat(errors(r)).containsExactly("taken");
            assertThat(r.headers()).containsEntry("content-type", "application/json");
        });
        HttpResponseEvent unavailable = router(m -> {
            throw new CrmUnavailableException("HubSpot GET list answered 429", null);
        }).handle(get("/things/x"));
        assertThat(unavailable.statusCode()).isEqualTo(502);
        assertThat(errors(unavailable)).containsExactly("a CRM could not answer: HubSpot GET list answered 429");
    }

    @Test
    void anUnexpectedFailureIs500AndItsMessageIsNeitherAnsweredNorLogged() {
        HttpResponseEvent failed = router(m -> {
            throw new IllegalStateException("secret-ish detail pat-na1-1234");
        }).handle(get("/things/acme"));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(errors(failed)).containsExactly(
                "internal error; the admin-api log has the details under request id req-1");
        assertThat(failed.body()).doesNotContain("pat-na1");
        assertThat(logged).anyMatch(line -> line.contains("request=req-1") && line.contains("IllegalStateException"))
                .noneMatch(line -> line.contains("pat-na1"));
    }

    @Test
    void logsOneLinePerRequestWithTheTemplateTenantAndStatusButNoBody() {
        AdminRouter router = router(m -> AdminRequests.HTTP.ok(Map.of("ok", true)));

        router.handle(request("POST", "/things/acme/make", "application/json", "{\"token\": \"do-not-log-me\"}"));

        assertThat(logged).containsExactly("admin-api POST /things/{id}/make tenant=acme status=200");
    }

    @Test
    void aGroupThatListsARouteItDoesNotAnswerIsAFaultNotA404() {
        AdminRouter router = new AdminRouter(List.of(new AdminRoutes() {
            @Override
            public List<AdminRoute> routes() {
                return List.of(THING);
            }

            @Override
            public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
                return Optional.empty();
            }
        }), AdminRequests.HTTP);

        assertThat(router.handle(get("/things/acme")).statusCode()).isEqualTo(500);
    }

    @Test
    void routesAreUpperCaseMethodsAndAbsolutePaths() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminRoute.of("get", "/x"))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminRoute.of("GET", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
