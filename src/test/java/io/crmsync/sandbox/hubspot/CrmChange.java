package io.crmsync.sandbox.hubspot;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A change in the portal that webhooks report; the stores emit them in the order the changes happened. */
sealed interface CrmChange {

    Instant occurredAt();

    ChangeSource source();

    /**
     * A create or update: the properties it set or changed, in request order; a cleared property has "".
     */
    record PropertiesWritten(HubSpotObjectType type, long objectId, boolean creation, Map<String, String> changed,
            Instant occurredAt, ChangeSource source) implements CrmChange {
        public PropertiesWritten {
            changed = Collections.unmodifiableMap(new LinkedHashMap<>(changed));
        }
    }

    /** Moved to the recycle bin, or (privacyDeletion) erased for GDPR. */
    record Deleted(HubSpotObjectType type, long objectId, boolean privacyDeletion, Instant occurredAt,
            ChangeSource source) implements CrmChange {
    }

    /** Taken back out of the recycle bin. */
    record Restored(HubSpotObjectType type, long objectId, Instant occurredAt, ChangeSource source)
            implements CrmChange {
    }

    /** {@code mergedObjectIds} were merged into {@code primaryObjectId}, which lives on as {@code newObjectId}. */
    record Merged(HubSpotObjectType type, long primaryObjectId, List<Long> mergedObjectIds, long newObjectId,
            int numberOfPropertiesMoved, Instant occurredAt, ChangeSource source) implements CrmChange {
        public Merged {
            mergedObjectIds = List.copyOf(mergedObjectIds);
        }
    }

    /** One direction of an association added or removed; associationType is e.g. "CONTACT_TO_COMPANY". */
    record AssociationChanged(HubSpotObjectType fromType, long fromObjectId, long toObjectId, String associationType,
            boolean associationRemoved, boolean isPrimaryAssociation, Instant occurredAt, ChangeSource source)
            implements CrmChange {
    }
}
