package io.crmsync.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.adminhttp.OpenApiRoute;

/**
 * The hand-written OpenAPI document against every admin route group compiled into target/classes — these groups
 * and those other capabilities add (connections, health): each group's ROUTES table is served, and the document
 * must list exactly those routes.
 */
class OpenApiDocumentTest {

    static final Path CLASSES = Path.of("target", "classes");
    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    final JsonNode document = AdminRequests.body(new io.crmsync.lambda.HttpResponseEvent(200, java.util.Map.of(),
            OpenApiRoute.load()));

    /** Every concrete AdminRoutes class, found by walking the compiled classes (not initialised). */
    static List<Class<?>> routeGroups() {
        List<Class<?>> groups = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString();
                name = name.substring(0, name.length() - ".class".length()).replace(file.getFileSystem().getSeparator(),
                        ".");
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name, false, OpenApiDocumentTest.class.getClassLoader());
                if (AdminRoutes.class.isAssignableFrom(type) && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers())) {
                    groups.add(type);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        return groups;
    }

    /** "GET /tenants/{id}" for each route of each group's ROUTES table. */
    static Set<String> servedRoutes() {
        Set<String> routes = new TreeSet<>();
        for (Class<?> group : routeGroups()) {
            Object table;
            try {
                Field field = group.getField("ROUTES");
                assertThat(Modifier.isStatic(field.getModifiers()) && Modifier.isFinal(field.getModifiers()))
                        .as(group.getName() + ".ROUTES is static final").isTrue();
                table = field.get(null);
            } catch (NoSuchFieldException e) {
                throw new AssertionError(group.getName() + " has no public static final List<AdminRoute> ROUTES: the"
                        + " router and this test read it", e);
            } catch (IllegalAccessException e) {
                throw new AssertionError(group.getName() + ".ROUTES is not public", e);
            }
            assertThat(table).as(group.getName() + ".ROUTES").isInstanceOf(List.class);
            for (Object route : (List<?>) table) {
                assertThat(routes.add(route.toString())).as("route " + route + " is served by one group only").isTrue();
            }
        }
        return routes;
    }

    Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                routes.add(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }));
        return routes;
    }

    @Test
    void findsTheGroupsOfThisApi() {
        assertThat(routeGroups()).contains(TenantRoutes.class, ConfigRoutes.class, OperationsRoutes.class,
                OpenApiRoute.class);
    }

    @Test
    void everyServedRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
        Set<String> served = servedRoutes();
        Set<String> documented = documentedRoutes();

        assertThat(served).as("routes served").contains("POST /tenants", "GET /openapi.json",
                "POST /tenants/{id}/mappings/apply", "POST /dead-letters/redrive");
        assertThat(documented).as("routes in openapi.json but served by no group").isSubsetOf(served);
        assertThat(served).as("routes served but missing from openapi.json").isSubsetOf(documented);
    }

    @Test
    void theDocumentIsOpenApi31WithAnswersAndUniqueOperationIds() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        Set<String> operationIds = new HashSet<>();
        document.path("paths").fields().forEachRemaining(path -> {
            List<String> parameters = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path.getKey());
            while (m.find()) {
                parameters.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(op -> {
                if (!METHODS.contains(op.getKey())) {
                    return;
                }
                String where = op.getKey() + " " + path.getKey();
                assertThat(op.getValue().path("responses").size()).as(where + " responses").isPositive();
                assertThat(operationIds.add(op.getValue().path("operationId").asText())).as(where + " operationId unique")
                        .isTrue();
                if (!parameters.isEmpty()) {
                    // Path parameters are declared once per path (a $ref to components.parameters).
                    assertThat(path.getValue().path("parameters").size()).as(where + " declares its path parameters")
                            .isEqualTo(parameters.size());
                }
            });
        });
        // Every $ref resolves.
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref + " resolves").isFalse();
        });
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getKey().equals("$ref")) {
                    refs.add(f.getValue().asText());
                } else {
                    collectRefs(f.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
