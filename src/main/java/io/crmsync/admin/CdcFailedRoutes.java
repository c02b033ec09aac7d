package io.crmsync.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.crmsync.adminhttp.AdminApiException;
import io.crmsync.adminhttp.AdminHttp;
import io.crmsync.adminhttp.AdminRoute;
import io.crmsync.adminhttp.AdminRoutes;
import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;
import io.crmsync.notice.DeadLetters;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.notice.ParkedEventReplay;

/**
 * The Salesforce Change Data Capture events that failed to reach the intake (parked in cdc-failed-events): how
 * many wait, and replaying them into change notices once what failed them is fixed.
 */
@ApplicationScoped
public class CdcFailedRoutes implements AdminRoutes {

    static final AdminRoute COUNT = AdminRoute.of("GET", "/cdc-failed");
    static final AdminRoute REPLAY = AdminRoute.of("POST", "/cdc-failed/replay");
    public static final List<AdminRoute> ROUTES = List.of(COUNT, REPLAY);

    /** One call replays this many unless told otherwise; 10 per SQS round trip, well inside the 120 s timeout. */
    static final int DEFAULT_MAX = 500;
    static final int LIMIT = 2000;

    private final ParkedEventReplay replay;
    private final AdminHttp http;

    @Inject
    public CdcFailedRoutes(ParkedEventReplay replay, AdminHttp http) {
        this.replay = replay;
        this.http = http;
    }

    @Override
    public List<AdminRoute> routes() {
        return ROUTES;
    }

    @Override
    public Optional<HttpResponseEvent> handle(HttpRequestEvent request) {
        return AdminRoute.find(ROUTES, request).map(match -> match.route() == COUNT ? count() : replay(request));
    }

    private HttpResponseEvent count() {
        DeadLetters.Count count = replay.count();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("approximateCount", count.waiting());
        view.put("approximateInFlight", count.inFlight());
        return http.ok(view);
    }

    private HttpResponseEvent replay(HttpRequestEvent request) {
        int max = max(AdminHttp.query(request, "max"));
        ParkedEventReplay.Report report;
        try {
            report = replay.replay(max);
        } catch (NoticeQueue.EnqueueFailedException e) {
            throw new AdminApiException(503, List.of("the change queue did not take the notices; nothing was lost:"
                    + " the events not replayed stay parked (hidden for two minutes) — call again"));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("replayed", report.replayed());
        answer.put("notices", report.notices());
        answer.put("unparseable", report.unparseable());
        answer.put("approximateLeft", report.left());
        answer.put("complete", report.complete());
        answer.put("problems", report.problems());
        if (!report.complete()) {
            answer.put("next", "stopped after " + max + " events with more parked: call again");
        } else if (report.unparseable() > 0) {
            answer.put("next", "the unparseable events stay parked (see problems); they are read again after two"
                    + " minutes");
        }
        return http.ok(answer);
    }

    private static int max(Optional<String> given) {
        if (given.isEmpty()) {
            return DEFAULT_MAX;
        }
        try {
            int max = Integer.parseInt(given.get().strip());
            if (max >= 1 && max <= LIMIT) {
                return max;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw AdminApiException.badRequest("max: a whole number from 1 to " + LIMIT);
    }
}
