package io.crmsync.sandbox.hubspot;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook POST the sandbox made, and how it ended.
 *
 * @param attempt the attemptNumber its events carried (0 for the first try)
 * @param status  the HTTP status received, empty when the request failed (see {@code error})
 * @param error   a connection error or timeout, empty when a status came back
 */
public record WebhookDelivery(long sequence, URI target, List<WebhookEvent> events, String body,
        Map<String, String> headers, int attempt, Instant sentAt, Optional<Integer> status, Optional<String> error) {

    public WebhookDelivery {
        events = List.copyOf(events);
        headers = Map.copyOf(headers);
    }

    public boolean succeeded() {
        return status.map(s -> s >= 200 && s < 300).orElse(false);
    }
}
