package io.crmsync.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.security.SecureRandom;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.adminhttp.AdminRouter;
import io.crmsync.admin.TenantRoutes;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.queue.SqsNoticeQueue;
import io.crmsync.store.DynamoAuditLog;
import io.crmsync.store.DynamoLedger;
import io.crmsync.store.DynamoUsageHistory;
import io.crmsync.store.DynamoLinkStore;
import io.crmsync.store.DynamoReconcileReports;
import io.crmsync.store.DynamoSyncErrorLog;
import io.crmsync.store.DynamoTenantDirectory;
import io.crmsync.store.DynamoTenantSuspensions;

/**
 * The health page in a real browser: headless Chromium (Debian's chromium package) loads it from the routes,
 * served over the dynalite-backed stores seeded with {@link RealisticHealth a realistic day}, runs its script,
 * and the rendered DOM must show the seeded calls as chart bars, the error cards with their counts, the
 * suspension, the reconcile summary and — driven by the URL, no clicking — a record's history rows. The
 * screenshot goes to target/health-page.png (the README's docs/health-page.png is a copy of one, made by hand: a
 * test never writes into the source tree).
 *
 * <p>Without Chromium the test is skipped, unless {@code CRMSYNC_REQUIRE_CHROMIUM=1} (CI) makes that a failure.
 */
class HealthPageBrowserTest {

    static final Path SCREENSHOT = Path.of("target", "health-page.png");
    /** Virtual time Chromium lets the page run before it dumps: enough for every fetch to answer. */
    static final int VIRTUAL_TIME_MS = 10_000;

    static LocalAws aws;
    static AdminHttpServer server;
    static RealisticHealth.Seeded seeded;
    static Path chromium;

