package io.crmsync.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The local rule's retries of a failed asynchronous invocation: twice, after Lambda's waits when they are set. */
class EventBridgeRuleTest {

    final HttpClient http = HttpClient.newHttpClient();

    String poll(RuntimeApi api) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://" + api.address()
                + "/2018-06-01/runtime/invocation/next")).build(), HttpResponse.BodyHandlers.ofString()).headers()
                .firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
    }

    void answer(RuntimeApi api, String requestId, String outcome) throws Exception {
        http.send(HttpRequest.newBuilder(URI.create("http://" + api.address() + "/2018-06-01/runtime/invocation/"
                + requestId + "/" + outcome)).POST(HttpRequest.BodyPublishers.ofString("{\"errorMessage\":\"x\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aFailedInvocationIsRetriedTwiceAfterTheSetWaitsThenParked() throws Exception {
        try (RuntimeApi api = new RuntimeApi("cdc", Duration.ofSeconds(10)); EventBridgeRule rule = new EventBridgeRule(api)) {
            rule.retryDelays(List.of(Duration.ofMillis(300), Duration.ofMillis(600)));
            http.send(HttpRequest.newBuilder(URI.create(rule.url())).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"detail\":{}}")).build(), HttpResponse.BodyHandlers.ofString());
            List<Long> attempts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                String id = poll(api);
                attempts.add(System.nanoTime());
                answer(api, id, "error");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (rule.failed().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(rule.failed()).hasSize(1);
            assertThat(rule.delivered()).isZero();
            assertThat(Duration.ofNanos(attempts.get(1) - attempts.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(Duration.ofNanos(attempts.get(2) - attempts.get(1))).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void aRetryThatSucceedsIsDeliveredNotParked() throws Exception {
        try (RuntimeApi api = new RuntimeApi("cdc", Duration.ofSeconds(10)); EventBridgeRule rule = new EventBridgeRule(api)) {
            rule.retryDelays(List.of(Duration.ofMillis(100), Duration.ofMillis(100)));
            http.send(HttpRequest.newBuilder(URI.create(rule.url())).POST(HttpRequest.BodyPublishers.ofString(
                    "{\"detail\":{}}")).build(), HttpResponse.BodyHandlers.ofString());
            answer(api, poll(api), "error");
            answer(api, poll(api), "response");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (rule.delivered() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(rule.delivered()).isEqualTo(1);
            assertThat(rule.failed()).isEmpty();
        }
    }
}
