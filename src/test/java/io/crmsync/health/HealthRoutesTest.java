package io.crmsync.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;

import io.crmsync.budget.Allocation;
import io.crmsync.budget.Crm;
import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.sync.Link;
import io.crmsync.sync.SyncErrorLog.SyncError;

/** The routes over in-memory ports: paths, methods, status codes, and the JSON, CSV and HTML they answer. */
class HealthRoutesTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");

    final HealthFakes.FakeLedger ledger = new HealthFakes.FakeLedger();
    final HealthFakes.Errors errors = new HealthFakes.Errors();
    final io.crmsync.ingest.RecordingQueue queue = new io.crmsync.ingest.RecordingQueue();
    final io.crmsync.sync.InMemoryPorts.Links links = new io.crmsync.sync.InMemoryPorts.Links();
    // A plain mapper, as a test or another function might pass: the routes still write ISO times.
    final ObjectMapper json = new ObjectMapper();
    final HealthRoutes routes = new HealthRoutes(new HealthFakes.Tenants().with("acme"), ledger, ledger, errors,
            new HealthFakes.Suspensions(), new HealthFakes.Reports(), links, new io.crmsync.sync.InMemoryPorts.Audit(), queue, json,
            Clock.fixed(NOW, ZoneOffset.UTC));

    HttpResponseEvent answer(String method, String path, String body) {
        return routes.handle(Requests.request(method, path, body)).orElseThrow(
                () -> new AssertionError(method + " " + path + " was not answered"));
    }

    HttpResponseEvent get(String path) {
        return answer("GET", path, null);
    }

    JsonNode body(HttpResponseEvent response) throws Exception {
        assertThat(response.headers()).containsEntry("content-type", "application/json");
        return json.readTree(response.body());
    }

    @Test
    void healthIsJsonWithIsoTimes() throws Exception {
        ledger.setAllocation("acme", Allocation.callsPerDay(Crm.SALESFORCE, 10_000));
        errors.record(List.of(new SyncError("acme", "hubspot|contact|1", "Duplicates", "EMAIL_IN_USE", "in use", NOW)));

        HttpResponseEvent response = get("/tenants/acme/health");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode health = body(response);
        assertThat(health.get("tenantId").asText()).isEqualTo("acme");
        assertThat(health.get("at").asText()).isEqualTo("2026-11-29T10:30:00Z");
        assertThat(health.at("/calls/0/allocatedCalls").asLong()).isEqualTo(10_000);
        assertThat(health.at("/errors/categories/0/records/0/at").asText()).isEqualTo("2026-11-29T10:30:00Z");
    }

    @Test
    void badInputAnswersClearJsonErrors() throws Exception {
        assertThat(get("/tenants/globex/health").statusCode()).isEqualTo(404);
        assertThat(body(get("/tenants/globex/health")).at("/errors/0").asText()).isEqualTo("Unknown tenant 'globex'");
        assertThat(get("/tenants/a%20b/health").statusCode()).isEqualTo(400);
        assertThat(body(get("/tenants/a%20b/health")).at("/errors/0").asText()).contains("'a b' is not a tenant id");
        assertThat(get("/tenants/acme/records/history").statusCode()).isEqualTo(400);
        assertThat(body(get("/tenants/acme/records/history")).at("/errors/0").asText()).contains("?record=");
        assertThat(body(get("/tenants/acme/records/history?record=contact-1")).at("/errors/0").asText())
                .contains("not a record name");
        // Another method on these paths is not this group's: the admin router answers 405 from the route tables.
        assertThat(routes.handle(Requests.request("POST", "/tenants/acme/health", "{}"))).isEmpty();
        assertThat(routes.handle(Requests.request("DELETE", "/", null))).isEmpty();
    }

    @Test
    void pathsOfOtherRouteGroupsAreLeftToThem() {
        for (String path : List.of("/tenants", "/tenants/acme", "/tenants/acme/settings", "/tenants/acme/mappings",
                "/oauth/hubspot/callback", "/health-page/x", "/tenants/acme/errors")) {
            assertThat(routes.handle(Requests.get(path))).as(path).isEmpty();
        }
    }

    @Test
    void everyRouteInTheTableIsAnswered() {
        errors.record(List.of(new SyncError("acme", "hubspot|contact|1", "Duplicates", "E", "m", NOW)));
        Map<String, String> produces = Map.of("/", "text/html", "/health-page", "text/html",
                "/tenants/{id}/errors.csv", "text/csv");
        for (AdminRoute route : HealthRoutes.ROUTES) {
            String path = route.template().replace("{id}", "acme")
                    + (route.template().endsWith("history") ? "?record=hubspot:contact:1" : "");
            String body = route.method().equals("POST") ? "{\"records\": [\"hubspot|contact|1\"]}" : null;
            HttpResponseEvent response = answer(route.method(), path, body);
            assertThat(response.statusCode()).as(route.toString()).isEqualTo(200);
            assertThat(response.headers().get("content-type")).as(route.toString()).startsWith(produces.getOrDefault(route.template(), "application/json"));
        }
    }

    @Test
    void thePageIsServedWithAPolicyThatAllowsExactlyItsOwnScript() throws Exception {
        HttpResponseEvent page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers()).containsEntry("content-type", "text/html; charset=utf-8");
        // Self-contained: nothing loaded from elsewhere (the SVG namespace is a name, not a request).
        assertThat(page.body()).contains("<title>crmsync · Sync health</title>").doesNotContain("<link", " src=")
                .doesNotContainPattern("(href|src)=[\"']?https?:").doesNotContainPattern("fetch\\(['\"]https?:|fetch\\(['\"]/");
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page.body());
        assertThat(script.find()).isTrue();
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
        assertThat(page.headers().get("content-security-policy")).contains("script-src 'sha256-" + hash + "';")
                .contains("connect-src 'self'").doesNotContain("unsafe");
        assertThat(get("/health-page").body()).isEqualTo(page.body());
    }

    @Test
    void errorsExportAsRfc4180CsvThatReadsBackExactly() throws Exception {
        assertThat(get("/tenants/acme/errors.csv").body()).as("no errors: the header alone")
                .isEqualTo("category,code,record,message,at\r\n");
        errors.record(List.of(
                new SyncError("acme", "hubspot|contact|1", "Duplicates", "EMAIL_IN_USE",
                        "Email \"a@x.io\" is in use, by contact 2", NOW),
                new SyncError("acme", "salesforce|Lead|00Q1", "Custom code", "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                        "Validation:\nPhone is required", NOW.minusSeconds(60)),
                new SyncError("acme", "hubspot|contact|3", "Custom code", "FORMULA", "=HYPERLINK(\"x\")",
                        NOW.minusSeconds(120))));

        HttpResponseEvent csv = get("/tenants/acme/errors.csv");

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().get("content-type")).startsWith("text/csv");
        assertThat(csv.headers().get("content-disposition")).contains("crmsync-acme-sync-errors.csv");
        assertThat(csv.body()).startsWith("category,code,record,message,at\r\n")
                .contains("Duplicates,EMAIL_IN_USE,hubspot|contact|1,\"Email \"\"a@x.io\"\" is in use, by contact 2\","
                        + "2026-11-29T10:30:00Z\r\n")
                .endsWith("\r\n");
        List<List<String>> rows = read(csv.body());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(2)).containsExactly("Custom code", "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                "salesforce|Lead|00Q1", "Validation:\nPhone is required", "2026-11-29T10:29:00Z");
        assertThat(rows.get(3).get(3)).isEqualTo("'=HYPERLINK(\"x\")");

        List<List<String>> custom = read(get("/tenants/acme/errors.csv?category=Custom%20code").body());
        assertThat(custom).hasSize(3).allSatisfy(row -> assertThat(row.get(0)).isIn("category", "Custom code"));
        assertThat(get("/tenants/globex/errors.csv").statusCode()).isEqualTo(404);
    }

    static List<List<String>> read(String csv) throws Exception {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        try (MappingIterator<List<String>> it = mapper.readerForListOf(String.class).readValues(csv)) {
            return it.readAll();
        }
    }

    @Test
    void resyncQueuesTheRecordsAndSaysHowMany() throws Exception {
        HttpResponseEvent ok = answer("POST", "/tenants/acme/errors/resync",
                "{\"records\": [\"hubspot|contact|1\", \"hubspot|contact|2\", \"salesforce|Lead|00Q1\"]}");

        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(body(ok)).isEqualTo(json.readTree("{\"queued\": 3, \"notices\": 2}"));
        assertThat(queue.enqueued).hasSize(2);

        assertThat(answer("POST", "/tenants/acme/errors/resync", "not json").statusCode()).isEqualTo(400);
        assertThat(answer("POST", "/tenants/acme/errors/resync", "{\"ids\": []}").statusCode()).isEqualTo(400);
        assertThat(answer("POST", "/tenants/acme/errors/resync", "{\"records\": [1]}").statusCode()).isEqualTo(400);
        HttpResponseEvent bad = answer("POST", "/tenants/acme/errors/resync", "{\"records\": [\"nope\"]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(body(bad).at("/errors/0").asText()).contains("'nope' is not a record name");
        assertThat(queue.enqueued).hasSize(2);

        queue.unavailable = true;
        HttpResponseEvent down = answer("POST", "/tenants/acme/errors/resync", "{\"records\": [\"hubspot|contact|1\"]}");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(body(down).at("/errors/0").asText()).contains("Try again");
    }

    @Test
    void historyAnswersTheRecordOrAnEmptyHistoryWithAMessage() throws Exception {
        links.save(new Link("acme", "contact", "123", "Contact", "003A", "h", NOW));

        JsonNode found = body(get("/tenants/acme/records/history?record=hubspot%3Acontact%3A123"));
        assertThat(found.get("found").asBoolean()).isTrue();
        assertThat(found.at("/link/salesforceId").asText()).isEqualTo("003A");
        assertThat(found.at("/link/lastSyncedAt").asText()).isEqualTo("2026-11-29T10:30:00Z");

        HttpResponseEvent unknown = get("/tenants/acme/records/history?record=hubspot:contact:9");
        assertThat(unknown.statusCode()).isEqualTo(200);
        assertThat(body(unknown).get("found").asBoolean()).isFalse();
        assertThat(body(unknown).get("message").asText()).contains("Nothing is known");
        assertThat(body(unknown).get("entries")).isEmpty();
    }

    @Test
    void theRouteTableNamesEachRouteOnce() {
        assertThat(HealthRoutes.ROUTES).extracting(r -> r.method() + " " + r.template()).doesNotHaveDuplicates()
                .contains("GET /tenants/{id}/health", "GET /tenants/{id}/errors.csv",
                        "POST /tenants/{id}/errors/resync", "GET /tenants/{id}/records/history", "GET /",
                        "GET /health-page");
    }
}
