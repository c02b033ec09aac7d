package io.crmsync.adminhttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

/**
 * {@code GET /openapi.json}: the admin API's OpenAPI 3.1 document, written by hand in
 * {@code src/main/resources/admin/openapi.json}; a test keeps it equal to every group's route table.
 */
@ApplicationScoped
public class OpenApiRoute implements AdminRoutes {

    static final String RESOURCE = "/admin/openapi.json";
    static final AdminRoute OPENAPI = AdminRoute.of("GET", "/openapi.json");
    public static final List<AdminRoute> ROUTES = List.of(OPENAPI);

    private final String document;
    private final AdminHttp http;

    public OpenApiRoute(AdminHttp http) {
        this.http = http;
        this.document = load();
    }

    public static String load() {
        try (InputStream in = OpenApiRoute.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the deployable");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<AdminRoute> routes() {
        return ROUTES;
    }

    @Override
    public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
        return AdminRoute.find(ROUTES, request).map(match -> http.text(200, AdminHttp.JSON, document));
    }
}
