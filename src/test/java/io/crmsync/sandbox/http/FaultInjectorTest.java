package io.crmsync.sandbox.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    static List<Integer> decisions(FaultInjector faults, int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(faults.errorStatusForNextCall());
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameFaults() {
        FaultInjector a = new FaultInjector();
        FaultInjector b = new FaultInjector();
        FaultInjector.Settings settings = new FaultInjector.Settings(42, 0.3, List.of(429, 503), Duration.ZERO, 0, 0);
        a.configure(settings);
        b.configure(settings);
        List<Integer> first = decisions(a, 1000);
        assertThat(decisions(b, 1000)).isEqualTo(first);
        long errors = first.stream().filter(s -> s != 0).count();
        assertThat(errors).isBetween(250L, 350L);
        assertThat(first).contains(429, 503);
        a.configure(settings);
        assertThat(decisions(a, 1000)).isEqualTo(first);
    }

    @Test
    void notificationsAreDroppedOrDuplicatedInTheirShare() {
        FaultInjector faults = new FaultInjector();
        faults.configure(new FaultInjector.Settings(7, 0, List.of(), Duration.ZERO, 0.05, 0.1));
        int dropped = 0;
        int doubled = 0;
        for (int i = 0; i < 10_000; i++) {
            int copies = faults.copiesOfNextNotification();
            dropped += copies == 0 ? 1 : 0;
            doubled += copies == 2 ? 1 : 0;
        }
        assertThat(dropped).isBetween(400, 600);
        assertThat(doubled).isBetween(850, 1050);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new FaultInjector.Settings(1, 1.5, List.of(500), Duration.ZERO, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FaultInjector.Settings(1, 0.5, List.of(), Duration.ZERO, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServerAnswersInjectedErrorsInTheApisShapeAndCountsThem() throws Exception {
        Router router = new Router();
        router.get("/ok", r -> SandboxResponse.json(200, Map.of("ok", true)));
        router.get(SandboxHttpServer.ADMIN_PREFIX + "ping", r -> SandboxResponse.json(200, Map.of("ok", true)));
        SandboxHttpServer server = new SandboxHttpServer("test", router);
        server.start(0);
        try {
            server.faultResponse(status -> SandboxResponse.json(status, Map.of("errorType", "RATE_LIMIT")));
            server.faults().configure(new FaultInjector.Settings(1, 1.0, List.of(429), Duration.ZERO, 0, 0));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> faulted = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/ok"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(faulted.statusCode()).isEqualTo(429);
            assertThat(faulted.body()).contains("RATE_LIMIT");
            assertThat(server.counter().calls("GET /ok")).isEqualTo(1);
            HttpResponse<String> admin = http.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                    + SandboxHttpServer.ADMIN_PREFIX + "ping")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(admin.statusCode()).isEqualTo(200);
        } finally {
            server.close();
        }
    }
}
