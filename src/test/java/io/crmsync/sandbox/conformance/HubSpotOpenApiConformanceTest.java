package io.crmsync.sandbox.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.hubspot.HubSpotObjectsApi;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;

/**
 * Checks the HubSpot sandbox's answers (and the batch/read body crmsync's adapter sends) against HubSpot's own
 * OpenAPI documents, copied into the test resources (src/test/resources/hubspot-openapi/, SOURCE.md says from
 * where, which commit and under what terms) and read from the classpath. Every document there uses /crm/v3/… (or /crm/v4/…)
 * paths, so no dated-path mapping is needed; the deals document only has the type-id form /crm/v3/objects/0-3,
 * so deals are called that way. Error bodies match the "default" responses, which have no schema, so they are
 * checked against the documents' Error component directly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HubSpotOpenApiConformanceTest {

    /** The documents' folder on the test classpath. */
    static final String SPECS = "/hubspot-openapi/";
    private static final String TOKEN = "pat-conformance";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, OpenApiInteractionValidator> validators = new HashMap<>();
    private HubSpotSandbox sandbox;

    @BeforeAll
    void start() {
        assertThat(HubSpotOpenApiConformanceTest.class.getResource(SPECS + "SOURCE.md"))
                .as("HubSpot's OpenAPI documents in src/test/resources" + SPECS).isNotNull();
        sandbox = new HubSpotSandbox(new HubSpotSandbox.Config(TOKEN, 99, 77, "secret")).start();
    }

    @AfterAll
    void stop() {
        sandbox.close();
    }

    private OpenApiInteractionValidator validator(String document) {
        return validators.computeIfAbsent(document, d -> OpenApiInteractionValidator
                .createForSpecificationUrl(spec(d)).build());
    }

    /** The document's URL on the test classpath (a file: URL under target/test-classes). */
    static String spec(String document) {
        java.net.URL url = HubSpotOpenApiConformanceTest.class.getResource(SPECS + document);
        assertThat(url).as(document + " in src/test/resources" + SPECS).isNotNull();
        return url.toString();
    }

    /** Calls the sandbox and validates the answer against {@code document} (null: status only); returns the body. */
    private JsonNode exchange(String document, String method, String path, String body, int expectedStatus)
            throws Exception {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        String responseBody = response.body();
        URI uri = URI.create(path);
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
        if (!responseBody.isEmpty()) {
            String validated = withoutNullProperties(responseBody);
            if (response.statusCode() >= 400) {
                // Real HubSpot error bodies carry "status":"error" (see crm-facts.md §15.3), which the published
                // Error schema leaves out; assertErrorShape checks it, the schema checks the rest.
                com.fasterxml.jackson.databind.node.ObjectNode error =
                        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(validated);
                error.remove("status");
                validated = error.toString();
            }
            answer.withContentType("application/json").withBody(validated);
        }
        if (document == null) {
            return responseBody.isEmpty() ? null : json.readTree(responseBody);
        }
        ValidationReport report = validator(document).validateResponse(uri.getPath(), Request.Method.valueOf(method),
                answer.build());
        assertThat(errors(report)).as(method + " " + path + " against " + document).isEmpty();
        if (response.statusCode() >= 400) {
            assertErrorShape(document, responseBody);
        }
        return responseBody.isEmpty() ? null : json.readTree(responseBody);
    }

    /**
     * HubSpot answers unset requested properties with null, but the documents type property values as plain
     * (non-nullable) strings; the nulls are taken out before validation, everything else is checked.
     */
    private String withoutNullProperties(String body) throws Exception {
        JsonNode root = json.readTree(body);
        removeNullProperties(root);
        return json.writeValueAsString(root);
    }

    private static void removeNullProperties(JsonNode node) {
        if (node.isObject()) {
            JsonNode properties = node.get("properties");
            if (properties != null && properties.isObject()) {
                List<String> nulls = new java.util.ArrayList<>();
                properties.fields().forEachRemaining(f -> {
                    if (f.getValue().isNull()) {
                        nulls.add(f.getKey());
                    }
                });
                ((ObjectNode) properties).remove(nulls);
            }
            node.forEach(HubSpotOpenApiConformanceTest::removeNullProperties);
        } else if (node.isArray()) {
            node.forEach(HubSpotOpenApiConformanceTest::removeNullProperties);
        }
    }

    private void assertErrorShape(String document, String body) throws Exception {
        OpenAPI api = new OpenAPIV3Parser().read(spec(document));
        JsonNode error = json.readTree(body);
        if (error.has("errorType")) {
            // 429s are not Error-shaped (no category): checked against the documented rate-limit body instead.
            assertThat(fieldNames(error)).containsExactlyInAnyOrder("status", "message", "errorType", "correlationId",
                    "policyName");
            return;
        }
        assertThat(error.path("status").asText()).as("HubSpot error bodies say status error").isEqualTo("error");
        ((com.fasterxml.jackson.databind.node.ObjectNode) error).remove("status");
        ValidationReport report = new SchemaValidator(api, new MessageResolver())
                .validate(error.toString(), api.getComponents().getSchemas().get("Error"), "response.body");
        assertThat(errors(report)).as("error body " + body).isEmpty();
    }

    private static List<String> errors(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(ValidationReport.Message::toString).collect(Collectors.toList());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void productionsBatchReadRequestMatchesTheDocument() throws Exception {
        String body = json.writeValueAsString(new HubSpotObjectsApi.BatchReadInput(List.of("email"), List.of(),
                List.of(new HubSpotObjectsApi.ObjectId("101"))));
        ValidationReport report = validator("crm-objects-v3.json").validateRequest(SimpleRequest.Builder
                .post("/crm/v3/objects/contacts/batch/read").withQueryParam("archived", "false")
                .withHeader("Authorization", "Bearer x").withContentType("application/json").withBody(body).build());
        assertThat(errors(report)).isEmpty();
        ValidationReport broken = validator("crm-objects-v3.json").validateRequest(SimpleRequest.Builder
                .post("/crm/v3/objects/contacts/batch/read").withHeader("Authorization", "Bearer x")
                .withContentType("application/json").withBody("{\"inputs\":[{\"id\":1}]}").build());
        assertThat(errors(broken)).as("the validator does catch a wrong body").isNotEmpty();
    }

    @Test
    void objectEndpoints() throws Exception {
        String objects = "crm-objects-v3.json";
        String contacts = "crm-contacts-v3.json";
        JsonNode created = exchange(contacts, "POST", "/crm/v3/objects/contacts",
                "{\"properties\":{\"email\":\"c1@example.com\",\"firstname\":\"C\"}}", 201);
        String id = created.get("id").asText();
        exchange(contacts, "GET", "/crm/v3/objects/contacts/" + id + "?properties=email,phone&propertiesWithHistory=email", null, 200);
        exchange(objects, "PATCH", "/crm/v3/objects/contacts/" + id, "{\"properties\":{\"lastname\":\"L\"}}", 200);
        exchange(objects, "GET", "/crm/v3/objects/contacts?limit=1", null, 200);
        exchange(objects, "POST", "/crm/v3/objects/contacts/batch/read",
                "{\"properties\":[\"email\"],\"propertiesWithHistory\":[],\"inputs\":[{\"id\":\"" + id + "\"}]}", 200);
        exchange(objects, "POST", "/crm/v3/objects/contacts/batch/read",
                "{\"properties\":[\"email\"],\"propertiesWithHistory\":[],\"inputs\":[{\"id\":\"" + id + "\"},{\"id\":\"5\"}]}", 207);
        JsonNode batch = exchange(contacts, "POST", "/crm/v3/objects/contacts/batch/create",
                "{\"inputs\":[{\"properties\":{\"email\":\"c2@example.com\"},\"associations\":[]}]}", 201);
        exchange(contacts, "POST", "/crm/v3/objects/contacts/batch/create",
                "{\"inputs\":[{\"properties\":{\"email\":\"c3@example.com\"}},{\"properties\":{\"email\":\"c2@example.com\"}}]}", 207);
        String second = batch.get("results").get(0).get("id").asText();
        exchange(objects, "POST", "/crm/v3/objects/contacts/batch/update",
                "{\"inputs\":[{\"id\":\"" + second + "\",\"properties\":{\"city\":\"Oslo\"}}]}", 200);
        exchange(objects, "POST", "/crm/v3/objects/contacts/batch/update",
                "{\"inputs\":[{\"id\":\"" + second + "\",\"properties\":{\"city\":\"Rome\"}},{\"id\":\"9\",\"properties\":{}}]}", 207);
        exchange(contacts, "POST", "/crm/v3/objects/contacts/batch/upsert",
                "{\"inputs\":[{\"id\":\"c4@example.com\",\"idProperty\":\"email\",\"properties\":{\"firstname\":\"U\"}}]}", 200);
        exchange(contacts, "POST", "/crm/v3/objects/contacts/search",
                "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"CONTAINS_TOKEN\",\"value\":\"*@example.com\"}]}],"
                        + "\"sorts\":[],\"properties\":[\"email\"],\"limit\":2,\"after\":\"0\"}", 200);
        exchange(contacts, "POST", "/crm/v3/objects/contacts/merge",
                "{\"primaryObjectId\":\"" + id + "\",\"objectIdToMerge\":\"" + second + "\"}", 200);
        exchange(objects, "POST", "/crm/v3/objects/contacts/batch/archive", "{\"inputs\":[{\"id\":\"" + id + "\"}]}", 204);
        exchange(objects, "DELETE", "/crm/v3/objects/contacts/" + id, null, 204);
        exchange(contacts, "POST", "/crm/v3/objects/contacts/gdpr-delete", "{\"objectId\":\"c4@example.com\",\"idProperty\":\"email\"}", 204);
        JsonNode deal = exchange("crm-deals-v3.json", "POST", "/crm/v3/objects/0-3",
                "{\"properties\":{\"dealname\":\"D\",\"amount\":\"5\"},\"associations\":[]}", 201);
        exchange("crm-deals-v3.json", "GET", "/crm/v3/objects/0-3/" + deal.get("id").asText(), null, 200);
        exchange("crm-companies-v3.json", "POST", "/crm/v3/objects/companies", "{\"properties\":{\"name\":\"Co\"},\"associations\":[]}", 201);
        exchange("crm-tasks-v3.json", "POST", "/crm/v3/objects/tasks", "{\"properties\":{\"hs_task_subject\":\"T\",\"hs_timestamp\":\"2026-11-29T10:00:00Z\"},\"associations\":[]}", 201);
    }

    /**
     * Calls, emails, meetings and notes have no documents of their own here; they are served by the generic
     * objects API, so crm-objects-v3.json checks them, and crm-associations-v4.json their associations.
     */
    @Test
    void engagementEndpoints() throws Exception {
        String objects = "crm-objects-v3.json";
        String v4 = "crm-associations-v4.json";
        String contact = sandbox.createContact(Map.of("email", "engaged@example.com"));
        Map<String, Integer> toContact = Map.of("calls", 194, "emails", 198, "meetings", 200, "notes", 202);
        Map<String, String> typeIds = Map.of("calls", "0-48", "emails", "0-49", "meetings", "0-47", "notes", "0-46");
        for (String type : List.of("calls", "emails", "meetings", "notes")) {
            JsonNode created = exchange(objects, "POST", "/crm/v3/objects/" + type, "{\"properties\":{\"hs_timestamp\":"
                    + "\"2026-01-01T00:00:00Z\"},\"associations\":[{\"to\":{\"id\":\"" + contact + "\"},\"types\":[{"
                    + "\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":" + toContact.get(type) + "}]}]}",
                    201);
            String id = created.get("id").asText();
            exchange(objects, "GET", "/crm/v3/objects/" + typeIds.get(type) + "/" + id + "?properties=hs_timestamp", null,
                    200);
            exchange(objects, "PATCH", "/crm/v3/objects/" + type + "/" + id,
                    "{\"properties\":{\"hs_timestamp\":\"2026-01-02T00:00:00Z\"}}", 200);
            exchange(objects, "POST", "/crm/v3/objects/" + type + "/batch/read", "{\"properties\":[\"hs_timestamp\"],"
                    + "\"propertiesWithHistory\":[],\"inputs\":[{\"id\":\"" + id + "\"},{\"id\":\"9\"}]}", 207);
            exchange(objects, "POST", "/crm/v3/objects/" + type + "/batch/create",
                    "{\"inputs\":[{\"properties\":{\"hs_timestamp\":\"2026-01-03T00:00:00Z\"},\"associations\":[]}]}", 201);
            exchange(objects, "POST", "/crm/v3/objects/" + type + "/search", "{\"filterGroups\":[{\"filters\":[{"
                    + "\"propertyName\":\"hs_lastmodifieddate\",\"operator\":\"GTE\",\"value\":\"0\"}]}],\"sorts\":[{"
                    + "\"propertyName\":\"hs_lastmodifieddate\",\"direction\":\"ASCENDING\"}],\"properties\":"
                    + "[\"hs_timestamp\"],\"limit\":10,\"after\":\"0\"}", 200);
            exchange(objects, "POST", "/crm/v3/objects/" + type, "{\"properties\":{},\"associations\":[]}", 400);
            exchange(v4, "POST", "/crm/v4/associations/" + type + "/contacts/batch/read",
                    "{\"inputs\":[{\"id\":\"" + id + "\"}]}", 200);
            exchange(objects, "DELETE", "/crm/v3/objects/" + type + "/" + id, null, 204);
        }
        exchange(v4, "POST", "/crm/v4/associations/contacts/calls/batch/read", "{\"inputs\":[{\"id\":\"" + contact
                + "\"}]}", 207);
    }

    @Test
    void errorBodies() throws Exception {
        String objects = "crm-objects-v3.json";
        exchange(objects, "GET", "/crm/v3/objects/contacts/424242", null, 404);
        exchange(objects, "POST", "/crm/v3/objects/contacts", "{\"properties\":{\"no_such\":\"1\"}}", 400);
        sandbox.createContact(Map.of("email", "dup@example.com"));
        exchange(objects, "POST", "/crm/v3/objects/contacts", "{\"properties\":{\"email\":\"dup@example.com\"}}", 409);
        exchange(objects, "POST", "/crm/v3/objects/contacts/search", "{\"limit\":500}", 400);
        sandbox.lockNextWrites(1);
        exchange(objects, "POST", "/crm/v3/objects/contacts", "{\"properties\":{}}", 423);
    }

    @Test
    void propertiesOwnersListsAndAssociations() throws Exception {
        String properties = "crm-properties-v3.json";
        exchange(properties, "GET", "/crm/v3/properties/contacts", null, 200);
        exchange(properties, "GET", "/crm/v3/properties/contacts/lifecyclestage", null, 200);
        exchange(properties, "POST", "/crm/v3/properties/contacts", "{\"name\":\"tier\",\"label\":\"Tier\",\"type\":\"enumeration\","
                + "\"fieldType\":\"select\",\"groupName\":\"contactinformation\",\"options\":[{\"label\":\"Gold\",\"value\":\"gold\",\"hidden\":false}]}", 201);
        exchange(properties, "POST", "/crm/v3/properties/contacts", "{\"name\":\"bad\",\"label\":\"Bad\",\"type\":\"number\","
                + "\"fieldType\":\"select\",\"groupName\":\"contactinformation\"}", 400);
        exchange(properties, "GET", "/crm/v3/properties/contacts/groups", null, 200);
        exchange(properties, "POST", "/crm/v3/properties/contacts/groups", "{\"name\":\"sync\",\"label\":\"Sync\"}", 201);

        String owner = sandbox.addOwner("owner@example.com", "O", "Wner");
        exchange("crm-owners-v3.json", "GET", "/crm/v3/owners?email=owner@example.com", null, 200);
        exchange("crm-owners-v3.json", "GET", "/crm/v3/owners/" + owner, null, 200);

        String contact = sandbox.createContact(Map.of("email", "l@example.com", "lifecyclestage", "lead"));
        // crm-lists-v3.json is not validated: its recursive filter-branch schemas make the validator run out of
        // memory (it expands every oneOf). Lists are called here for status codes only.
        String lists = null;
        JsonNode list = exchange(lists, "POST", "/crm/v3/lists", "{\"name\":\"Manual\",\"objectTypeId\":\"0-1\",\"processingType\":\"MANUAL\"}", 200);
        String listId = list.get("list").get("listId").asText();
        exchange(lists, "PUT", "/crm/v3/lists/" + listId + "/memberships/add", "[\"" + contact + "\",\"1\"]", 200);
        exchange(lists, "GET", "/crm/v3/lists/" + listId + "/memberships", null, 200);
        exchange(lists, "GET", "/crm/v3/lists/" + listId, null, 200);
        exchange(lists, "POST", "/crm/v3/lists", "{\"name\":\"Leads\",\"objectTypeId\":\"0-1\",\"processingType\":\"DYNAMIC\","
                + "\"filterBranch\":{\"filterBranchType\":\"OR\",\"filterBranchOperator\":\"OR\",\"filters\":[],\"filterBranches\":[{"
                + "\"filterBranchType\":\"AND\",\"filterBranchOperator\":\"AND\",\"filterBranches\":[],\"filters\":[{\"filterType\":\"PROPERTY\","
                + "\"property\":\"lifecyclestage\",\"operation\":{\"operationType\":\"ENUMERATION\",\"operator\":\"IS_ANY_OF\",\"values\":[\"lead\"],"
                + "\"includeObjectsWithNoValueSet\":false}}]}]}}", 200);
        exchange(lists, "PUT", "/crm/v3/lists/" + listId + "/memberships/remove", "[\"" + contact + "\"]", 200);
        exchange(lists, "GET", "/crm/v3/lists/records/0-1/" + contact + "/memberships", null, 200);

        String company = sandbox.createRecord("companies", Map.of("name", "Acme"));
        String v4 = "crm-associations-v4.json";
        exchange(v4, "PUT", "/crm/v4/objects/contacts/" + contact + "/associations/default/companies/" + company, null, 200);
        exchange(v4, "PUT", "/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company,
                "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":1}]", 201);
        exchange(v4, "GET", "/crm/v4/objects/contacts/" + contact + "/associations/companies", null, 200);
        exchange(v4, "POST", "/crm/v4/associations/contacts/companies/batch/read", "{\"inputs\":[{\"id\":\"" + contact + "\"}]}", 200);
        exchange(v4, "POST", "/crm/v4/associations/contacts/companies/batch/read",
                "{\"inputs\":[{\"id\":\"" + contact + "\"},{\"id\":\"7\"}]}", 207);
        exchange(v4, "POST", "/crm/v4/associations/contacts/companies/batch/create", "{\"inputs\":[{\"from\":{\"id\":\"" + contact
                + "\"},\"to\":{\"id\":\"" + company + "\"},\"types\":[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":279}]}]}", 201);
        exchange(v4, "POST", "/crm/v4/associations/contacts/companies/batch/archive",
                "{\"inputs\":[{\"from\":{\"id\":\"" + contact + "\"},\"to\":[{\"id\":\"" + company + "\"}]}]}", 204);
        exchange(v4, "DELETE", "/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company, null, 204);
        exchange(v4, "PUT", "/crm/v4/objects/contacts/" + contact + "/associations/companies/" + company,
                "[{\"associationCategory\":\"HUBSPOT_DEFINED\",\"associationTypeId\":3}]", 400);
        assertThat(HubSpotOpenApiConformanceTest.class.getResource(SPECS + "crm-limits-tracking-v3.json")).isNotNull();
    }

    /** POSTs a form (the OAuth token endpoint), no bearer token. */
    private HttpResponse<String> form(String path, Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(),
                java.nio.charset.StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode validatedOAuth(String method, String path, HttpResponse<String> response, int expectedStatus)
            throws Exception {
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.statusCode());
        if (!response.body().isEmpty()) {
            answer.withContentType("application/json").withBody(response.body());
        }
        ValidationReport report = validator("oauth-v1.json").validateResponse(URI.create(path).getPath(),
                Request.Method.valueOf(method), answer.build());
        assertThat(errors(report)).as(method + " " + path + " against oauth-v1.json").isEmpty();
        return response.body().isEmpty() ? null : json.readTree(response.body());
    }

    /**
     * The token endpoint's 200 is documented as TokenResponseIF, a oneOf wrapper with an empty property list that the
     * validator reads as "no property allowed"; the body is checked against the AccessTokenResponse it must be.
     */
    private JsonNode tokenResponse(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        OpenAPI api = new OpenAPIV3Parser().read(spec("oauth-v1.json"));
        ValidationReport report = new SchemaValidator(api, new MessageResolver()).validate(response.body(),
                api.getComponents().getSchemas().get("AccessTokenResponse"), "response.body");
        assertThat(errors(report)).as("token answer " + response.body()).isEmpty();
        ValidationReport broken = new SchemaValidator(api, new MessageResolver()).validate(
                "{\"access_token\":\"x\",\"expires_in\":1800}",
                api.getComponents().getSchemas().get("AccessTokenResponse"), "response.body");
        assertThat(errors(broken)).as("the schema does catch a token answer without its required fields").isNotEmpty();
        return json.readTree(response.body());
    }

    /**
     * The OAuth app: code exchange, refresh, token metadata and revocation against oauth-v1.json. The token
     * endpoint's refusals are checked by shape instead: HubSpot answers them with {@code status} naming the refusal
     * (BAD_REFRESH_TOKEN …), a message and a correlationId, not with the documented Error component's category.
     */
    @Test
    void oauthEndpoints() throws Exception {
        HubSpotSandbox.OAuthApp app = sandbox.config().oauthApp();
        String redirect = app.redirectUris().get(0);
        HttpResponse<String> authorize = http.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl()
                + "/oauth/authorize?client_id=" + app.clientId() + "&redirect_uri=" + redirect
                + "&scope=oauth%20crm.objects.contacts.read&state=conformance")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(authorize.statusCode()).as(authorize.body()).isEqualTo(302);
        String code = io.crmsync.sandbox.http.UrlCoding.parseForm(URI.create(authorize.headers().firstValue("Location")
                .orElseThrow()).getRawQuery()).get("code").get(0);

        JsonNode tokens = tokenResponse(form("/oauth/v1/token", Map.of("grant_type", "authorization_code",
                "client_id", app.clientId(), "client_secret", "secret", "redirect_uri", redirect, "code", code)));
        String access = tokens.get("access_token").asText();
        String refresh = tokens.get("refresh_token").asText();
        validatedOAuth("GET", "/oauth/v1/access-tokens/" + access, http.send(HttpRequest.newBuilder(URI.create(
                sandbox.baseUrl() + "/oauth/v1/access-tokens/" + access)).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 200);
        validatedOAuth("GET", "/oauth/v1/refresh-tokens/" + refresh, http.send(HttpRequest.newBuilder(URI.create(
                sandbox.baseUrl() + "/oauth/v1/refresh-tokens/" + refresh)).GET().build(),
                HttpResponse.BodyHandlers.ofString()), 200);
        tokenResponse(form("/oauth/v1/token", Map.of("grant_type", "refresh_token", "client_id", app.clientId(),
                "client_secret", "secret", "refresh_token", refresh)));
        validatedOAuth("DELETE", "/oauth/v1/refresh-tokens/" + refresh, http.send(HttpRequest.newBuilder(URI.create(
                sandbox.baseUrl() + "/oauth/v1/refresh-tokens/" + refresh)).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()), 204);

        HttpResponse<String> refused = form("/oauth/v1/token", Map.of("grant_type", "refresh_token", "client_id",
                app.clientId(), "client_secret", "secret", "refresh_token", refresh));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(refused.body());
        assertThat(fieldNames(error)).containsExactlyInAnyOrder("status", "message", "correlationId");
        assertThat(error.get("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(java.util.UUID.fromString(error.get("correlationId").asText())).isNotNull();
    }
}