    @BeforeAll
    static void serveTheSeededRoutes() {
        chromium = findChromium().orElse(null);
        if (chromium == null) {
            String message = "Chromium not found (looked for $CHROMIUM_BIN, chromium, chromium-browser,"
                    + " google-chrome on PATH): install Debian's chromium package to run the health page test";
            if ("1".equals(System.getenv("CRMSYNC_REQUIRE_CHROMIUM"))) {
                fail(message + " — CRMSYNC_REQUIRE_CHROMIUM=1 makes it required");
            }
            Assumptions.abort(message);
        }
        aws = SharedLocalAws.get();
        aws.reset();
        ObjectMapper json = HealthStoresTest.quarkusLikeJson();
        // The routes' clock stands at the seeding's "now", so an hour turning mid-test cannot shift the chart.
        Instant now = Instant.now();
        seeded = RealisticHealth.write(aws, json, now);
        DynamoTenantDirectory tenants = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
        HealthRoutes health = new HealthRoutes(tenants,
                new DynamoLedger(aws.dynamo(), aws.tableName("BudgetTable"), tenants::byId),
                new DynamoUsageHistory(aws.dynamo(), aws.tableName("BudgetTable"), tenants::byId),
                new DynamoSyncErrorLog(aws.dynamo(), aws.tableName("SyncErrorsTable")),
                new DynamoTenantSuspensions(aws.dynamo(), aws.tableName("TenantsTable")),
                new DynamoReconcileReports(aws.dynamo(), aws.tableName("TenantsTable"), json),
                new DynamoLinkStore(aws.dynamo(), aws.tableName("LinksTable")),
                new DynamoAuditLog(aws.dynamo(), aws.tableName("AuditTable")),
                new SqsNoticeQueue(aws.sqs(), Optional.of(aws.queueUrl("ChangeQueue")), json), json,
                Clock.fixed(now, ZoneOffset.UTC));
        // The real tenants group beside it, behind the admin function's router, so the picker lists them.
        AdminHttp http = new AdminHttp(json);
        TenantRoutes tenantRoutes = new TenantRoutes(tenants, tenants, Optional.of("https://outbound.example/"),
                new SecureRandom(), http);
        server = new AdminHttpServer(new AdminRouter(List.of(health, tenantRoutes), http));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void thePageShowsTheSeededHealthAndARecordsHistory() throws Exception {
        String url = server.baseUrl() + "/?tenant=acme&category=Duplicates&record=hubspot:contact:123";
        server.forget();
        long started = System.nanoTime();
        String dom = chromium("--dump-dom", url);
        Duration wall = Duration.ofNanos(System.nanoTime() - started);
        List<AdminHttpServer.Served> served = server.served();

        Element body = first(dom, "body", null);
        assertThat(body.attr("data-state")).as("the page finished its start-up").isEqualTo("ready");

        // The tenant picker became a list, since GET /tenants answered.
        assertThat(elements(dom, "option", null)).extracting(e -> e.attr("value")).containsExactly("acme", "acme-eu",
                "globex");

        // Calls per hour: one bar per hour, oldest first, with the seeded counts.
        assertThat(bars(section(dom, "<article class=\"crm salesforce\"", "</article>")))
                .containsExactlyElementsOf(seeded.salesforceHours().values());
        assertThat(bars(section(dom, "<article class=\"crm hubspot\"", "</article>")))
                .containsExactlyElementsOf(seeded.hubSpotHours().values());
        String salesforce = section(dom, "<article class=\"crm salesforce\"", "</article>");
        long allocated = (long) (RealisticHealth.SALESFORCE_ORG_LIMIT * RealisticHealth.SALESFORCE_SHARE);
        assertThat(text(section(salesforce, "data-stat=\"allocated\"", "</div></div>"))).contains("23,000")
                .contains("20% of the org's limit");
        assertThat(text(section(salesforce, "data-stat=\"org-limit\"", "</div></div>")))
                .contains("Limited by Salesforce").contains("115,000").contains("114,870 used by the org");
        // The org is shared with acme-eu: its one limit, who shares it (ids only), acme's allocation as a share.
        assertThat(text(section(salesforce, "data-stat=\"shared-org\"", "</p>"))).contains(
                "shared with 1 other tenant (acme-eu)", "The org has used 114,870 of 115,000 calls",
                "this tenant's allocation is 20.0% of its limit");
        assertThat(elements(salesforce, "line", "alloc")).as("the allocation per hour as a line").hasSize(1);
        assertThat(text(salesforce)).contains("allocation per hour (" + String.format("%,d", Math.round(allocated / 24.0))
                + ")");
        // The org's header binds while it is in the current hour's bucket (the seed made it just now).
        JsonNode calls = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/tenants/acme/health")).build(), HttpResponse.BodyHandlers.ofString())
                .body()).at("/calls/0");
        long remaining = calls.get("remaining").asLong();
        assertThat(text(salesforce)).contains(String.format("%,d left", remaining)
                + (remaining < allocated - calls.get("usedInWindow").asLong() ? " — the org's limit binds" : ""));
        long salesforceTotal = seeded.salesforceHours().values().stream().mapToLong(Long::longValue).sum();
        assertThat(text(section(salesforce, "data-stat=\"used-24h\"", "</div></div>")))
                .contains(String.format("%,d", salesforceTotal));

        // Errors by category: the bar chart and one card each, with the seeded counts.
        Map<String, String> cards = new LinkedHashMap<>();
        elements(dom, "button", "error-card").forEach(c -> cards.put(c.attr("data-category"), c.attr("data-count")));
        assertThat(cards).containsExactly(Map.entry("Duplicates", "5"), Map.entry("Custom code", "3"),
                Map.entry("Permissions", "2"));
        assertThat(seeded.errors()).containsOnly(Map.entry("Duplicates", 5), Map.entry("Custom code", 3),
                Map.entry("Permissions", 2));
        Map<String, String> bars = new LinkedHashMap<>();
        elements(dom, "rect", "cbar").forEach(b -> bars.put(b.attr("data-category"), b.attr("data-count")));
        assertThat(bars).isEqualTo(cards);
        // ?category= opened the Duplicates card: its five records, each with a checkbox to resync.
        assertThat(elements(dom, "tr", "error-row")).extracting(e -> e.attr("data-record")).containsExactlyInAnyOrder(
                "hubspot|contact|2041", "hubspot|contact|2077", "hubspot|contact|2103", "hubspot|contact|2150",
                "hubspot|contact|2188");
        assertThat(dom).contains("Resync selected").contains("errors.csv?category=Duplicates");

        assertThat(text(section(dom, "<div class=\"banner\"", "</div></div>")))
                .contains("Sync suspended: Salesforce Organization API limit exceeded").contains("40 min ago");
        assertThat(text(section(dom, "id=\"reconcile-summary\"", "</table>"))).contains("897").contains("finished");

        // The record's history, newest decision first.
        assertThat(elements(dom, "tr", "history-row")).extracting(e -> e.attr("data-field"))
                .hasSize(seeded.auditEntries())
                .containsExactly("AccountId", "LeadSource", "Phone", "Title", "Email", "LastName");
        assertThat(text(section(dom, "id=\"history-link\"", "</div></div></div>")))
                .contains("HubSpot contact").contains("123").contains(RealisticHealth.SALESFORCE_CONTACT);

        assertThat(served).extracting(AdminHttpServer.Served::target).startsWith("/?tenant=acme&category=Duplicates"
                + "&record=hubspot:contact:123").contains("/tenants", "/tenants/acme/health",
                "/tenants/acme/records/history?record=hubspot%3Acontact%3A123");
        assertThat(served).allSatisfy(s -> assertThat(s.status()).as(s.target()).isIn(200, 404));
        Duration serverSpan = Duration.between(served.get(0).arrived(), served.get(served.size() - 1).answered());
        System.out.printf("health page: chromium --dump-dom %d ms wall (start-up included), first request to last"
                + " answer %d ms, page's own start-up-to-ready %s ms (virtual time), %d requests%n", wall.toMillis(),
                serverSpan.toMillis(), body.attr("data-load-ms"), served.size());
        assertThat(serverSpan).as("the page loads in well under the virtual time budget")
                .isLessThan(Duration.ofMillis(VIRTUAL_TIME_MS));
    }

