package io.crmsync.sandbox.hubspot;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One element of the JSON array a Webhooks v3 POST carries, with HubSpot's field names; fields a kind of event
 * does not have are left out (merge events carry the merge fields, association events the association ones).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "eventId", "subscriptionId", "portalId", "appId", "occurredAt", "subscriptionType",
        "attemptNumber", "objectId", "propertyName", "propertyValue", "changeSource", "sourceId", "primaryObjectId",
        "mergedObjectIds", "newObjectId", "numberOfPropertiesMoved", "associationType", "fromObjectId", "toObjectId",
        "associationRemoved", "isPrimaryAssociation" })
public record WebhookEvent(long eventId, long subscriptionId, long portalId, long appId, long occurredAt,
        String subscriptionType, int attemptNumber, Long objectId, String propertyName, String propertyValue,
        String changeSource, String sourceId, Long primaryObjectId, List<Long> mergedObjectIds, Long newObjectId,
        Integer numberOfPropertiesMoved, String associationType, Long fromObjectId, Long toObjectId,
        Boolean associationRemoved, @JsonProperty("isPrimaryAssociation") Boolean isPrimaryAssociation) {

    /** A creation, deletion, restore or property change of one record. */
    static WebhookEvent ofObject(long eventId, long subscriptionId, long portalId, long appId, long occurredAt,
            String subscriptionType, long objectId, String propertyName, String propertyValue, ChangeSource source) {
        return new WebhookEvent(eventId, subscriptionId, portalId, appId, occurredAt, subscriptionType, 0, objectId,
                propertyName, propertyValue, source.changeSource(), source.sourceId(), null, null, null, null, null,
                null, null, null, null);
    }

    /** The same event as sent on a later attempt. */
    public WebhookEvent withAttempt(int attempt) {
        return new WebhookEvent(eventId, subscriptionId, portalId, appId, occurredAt, subscriptionType, attempt,
                objectId, propertyName, propertyValue, changeSource, sourceId, primaryObjectId, mergedObjectIds,
                newObjectId, numberOfPropertiesMoved, associationType, fromObjectId, toObjectId, associationRemoved,
                isPrimaryAssociation);
    }
}
