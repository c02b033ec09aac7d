package io.crmsync.sandbox.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HubSpot-defined association types between the sandbox's object types, with their ids as the v4 API uses
 * them (contact→company 279 unlabelled, 1 primary; deal→contact 3; deal→company 341, 5 primary; each
 * engagement type to contacts, companies and deals: task 204/192/216, call 194/182/206, email 198/186/210,
 * meeting 200/188/212, note 202/190/214) and each one's inverse.
 */
final class AssociationTypes {

    /** One direction of a HubSpot-defined association type. */
    record Definition(HubSpotObjectType from, HubSpotObjectType to, int typeId, int inverseTypeId, boolean primary) {

        /** "Primary" for primary types; unlabelled ones have no label. */
        String label() {
            return primary ? "Primary" : null;
        }

        /** The webhook name, "CONTACT_TO_COMPANY". */
        String webhookName() {
            return from.errorLabel() + "_TO_" + to.errorLabel();
        }
    }

    static final String HUBSPOT_DEFINED = "HUBSPOT_DEFINED";

    private final List<Definition> definitions;

    AssociationTypes(List<HubSpotObjectType> types) {
        List<Definition> all = new ArrayList<>();
        pair(all, types, "contacts", "companies", 279, 280, false);
        pair(all, types, "contacts", "companies", 1, 2, true);
        pair(all, types, "deals", "contacts", 3, 4, false);
        pair(all, types, "deals", "companies", 341, 342, false);
        pair(all, types, "deals", "companies", 5, 6, true);
        pair(all, types, "tasks", "contacts", 204, 203, false);
        pair(all, types, "tasks", "companies", 192, 191, false);
        pair(all, types, "tasks", "deals", 216, 215, false);
        pair(all, types, "calls", "contacts", 194, 193, false);
        pair(all, types, "calls", "companies", 182, 181, false);
        pair(all, types, "calls", "deals", 206, 205, false);
        pair(all, types, "emails", "contacts", 198, 197, false);
        pair(all, types, "emails", "companies", 186, 185, false);
        pair(all, types, "emails", "deals", 210, 209, false);
        pair(all, types, "meetings", "contacts", 200, 199, false);
        pair(all, types, "meetings", "companies", 188, 187, false);
        pair(all, types, "meetings", "deals", 212, 211, false);
        pair(all, types, "notes", "contacts", 202, 201, false);
        pair(all, types, "notes", "companies", 190, 189, false);
        pair(all, types, "notes", "deals", 214, 213, false);
        this.definitions = List.copyOf(all);
    }

    private static void pair(List<Definition> all, List<HubSpotObjectType> types, String from, String to, int typeId,
            int inverseId, boolean primary) {
        Optional<HubSpotObjectType> a = types.stream().filter(t -> t.pathName().equals(from)).findFirst();
        Optional<HubSpotObjectType> b = types.stream().filter(t -> t.pathName().equals(to)).findFirst();
        if (a.isPresent() && b.isPresent()) {
            all.add(new Definition(a.get(), b.get(), typeId, inverseId, primary));
            all.add(new Definition(b.get(), a.get(), inverseId, typeId, primary));
        }
    }

    /** The unlabelled type between two object types (what "default" associations use). */
    Optional<Definition> defaultBetween(HubSpotObjectType from, HubSpotObjectType to) {
        return definitions.stream().filter(d -> d.from().equals(from) && d.to().equals(to) && !d.primary()).findFirst();
    }

    Optional<Definition> byId(HubSpotObjectType from, HubSpotObjectType to, int typeId) {
        return definitions.stream().filter(d -> d.from().equals(from) && d.to().equals(to) && d.typeId() == typeId)
                .findFirst();
    }

    /** Any direction with this id: for creates with associations, where only the id names the target type. */
    Optional<Definition> byId(HubSpotObjectType from, int typeId) {
        return definitions.stream().filter(d -> d.from().equals(from) && d.typeId() == typeId).findFirst();
    }

    Definition inverse(Definition definition) {
        return byId(definition.to(), definition.from(), definition.inverseTypeId()).orElseThrow();
    }

    boolean related(HubSpotObjectType from, HubSpotObjectType to) {
        return defaultBetween(from, to).isPresent();
    }
}
