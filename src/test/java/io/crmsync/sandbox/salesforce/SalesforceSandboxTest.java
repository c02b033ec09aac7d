package io.crmsync.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class SalesforceSandboxTest {

    private static final String CLIENT_ID = "3MVG9sandbox.consumer.key";
    private static final String CLIENT_SECRET = "sandbox-consumer-secret";
    private static final String V = "/services/data/v62.0";
    private static final String EXT = "HubSpot_Contact_Id__c";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SalesforceSandbox sandbox;
    private String token;

    @BeforeEach
    void start() throws Exception {
        sandbox = new SalesforceSandbox(new SalesforceSandbox.Config(CLIENT_ID, CLIENT_SECRET, "v62.0", 100_000))
                .start();
        token = json.readTree(tokenRequest("client_credentials", CLIENT_ID, CLIENT_SECRET).body())
                .get("access_token").asText();
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    // ---- ids ----

    @Test
    void computesTheCaseSafeIdSuffix() {
        assertThat(SalesforceIds.to18("001A0000006Vm9r")).isEqualTo("001A0000006Vm9rIAC");
        assertThat(SalesforceIds.isValid("001A0000006Vm9rIAC")).isTrue();
        assertThat(SalesforceIds.isValid("001A0000006Vm9rIAA")).isFalse();
        String id = SalesforceIds.newId("00Q", 12_345);
        assertThat(id).hasSize(18).startsWith("00Q");
        assertThat(SalesforceIds.to18(id.substring(0, 15))).isEqualTo(id);
    }

    // ---- OAuth ----

    @Test
    void grantsATokenForTheRightClientCredentials() throws Exception {
        HttpResponse<String> response = tokenRequest("client_credentials", CLIENT_ID, CLIENT_SECRET);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("access_token").asText()).matches("00D[0-9A-Za-z]{12}![0-9A-Za-z._]+");
        assertThat(body.get("instance_url").asText()).isEqualTo(sandbox.baseUrl());
        assertThat(body.get("id").asText()).startsWith(sandbox.baseUrl() + "/id/00D").contains("/005");
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(Long.parseLong(body.get("issued_at").asText())).isPositive();
        javax.crypto.Mac hmac = javax.crypto.Mac.getInstance("HmacSHA256");
        hmac.init(new javax.crypto.spec.SecretKeySpec(CLIENT_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(body.get("signature").asText()).isEqualTo(java.util.Base64.getEncoder().encodeToString(hmac.doFinal(
                (body.get("id").asText() + body.get("issued_at").asText()).getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void refusesWrongCredentialsAndOtherGrants() throws Exception {
        HttpResponse<String> badSecret = tokenRequest("client_credentials", CLIENT_ID, "wrong");
        assertThat(badSecret.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badSecret.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(json.readTree(badSecret.body()).get("error_description").asText())
                .isEqualTo("invalid client credentials");

        // The username-password flow is for the org's other users (SalesforceUsersTest); no user, no login.
        HttpResponse<String> password = tokenRequest("password", CLIENT_ID, CLIENT_SECRET);
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(json.readTree(password.body()).get("error").asText()).isEqualTo("invalid_grant");

        HttpResponse<String> other = tokenRequest("urn%3Aexample%3Aunknown", CLIENT_ID, CLIENT_SECRET);
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(json.readTree(other.body()).get("error").asText()).isEqualTo("unsupported_grant_type");
    }

    @Test
    void dataCallsNeedAValidSession() throws Exception {
        assertThat(send("GET", V + "/limits", null).statusCode()).isEqualTo(200);
        sandbox.expireTokens();

        HttpResponse<String> expired = send("GET", V + "/limits", null);
        assertThat(expired.statusCode()).isEqualTo(401);
        JsonNode error = json.readTree(expired.body()).get(0);
        assertThat(error.get("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
        assertThat(error.get("message").asText()).isEqualTo("Session expired or invalid");
    }

    // ---- sObjects ----

    @Test
    void createsReadsAndUpdatesALead() throws Exception {
        HttpResponse<String> created = send("POST", V + "/sobjects/Lead",
                "{\"FirstName\":\"Ada\",\"LastName\":\"Lovelace\",\"Company\":\"Analytical Engines\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode result = json.readTree(created.body());
        String id = result.get("id").asText();
        assertThat(id).hasSize(18).startsWith("00Q");
        assertThat(SalesforceIds.isValid(id)).isTrue();
        assertThat(result.get("success").asBoolean()).isTrue();
        assertThat(result.get("errors")).isEmpty();
        assertThat(created.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=1/100000");

        HttpResponse<String> read = send("GET", V + "/sobjects/Lead/" + id, null);
        assertThat(read.statusCode()).isEqualTo(200);
        JsonNode lead = json.readTree(read.body());
        assertThat(lead.get("attributes").get("type").asText()).isEqualTo("Lead");
        assertThat(lead.get("attributes").get("url").asText()).isEqualTo(V + "/sobjects/Lead/" + id);
        assertThat(lead.get("Status").asText()).isEqualTo("Open - Not Contacted");
        assertThat(lead.get("IsDeleted").asBoolean()).isFalse();
        assertThat(lead.get("Email").isNull()).isTrue();
        assertThat(lead.get("OwnerId").asText()).startsWith("005");
        assertThat(lead.get("CreatedDate").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000");

        HttpResponse<String> updated = send("PATCH", V + "/sobjects/Lead/" + id,
                "{\"Email\":\"ada@example.com\",\"FirstName\":null}");
        assertThat(updated.statusCode()).isEqualTo(204);
        assertThat(updated.body()).isEmpty();
        Map<String, Object> after = sandbox.leads().get(0);
        assertThat(after).containsEntry("Email", "ada@example.com").containsEntry("FirstName", null);

        // A 15-character id names the same record.
        assertThat(send("GET", V + "/sobjects/Lead/" + id.substring(0, 15), null).statusCode()).isEqualTo(200);
        HttpResponse<String> missing = send("GET", V + "/sobjects/Lead/" + SalesforceIds.newId("00Q", 999), null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json.readTree(missing.body()).get(0).get("errorCode").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void validatesLikeSalesforce() throws Exception {
        JsonNode missing = error(send("POST", V + "/sobjects/Lead", "{\"FirstName\":\"Ada\",\"Company\":\"X\"}"), 400);
        assertThat(missing.get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.get("message").asText()).isEqualTo("Required fields are missing: [LastName]");
        assertThat(missing.get("fields")).extracting(JsonNode::asText).containsExactly("LastName");

        JsonNode unknown = error(send("POST", V + "/sobjects/Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"Foo\":1}"),
                400);
        assertThat(unknown.get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(unknown.get("message").asText()).isEqualTo("No such column 'Foo' on sobject of type Lead");

        JsonNode tooLong = error(send("POST", V + "/sobjects/Lead",
                "{\"LastName\":\"L\",\"Company\":\"C\",\"FirstName\":\"" + "x".repeat(41) + "\"}"), 400);
        assertThat(tooLong.get("errorCode").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(tooLong.get("fields")).extracting(JsonNode::asText).containsExactly("FirstName");

        JsonNode malformed = error(send("POST", V + "/sobjects/Lead", "{\"LastName\":"), 400);
        assertThat(malformed.get("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");

        String id = sandbox.insert("Lead", Map.of("LastName", "L", "Company", "C", EXT, "hs-1"));
        JsonNode cleared = error(send("PATCH", V + "/sobjects/Lead/" + id, "{\"LastName\":null}"), 400);
        assertThat(cleared.get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");

        JsonNode duplicate = error(send("POST", V + "/sobjects/Lead",
                "{\"LastName\":\"L\",\"Company\":\"C\",\"" + EXT + "\":\"HS-1\"}"), 400);
        assertThat(duplicate.get("errorCode").asText()).isEqualTo("DUPLICATE_VALUE");
        assertThat(duplicate.get("message").asText()).contains(id);

        JsonNode readOnly = error(send("PATCH", V + "/sobjects/Lead/" + id, "{\"CreatedDate\":\"2020-01-01\"}"), 400);
        assertThat(readOnly.get("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(sandbox.count("Lead")).isEqualTo(1);
    }

    // ---- upsert ----

    @Test
    void upsertCreatesThenUpdates() throws Exception {
        HttpResponse<String> created = send("PATCH", V + "/sobjects/Lead/" + EXT + "/501",
                "{\"LastName\":\"Hopper\",\"Company\":\"Navy\"}", "client=crmsync");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode first = json.readTree(created.body());
        assertThat(first.get("created").asBoolean()).isTrue();
        assertThat(first.get("success").asBoolean()).isTrue();
        assertThat(first.get("errors")).isEmpty();

        HttpResponse<String> updated = send("PATCH", V + "/sobjects/Lead/" + EXT + "/501", "{\"Title\":\"Admiral\"}",
                "client=crmsync");
        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode second = json.readTree(updated.body());
        assertThat(second.get("created").asBoolean()).isFalse();
        assertThat(second.get("id").asText()).isEqualTo(first.get("id").asText());

        assertThat(sandbox.leadByExternalId(EXT, "501")).hasValueSatisfying(lead -> assertThat(lead)
                .containsEntry("Title", "Admiral").containsEntry("LastName", "Hopper").containsEntry(EXT, "501"));
        HttpResponse<String> byExternalId = send("GET", V + "/sobjects/Lead/" + EXT + "/501", null);
        assertThat(byExternalId.statusCode()).isEqualTo(200);
        assertThat(json.readTree(byExternalId.body()).get("Id").asText()).isEqualTo(first.get("id").asText());

        assertThat(sandbox.lastCallOptions()).hasValue("client=crmsync");
        assertThat(sandbox.callOptionsLog()).hasSize(2);
        assertThat(sandbox.calls("PATCH " + V + "/sobjects/{sObject}/{externalIdField}/{externalId}")).isEqualTo(2);
    }

    @Test
    void upsertRefusesAFieldThatIsNoExternalId() throws Exception {
        JsonNode error = error(send("PATCH", V + "/sobjects/Lead/Email/a@example.com",
                "{\"LastName\":\"L\",\"Company\":\"C\"}"), 404);
        assertThat(error.get("errorCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.get("message").asText())
                .isEqualTo("Provided external ID field does not exist or is not accessible: Email");

        JsonNode missing = error(send("PATCH", V + "/sobjects/Lead/" + EXT + "/777", "{\"Title\":\"T\"}"), 400);
        assertThat(missing.get("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.get("fields")).extracting(JsonNode::asText).containsExactly("LastName", "Company");
        assertThat(sandbox.count("Lead")).isZero();
    }

    @Test
    void concurrentUpsertsOfOneExternalIdCreateOneLead() throws Exception {
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String title = "T" + i;
                Callable<Integer> upsert = () -> {
                    go.await();
                    return send("PATCH", V + "/sobjects/Lead/" + EXT + "/race-1",
                            "{\"LastName\":\"Race\",\"Company\":\"C\",\"Title\":\"" + title + "\"}").statusCode();
                };
                statuses.add(pool.submit(upsert));
            }
            go.countDown();
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> status : statuses) {
                codes.add(status.get(30, TimeUnit.SECONDS));
            }
            assertThat(codes).containsOnly(200, 201);
            assertThat(codes).filteredOn(c -> c == 201).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(sandbox.count("Lead")).isEqualTo(1);
    }

    // ---- SOQL ----

    @Test
    void queriesWithInAndOrLikeOrderByAndLimit() throws Exception {
        insertLead("Ada", "Lovelace", "ada@example.com", "Open - Not Contacted", "hs-1");
        insertLead("Grace", "Hopper", "grace@navy.mil", "Working - Contacted", "hs-2");
        insertLead("Alan", "Turing", null, "Closed - Converted", "hs-3");
        insertLead("Edsger", "Dijkstra", "ewd@example.com", "Working - Contacted", "hs-4");

        assertThat(lastNames("SELECT LastName FROM Lead WHERE " + EXT + " IN ('hs-1', 'hs-3') ORDER BY LastName"))
                .containsExactly("Lovelace", "Turing");
        assertThat(lastNames("SELECT LastName FROM Lead WHERE " + EXT + " NOT IN ('hs-1', 'hs-3') ORDER BY LastName"))
                .containsExactly("Dijkstra", "Hopper");
        assertThat(lastNames("select lastname from lead where Status = 'working - contacted' AND Email LIKE '%@example.com'"))
                .containsExactly("Dijkstra");
        assertThat(lastNames("SELECT LastName FROM Lead WHERE (Email = null OR FirstName = 'Ada') AND Company != null"
                + " ORDER BY LastName DESC"))
                .containsExactly("Turing", "Lovelace");
        assertThat(lastNames("SELECT LastName FROM Lead WHERE NOT (Status = 'Working - Contacted') ORDER BY FirstName"))
                .containsExactly("Lovelace", "Turing");
        assertThat(lastNames("SELECT LastName FROM Lead ORDER BY Email ASC NULLS LAST LIMIT 2"))
                .containsExactly("Lovelace", "Dijkstra");
        assertThat(lastNames("SELECT LastName FROM Lead WHERE LastName LIKE 'H_pper'")).containsExactly("Hopper");

        HttpResponse<String> response = query("SELECT Id, Email FROM Lead WHERE LastName = 'Hopper'");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("totalSize").asInt()).isEqualTo(1);
        assertThat(body.get("done").asBoolean()).isTrue();
        JsonNode record = body.get("records").get(0);
        assertThat(record.get("attributes").get("type").asText()).isEqualTo("Lead");
        assertThat(record.get("attributes").get("url").asText()).isEqualTo(V + "/sobjects/Lead/" + record.get("Id").asText());
        assertThat(fieldNames(record)).containsExactly("attributes", "Id", "Email");
    }

    @Test
    void queriesStringLiteralsWithEscapes() throws Exception {
        insertLead("Shaquille", "O'Neal", null, "Open - Not Contacted", "hs-9");
        insertLead("Back", "Slash\\Name", null, "Open - Not Contacted", "hs-10");
        assertThat(lastNames("SELECT LastName FROM Lead WHERE LastName = 'O\\'Neal'")).containsExactly("O'Neal");
        assertThat(lastNames("SELECT LastName FROM Lead WHERE LastName = 'Slash\\\\Name'")).containsExactly("Slash\\Name");
        // What production's Soql.escape produces must find the record.
        assertThat(lastNames("SELECT LastName FROM Lead WHERE LastName = '"
                + io.crmsync.salesforce.Soql.escape("O'Neal") + "'")).containsExactly("O'Neal");
    }

    @Test
    void refusesMalformedQueriesAndUnknownNames() throws Exception {
        assertQueryError("SELECT LastName FRM Lead", "MALFORMED_QUERY");
        assertQueryError("SELECT LastName FROM Lead WHERE LastName = 'a' AND Company = 'b' OR Title = 'c'",
                "MALFORMED_QUERY");
        assertQueryError("SELECT LastName FROM Lead WHERE LastName = 'unterminated", "MALFORMED_QUERY");
        assertQueryError("SELECT LastName FROM Lead LIMIT", "MALFORMED_QUERY");
        assertQueryError("SELECT Foo FROM Lead", "INVALID_FIELD");
        assertQueryError("SELECT Id FROM Lead WHERE Bar = 'x'", "INVALID_FIELD");
        assertQueryError("SELECT Id FROM Leed", "INVALID_TYPE");
        assertQueryError("SELECT Id FROM Lead WHERE Email = 5", "INVALID_QUERY_FILTER_OPERATOR");
        JsonNode error = error(query("SELECT LastName FRM Lead"), 400);
        assertThat(error.get("message").asText()).contains("ERROR at Row:1:Column:17").contains("unexpected token: FRM");
    }

    // ---- API allocation ----

    @Test
    void refusesCallsPastTheDailyAllocation() throws Exception {
        sandbox.close();
        sandbox = new SalesforceSandbox(new SalesforceSandbox.Config(CLIENT_ID, CLIENT_SECRET, "v62.0", 3)).start();
        token = json.readTree(tokenRequest("client_credentials", CLIENT_ID, CLIENT_SECRET).body())
                .get("access_token").asText();
        for (int i = 1; i <= 3; i++) {
            HttpResponse<String> ok = query("SELECT Id FROM Lead");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=" + i + "/3");
        }
        HttpResponse<String> refused = query("SELECT Id FROM Lead");
        JsonNode error = error(refused, 403);
        assertThat(error.get("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(error.get("message").asText()).isEqualTo("TotalRequests Limit exceeded.");
        assertThat(refused.headers().firstValue("Sforce-Limit-Info")).hasValue("api-usage=3/3");
        assertThat(sandbox.apiUsage()).isEqualTo(3);
        assertThat(sandbox.calls("GET " + V + "/query")).isEqualTo(4);
        assertThat(sandbox.calls("POST /services/oauth2/token")).isEqualTo(1);
    }

    // ---- helpers ----

    private void insertLead(String first, String last, String email, String status, String hubSpotId) {
        Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("FirstName", first);
        fields.put("LastName", last);
        fields.put("Company", "Computing");
        fields.put("Email", email);
        fields.put("Status", status);
        fields.put(EXT, hubSpotId);
        sandbox.insert("Lead", fields);
    }

    private List<String> lastNames(String soql) throws Exception {
        HttpResponse<String> response = query(soql);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        json.readTree(response.body()).get("records").forEach(r -> names.add(r.get("LastName").asText()));
        return names;
    }

    private void assertQueryError(String soql, String errorCode) throws Exception {
        assertThat(error(query(soql), 400).get("errorCode").asText()).as(soql).isEqualTo(errorCode);
    }

    private HttpResponse<String> query(String soql) throws Exception {
        return send("GET", V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), null);
    }

    private JsonNode error(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json.readTree(response.body());
        assertThat(body.isArray()).as(response.body()).isTrue();
        return body.get(0);
    }

    private HttpResponse<String> tokenRequest(String grantType, String clientId, String clientSecret) throws Exception {
        String form = "grant_type=" + grantType + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/services/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, null);
    }

    private HttpResponse<String> send(String method, String path, String body, String callOptions) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(20));
        if (callOptions != null) {
            request.header("Sforce-Call-Options", callOptions);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
