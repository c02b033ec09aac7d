package io.crmsync.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One element of the JSON array HubSpot POSTs to a webhook (Webhooks v3). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HubSpotWebhookEvent(
        Long eventId,
        Long subscriptionId,
        Long portalId,
        Long appId,
        Long occurredAt,
        String subscriptionType,
        Integer attemptNumber,
        Long objectId,
        String propertyName,
        String propertyValue,
        String changeSource,
        String sourceId,
        Long primaryObjectId,
        List<Long> mergedObjectIds,
        Long newObjectId,
        Integer numberOfPropertiesMoved,
        String associationType,
        Long fromObjectId,
        Long toObjectId,
        Boolean associationRemoved,
        Boolean isPrimaryAssociation) {

    /** "contact" for "contact.propertyChange". */
    public String objectType() {
        int dot = subscriptionType == null ? -1 : subscriptionType.indexOf('.');
        return dot < 0 ? "" : subscriptionType.substring(0, dot);
    }

    /** "propertyChange" for "contact.propertyChange". */
    public String action() {
        int dot = subscriptionType == null ? -1 : subscriptionType.indexOf('.');
        return dot < 0 ? "" : subscriptionType.substring(dot + 1);
    }
}
