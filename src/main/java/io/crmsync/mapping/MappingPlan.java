package io.crmsync.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import io.crmsync.mapping.MappingValidator.PropertyCreation;

/**
 * What applying new mappings would change, field by field, as lines a person reviews before applying (the
 * review step of HubSpot's mapping wizard): HubSpot properties to create, then per pair the mappings added,
 * removed and changed (old → new), and changed required defaults.
 */
public final class MappingPlan {

    private MappingPlan() {
    }

    /**
     * @param current the mappings in force for every pair (stored or preset)
     * @param proposed the validated new mappings; only these pairs are compared
     */
    public static List<String> between(Map<ObjectPair, ObjectMapping> current, Map<ObjectPair, ObjectMapping> proposed,
            List<PropertyCreation> creations) {
        List<String> lines = new ArrayList<>();
        for (PropertyCreation creation : creations) {
            MappingsFile.NewHubSpotProperty p = creation.property();
            lines.add("create HubSpot property " + creation.objectType() + "." + p.name() + " \"" + p.label() + "\" ("
                    + p.type() + "/" + p.fieldType() + (p.options().isEmpty() ? "" : ", " + p.options().size()
                            + " options") + ") in group " + HubSpotSchema.GROUP);
        }
        for (ObjectPair pair : ObjectPair.values()) {
            ObjectMapping next = proposed.get(pair);
            if (next == null) {
                continue;
            }
            ObjectMapping before = current.get(pair);
            String idBefore = before == null ? pair.defaultIdField() : before.salesforceIdField();
            List<String> changes = new ArrayList<>();
            if (!idBefore.equals(next.salesforceIdField())) {
                // Records stamped in the old field are no longer found by it: say so before it is applied.
                changes.add("changed " + ObjectMappingKeys.SALESFORCE_ID_FIELD + ": " + idBefore + " → "
                        + next.salesforceIdField() + " (records are upserted and paired by the new field from now on)");
            }
            changes.addAll(changes(before == null ? List.of() : before.fields(), next.fields()));
            changes.addAll(defaultChanges(before == null ? Map.of() : before.requiredDefaults(),
                    next.requiredDefaults()));
            String name = PairNames.of(pair);
            if (changes.isEmpty()) {
                lines.add(name + ": no changes");
            } else {
                changes.forEach(change -> lines.add(name + ": " + change));
            }
        }
        return lines;
    }

    private static List<String> changes(List<FieldMapping> before, List<FieldMapping> after) {
        Map<String, FieldMapping> old = byEnds(before);
        Map<String, FieldMapping> next = byEnds(after);
        List<String> lines = new ArrayList<>();
        next.forEach((ends, field) -> {
            FieldMapping was = old.get(ends);
            if (was == null) {
                lines.add("added " + ends + " (" + PairNames.of(field.rule()) + ", " + PairNames.of(field.kind())
                        + values(field.valueMap()) + ")");
            } else if (!was.equals(field)) {
                List<String> what = new ArrayList<>();
                if (was.rule() != field.rule()) {
                    what.add("rule " + PairNames.of(was.rule()) + " → " + PairNames.of(field.rule()));
                }
                if (was.kind() != field.kind()) {
                    what.add("kind " + PairNames.of(was.kind()) + " → " + PairNames.of(field.kind()));
                }
                if (!was.valueMap().equals(field.valueMap())) {
                    what.add("values " + new TreeMap<>(was.valueMap()) + " → " + new TreeMap<>(field.valueMap()));
                }
                lines.add("changed " + ends + ": " + String.join("; ", what));
            }
        });
        old.forEach((ends, field) -> {
            if (!next.containsKey(ends)) {
                lines.add("removed " + ends + " (was " + PairNames.of(field.rule()) + ")");
            }
        });
        return lines;
    }

    private static List<String> defaultChanges(Map<String, String> before, Map<String, String> after) {
        List<String> lines = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String was = before.get(name);
            String now = after.get(name);
            if (was == null) {
                lines.add("added required default " + name + " = \"" + now + "\"");
            } else if (now == null) {
                lines.add("removed required default " + name + " (was \"" + was + "\")");
            } else if (!Objects.equals(was, now)) {
                lines.add("changed required default " + name + ": \"" + was + "\" → \"" + now + "\"");
            }
        }
        return lines;
    }

    private static Map<String, FieldMapping> byEnds(List<FieldMapping> fields) {
        Map<String, FieldMapping> map = new LinkedHashMap<>();
        fields.forEach(f -> map.put(f.hubSpotProperty() + " → " + f.salesforceField(), f));
        return map;
    }

    private static String values(Map<String, String> valueMap) {
        return valueMap.isEmpty() ? "" : ", values " + new TreeMap<>(valueMap);
    }
}
