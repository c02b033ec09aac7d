package io.crmsync.admin;

import static io.crmsync.admin.AdminRequests.body;
import static io.crmsync.admin.AdminRequests.errors;
import static io.crmsync.admin.AdminRequests.get;
import static io.crmsync.admin.AdminRequests.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.adminhttp.AdminRouter;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.notice.DeadLetters;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.notice.ParkedEventReplay;

/** The cdc-failed routes over a scripted replay: counts, the maximum per call, a change queue outage. */
class CdcFailedRoutesTest {

    final List<Integer> replays = new ArrayList<>();
    boolean queueDown;
    final ParkedEventReplay replay = new ParkedEventReplay() {
        @Override
        public DeadLetters.Count count() {
            return new DeadLetters.Count(12, 3);
        }

        @Override
        public Report replay(int maxEvents) {
            if (queueDown) {
                throw new NoticeQueue.EnqueueFailedException("down (test)", null);
            }
            replays.add(maxEvents);
            return new Report(10, 9, 1, 4, false, List.of("m-1: not JSON (parked after SDK_CLIENT_ERROR: x)"));
        }
    };
    final AdminRouter router = new AdminRouter(List.of(new CdcFailedRoutes(replay, AdminRequests.HTTP)),
            AdminRequests.HTTP);

    @Test
    void countsAndReplaysWithinTheMaximum() {
        JsonNode counted = body(router.handle(get("/cdc-failed")));
        assertThat(counted.path("approximateCount").asLong()).isEqualTo(12);
        assertThat(counted.path("approximateInFlight").asLong()).isEqualTo(3);

        HttpResponseEvent replayed = router.handle(json("POST", "/cdc-failed/replay", null));
        assertThat(replayed.statusCode()).isEqualTo(200);
        JsonNode report = body(replayed);
        assertThat(report.path("replayed").asInt()).isEqualTo(10);
        assertThat(report.path("notices").asInt()).isEqualTo(9);
        assertThat(report.path("unparseable").asInt()).isEqualTo(1);
        assertThat(report.path("approximateLeft").asLong()).isEqualTo(4);
        assertThat(report.path("complete").asBoolean()).isFalse();
        assertThat(report.path("next").asText()).contains("call again");
        assertThat(report.path("problems").get(0).asText()).startsWith("m-1: not JSON");

        router.handle(json("POST", "/cdc-failed/replay?max=2000", null));
        assertThat(replays).containsExactly(CdcFailedRoutes.DEFAULT_MAX, 2000);
        for (String bad : List.of("0", "2001", "ten")) {
            HttpResponseEvent refused = router.handle(json("POST", "/cdc-failed/replay?max=" + bad, null));
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(errors(refused)).containsExactly("max: a whole number from 1 to 2000");
        }
        assertThat(replays).hasSize(2);
    }

    @Test
    void aChangeQueueOutageIsA503ThatSaysNothingWasLost() {
        queueDown = true;

        HttpResponseEvent answer = router.handle(json("POST", "/cdc-failed/replay", null));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(errors(answer)).singleElement().asString().contains("nothing was lost");
    }
}