    @Test
    void aScreenshotOfThePageGoesIntoTheDocs() throws Exception {
        Files.createDirectories(SCREENSHOT.getParent());
        Files.deleteIfExists(SCREENSHOT);
        chromium("--screenshot=" + SCREENSHOT.toAbsolutePath(), "--window-size=1280,1000", "--hide-scrollbars",
                server.baseUrl() + "/?tenant=acme&category=Duplicates&record=hubspot:contact:123");

        assertThat(SCREENSHOT).exists();
        byte[] png = Files.readAllBytes(SCREENSHOT);
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(png.length).as("a rendered page, not a blank one").isGreaterThan(30_000);
    }

    @Test
    void resyncSelectedQueuesNoticesOnTheChangeQueue() throws Exception {
        aws.sqs().purgeQueue(b -> b.queueUrl(aws.queueUrl("ChangeQueue")));
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/tenants/acme/errors/resync"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"records\": [\"hubspot|contact|2041\", \"hubspot|contact|2077\", \"salesforce|Lead|00Q5g00000LmNoPEAV\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("{\"queued\":3,\"notices\":2}");
        List<JsonNode> notices = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (int attempt = 0; attempt < 5 && notices.size() < 2; attempt++) {
            for (var message : aws.sqs().receiveMessage(b -> b.queueUrl(aws.queueUrl("ChangeQueue"))
                    .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
                notices.add(json.readTree(message.body()));
            }
        }
        assertThat(notices).extracting(n -> n.get("source").asText() + " " + n.get("objectType").asText() + " "
                + n.get("recordIds")).containsExactlyInAnyOrder("HUBSPOT contact [\"2041\",\"2077\"]",
                        "SALESFORCE Lead [\"00Q5g00000LmNoPEAV\"]");
        assertThat(notices).allSatisfy(n -> assertThat(n.get("tenantId").asText()).isEqualTo("acme"));
    }

    // ---- Chromium --------------------------------------------------------------------------------------------

    static Optional<Path> findChromium() {
        List<String> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("CHROMIUM_BIN")).ifPresent(candidates::add);
        candidates.addAll(List.of("chromium", "chromium-browser", "google-chrome"));
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin");
        for (String candidate : candidates) {
            Path direct = Path.of(candidate);
            if (direct.isAbsolute() && Files.isExecutable(direct)) {
                return Optional.of(direct);
            }
            Optional<Path> found = Stream.of(path.split(java.io.File.pathSeparator)).map(dir -> Path.of(dir, candidate))
                    .filter(Files::isExecutable).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Runs headless Chromium on the page (root needs --no-sandbox) and answers what it printed. */
    static String chromium(String... arguments) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("crmsync-chromium-");
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--no-default-browser-check",
                "--disable-extensions", "--user-data-dir=" + profile, "--lang=en-GB",
                "--virtual-time-budget=" + VIRTUAL_TIME_MS));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("TZ", "UTC");
        Process process = builder.start();
        byte[] out;
        try {
            out = process.getInputStream().readAllBytes();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                fail("Chromium did not finish within 90 s: " + String.join(" ", command));
            }
        } finally {
            process.destroyForcibly();
            deleteTree(profile);
        }
        assertThat(process.exitValue()).as("chromium exit code").isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    // ---- reading the dumped DOM --------------------------------------------------------------------------------

    record Element(String tag, Map<String, String> attributes) {
        String attr(String name) {
            return attributes.get(name);
        }
    }

    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Za-z_:][-A-Za-z0-9_:.]*)(?:=\"([^\"]*)\")?");

    /** Every start tag {@code tag} (with {@code cssClass} among its classes, if given), in document order. */
    static List<Element> elements(String html, String tag, String cssClass) {
        List<Element> found = new ArrayList<>();
        Matcher start = Pattern.compile("<" + tag + "(\\s[^>]*)?>").matcher(html);
        while (start.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher a = ATTRIBUTE.matcher(start.group(1) == null ? "" : start.group(1));
            while (a.find()) {
                attributes.put(a.group(1), a.group(2) == null ? "" : unescape(a.group(2)));
            }
            String classes = " " + attributes.getOrDefault("class", "") + " ";
            if (cssClass == null || classes.contains(" " + cssClass + " ")) {
                found.add(new Element(tag, attributes));
            }
        }
        return found;
    }

    static Element first(String html, String tag, String cssClass) {
        List<Element> all = elements(html, tag, cssClass);
        assertThat(all).as("<%s class=%s>", tag, cssClass).isNotEmpty();
        return all.get(0);
    }

    /** The chart's bars' counts, in order. */
    static List<Long> bars(String html) {
        return elements(html, "rect", "bar").stream().map(e -> Long.parseLong(e.attr("data-calls"))).toList();
    }

    /** From the first {@code from} to the next {@code to} after it (inclusive). */
    static String section(String html, String from, String to) {
        int start = html.indexOf(from);
        assertThat(start).as("the page holds %s", from).isGreaterThanOrEqualTo(0);
        int end = html.indexOf(to, start);
        return html.substring(start, end < 0 ? html.length() : end + to.length());
    }

    /** The text of some markup, tags removed and entities decoded, whitespace collapsed. */
    static String text(String html) {
        return unescape(html.replaceAll("<[^>]*>", " ")).replaceAll("\\s+", " ").trim();
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }
}
