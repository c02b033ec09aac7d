package io.crmsync.admin;

import static io.crmsync.admin.AdminRequests.body;
import static io.crmsync.admin.AdminRequests.errors;
import static io.crmsync.admin.AdminRequests.get;
import static io.crmsync.admin.AdminRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.adminhttp.AdminRouter;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.DeadLetters;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.sync.HubSpotListMembers;
import io.crmsync.tenant.Tenant;

/** Resync and dead-letter routes on a recording queue, a HubSpot list in memory and a fake dead-letter queue. */
class OperationsRoutesTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    final List<ChangeNotice> queued = new ArrayList<>();
    boolean queueDown;
    final NoticeQueue queue = notices -> {
        if (queueDown) {
            throw new NoticeQueue.EnqueueFailedException("down (test)", null);
        }
        queued.addAll(notices);
    };

    /** List 77 holds contacts 1..n, 250 a page, the cursor being the last id of the page. */
    int listSize = 600;
    String listType = "0-1";
    final List<String> pagesAsked = new ArrayList<>();
    final HubSpotListMembers lists = new HubSpotListMembers() {
        @Override
        public String objectTypeId(String listId) {
            if (!listId.equals("77")) {
                throw new ListNotFoundException(listId, "does not exist in HubSpot");
            }
            return listType;
        }

        @Override
        public Page members(String listId, String after) {
            pagesAsked.add(String.valueOf(after));
            int from = after == null ? 1 : Integer.parseInt(after) + 1;
            int to = Math.min(listSize, from + 249);
            List<String> ids = IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
            return new Page(ids, to < listSize ? Optional.of(Integer.toString(to)) : Optional.empty());
        }
    };

    final List<String> redrives = new ArrayList<>();
    boolean moveRunning;
    final DeadLetters deadLetters = new DeadLetters() {
        @Override
        public Count count() {
            return new Count(3, 1);
        }

        @Override
        public List<Move> recentMoves() {
            return List.of(new Move("task-1", "COMPLETED", 5, Optional.of(5L), Optional.empty()));
        }

        @Override
        public String redrive() {
            if (moveRunning) {
                throw new MoveAlreadyRunningException(new Move("task-2", "RUNNING", 120, Optional.of(300L),
                        Optional.empty()));
            }
            redrives.add("task-2");
            return "task-2";
        }
    };

    final InMemoryTenants tenants = new InMemoryTenants().with(Tenant.unconnected("acme", Optional.empty()));
    final AdminRouter router = new AdminRouter(List.of(new OperationsRoutes(tenants,
            new ResyncByIdOrList(queue, lists, Clock.fixed(NOW, ZoneOffset.UTC)), deadLetters, AdminRequests.HTTP)), AdminRequests.HTTP);

    HttpResponseEvent resync(String body) {
        return router.handle(json("POST", "/tenants/acme/resync", body));
    }

    @Test
    void hubSpotRecordsAreQueuedAsUpdateNoticesOfAHundredIdsOnce() {
        String ids = IntStream.rangeClosed(1, 250).mapToObj(i -> "\"" + (1000 + i) + "\"")
                .reduce((a, b) -> a + "," + b).orElseThrow();

        HttpResponseEvent answer = resync("{\"hubspot\": {\"type\": \"contact\", \"ids\": [" + ids + ", 1001]}}");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(body(answer).path("queued").asInt()).isEqualTo(250);
        assertThat(body(answer).path("notices").asInt()).isEqualTo(3);
        assertThat(queued).extracting(n -> n.recordIds().size()).containsExactly(100, 100, 50);
        ChangeNotice first = queued.get(0);
        assertThat(first.tenantId()).isEqualTo("acme");
        assertThat(first.source()).isEqualTo(ChangeNotice.SourceSystem.HUBSPOT);
        assertThat(first.objectType()).isEqualTo("contact");
        assertThat(first.kind()).isEqualTo(ChangeNotice.ChangeKind.UPDATED);
        assertThat(first.occurredAt()).isEqualTo(NOW);
        assertThat(first.hints()).isEqualTo(Map.of("via", "admin-resync"));
        assertThat(first.recordIds().get(0)).isEqualTo("1001");
    }

    @Test
    void salesforceRecordsAreQueuedByTheirObject() {
        HttpResponseEvent answer = resync("{\"salesforce\": {\"type\": \"Lead\", \"ids\": [\"00Q5g00000AbCdE\","
                + " \"00Q5g00000AbCdEEAZ\"]}}");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(queued).singleElement().satisfies(n -> {
            assertThat(n.source()).isEqualTo(ChangeNotice.SourceSystem.SALESFORCE);
            assertThat(n.objectType()).isEqualTo("Lead");
            assertThat(n.recordIds()).containsExactly("00Q5g00000AbCdE", "00Q5g00000AbCdEEAZ");
        });
    }

    @Test
    void aHubSpotListIsReadPageByPageAndQueuedAsItsType() {
        listType = "0-2";

        HttpResponseEvent answer = resync("{\"hubspotList\": \"77\"}");

        assertThat(answer.statusCode()).isEqualTo(202);
        JsonNode body = body(answer);
        assertThat(body.path("queued").asInt()).isEqualTo(600);
        assertThat(body.path("objectType").asText()).isEqualTo("company");
        assertThat(body.has("after")).isFalse();
        assertThat(pagesAsked).containsExactly("null", "250", "500");
        assertThat(queued).extracting(n -> n.recordIds().size()).containsExactly(100, 100, 50, 100, 100, 50, 100);
        assertThat(queued).allMatch(n -> n.objectType().equals("company"));
    }

    @Test
    void aListLongerThanOneCallAnswersWhereToGoOn() {
        listSize = 250 * ResyncByIdOrList.MAX_LIST_PAGES + 10;

        JsonNode first = body(resync("{\"hubspotList\": \"77\"}"));

        assertThat(first.path("queued").asInt()).isEqualTo(250 * ResyncByIdOrList.MAX_LIST_PAGES);
        assertThat(first.path("complete").asBoolean(true)).isFalse();
        String after = first.path("after").asText();
        assertThat(after).isEqualTo(Integer.toString(250 * ResyncByIdOrList.MAX_LIST_PAGES));

        JsonNode rest = body(resync("{\"hubspotList\": \"77\", \"after\": \"" + after + "\"}"));
        assertThat(rest.path("queued").asInt()).isEqualTo(10);
        assertThat(rest.has("after")).isFalse();
    }

    @Test
    void badResyncRequestsAre400NamingTheFieldAndQueueNothing() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{}", "body: give exactly one of");
        cases.put("{\"hubspot\": {\"type\": \"contact\", \"ids\": [\"1\"]}, \"hubspotList\": \"77\"}",
                "body: give exactly one of");
        cases.put("{\"zoho\": {}}", "zoho: unknown; give exactly one of");
        cases.put("{\"hubspot\": [1, 2]}", "hubspot: must be an object");
        cases.put("{\"hubspot\": {\"ids\": [\"1\"]}}", "hubspot.type: required, a string");
        cases.put("{\"hubspot\": {\"type\": \"contact\"}}", "hubspot.ids: required, a list of record ids");
        cases.put("{\"hubspot\": {\"type\": \"ticket\", \"ids\": [\"1\"]}}", "hubspot.type: \"ticket\" is not one of");
        cases.put("{\"hubspot\": {\"type\": \"contact\", \"ids\": []}}", "hubspot.ids: give at least one id");
        cases.put("{\"hubspot\": {\"type\": \"contact\", \"ids\": [\"12a\"]}}",
                "hubspot.ids[0]: \"12a\" is not a HubSpot record id (digits)");
        cases.put("{\"hubspot\": {\"type\": \"contact\", \"ids\": [\"1\", {\"id\": 2}]}}",
                "hubspot.ids[1]: must be a string or a number");
        cases.put("{\"hubspot\": {\"type\": \"contact\", \"ids\": [\"1\"], \"kind\": \"x\"}}",
                "hubspot.kind: unknown");
        cases.put("{\"salesforce\": {\"type\": \"Lead\", \"ids\": [\"0035g00000AbCdEEAZ\"]}}",
                "salesforce.ids[0]: \"0035g00000AbCdEEAZ\" is not a Lead id (Lead ids start with 00Q)");
        cases.put("{\"salesforce\": {\"type\": \"Lead\", \"ids\": [\"00Q5g\"]}}",
                "salesforce.ids[0]: \"00Q5g\" is not a 15- or 18-character Salesforce id");
        cases.put("{\"salesforce\": {\"type\": \"Case\", \"ids\": [\"5005g00000AbCdE\"]}}",
                "salesforce.type: \"Case\" is not one of Account, Contact, Lead, Opportunity, Task");
        cases.put("{\"hubspotList\": \"my list\"}", "hubspotList: must be a HubSpot list id");
        cases.put("{\"hubspotList\": \"78\"}", "hubspotList: HubSpot list 78 does not exist in HubSpot");
        cases.put("{\"hubspotList\": \"77\", \"after\": 5}", "after: must be the cursor string");
        cases.put("[1]", "body: must be a JSON object");
        cases.forEach((body, error) -> {
            HttpResponseEvent answer = resync(body);
            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(errors(answer)).as(body).anyMatch(e -> e.startsWith(error));
        });
        String tooMany = IntStream.rangeClosed(1, ResyncByIdOrList.MAX_IDS + 1).mapToObj(Integer::toString)
                .reduce((a, b) -> a + "," + b).orElseThrow();
        assertThat(errors(resync("{\"hubspot\": {\"type\": \"contact\", \"ids\": [" + tooMany + "]}}")))
                .containsExactly("hubspot.ids: 1001 ids; at most 1000 a call (for more, resync a HubSpot list, or call"
                        + " again)");
        assertThat(queued).isEmpty();
    }

    @Test
    void aListOfATypeThatDoesNotSyncIsRefused() {
        listType = "0-5";

        HttpResponseEvent answer = resync("{\"hubspotList\": \"77\"}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(errors(answer)).containsExactly("hubspotList: list 77 holds object type 0-5; crmsync syncs"
                + " contacts (0-1), companies (0-2) and deals (0-3)");
        assertThat(pagesAsked).isEmpty();
    }

    @Test
    void anUnknownTenantIs404AndAQueueOutageIs503() {
        assertThat(router.handle(json("POST", "/tenants/nobody/resync", "{\"hubspotList\": \"77\"}")).statusCode())
                .isEqualTo(404);
        queueDown = true;
        HttpResponseEvent down = resync("{\"hubspot\": {\"type\": \"deal\", \"ids\": [\"5\"]}}");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(errors(down)).singleElement().asString().contains("call again");
    }

    @Test
    void deadLettersAreCountedAndRedrivenOneMoveAtATime() {
        JsonNode counted = body(router.handle(get("/dead-letters")));
        assertThat(counted.path("approximateCount").asLong()).isEqualTo(3);
        assertThat(counted.path("approximateInFlight").asLong()).isEqualTo(1);
        assertThat(counted.path("recentRedrives").get(0).path("status").asText()).isEqualTo("COMPLETED");
        assertThat(counted.path("recentRedrives").get(0).path("toMove").asLong()).isEqualTo(5);

        HttpResponseEvent started = router.handle(json("POST", "/dead-letters/redrive", null));
        assertThat(started.statusCode()).isEqualTo(202);
        assertThat(body(started).path("taskHandle").asText()).isEqualTo("task-2");
        assertThat(redrives).hasSize(1);

        moveRunning = true;
        HttpResponseEvent refused = router.handle(json("POST", "/dead-letters/redrive", null));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(errors(refused)).containsExactly("a redrive of the dead-letter queue is already running (task"
                + " task-2, 120 of 300 moved so far); GET /dead-letters shows its progress");
        assertThat(body(refused).path("running").path("taskHandle").asText()).isEqualTo("task-2");
        assertThat(body(refused).path("running").path("moved").asLong()).isEqualTo(120);
        assertThat(redrives).hasSize(1);
    }
}
