package io.crmsync.sandbox.hubspot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One element of the JSON array a Webhooks v3 POST carries, with HubSpot's field names. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "eventId", "subscriptionId", "portalId", "appId", "occurredAt", "subscriptionType",
        "attemptNumber", "objectId", "propertyName", "propertyValue", "changeSource", "sourceId" })
public record WebhookEvent(long eventId, long subscriptionId, long portalId, long appId, long occurredAt,
        String subscriptionType, int attemptNumber, long objectId, String propertyName, String propertyValue,
        String changeSource, String sourceId) {

    /** The same event as sent on a later attempt. */
    public WebhookEvent withAttempt(int attempt) {
        return new WebhookEvent(eventId, subscriptionId, portalId, appId, occurredAt, subscriptionType, attempt,
                objectId, propertyName, propertyValue, changeSource, sourceId);
    }
}
