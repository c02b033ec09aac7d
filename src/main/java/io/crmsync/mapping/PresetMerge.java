package io.crmsync.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import io.crmsync.mapping.MappingsFile.FieldSpec;
import io.crmsync.mapping.MappingsFile.PairSpec;

/**
 * {@code preset: recommended} with the file's own entries: each entry replaces the preset's entries of the same
 * HubSpot property or Salesforce field in place (or removes them with {@code remove: true}), and the rest are
 * added after. Apart from {@link MappingValidator} because it only decides which entries there are; the validator
 * then checks them all alike.
 */
final class PresetMerge {

    private PresetMerge() {
    }

    /**
     * The preset's mappings with the file's entries replacing (or removing) those of the same property or field.
     *
     * @param fieldError told an entry that cannot apply, and why
     * @param pairError told why the pair as a whole cannot use the preset
     */
    static List<FieldSpec> resolve(ObjectPair pair, PairSpec spec, BiConsumer<FieldSpec, String> fieldError,
            Consumer<String> pairError) {
        List<FieldSpec> result = new ArrayList<>();
        // By identity: an override may equal a preset entry field for field.
        Set<FieldSpec> fromPreset = Collections.newSetFromMap(new IdentityHashMap<>());
        if (spec.recommendedPreset()) {
            Optional<ObjectMapping> preset = RecommendedMappings.forPair(pair);
            if (preset.isEmpty()) {
                pairError.accept("there is no recommended preset for " + PairNames.of(pair)
                        + " yet: list its fields instead");
            } else {
                preset.get().fields().forEach(f -> {
                    FieldSpec entry = FieldSpec.of(f, spec.line());
                    result.add(entry);
                    fromPreset.add(entry);
                });
            }
        }
        for (FieldSpec field : spec.fields()) {
            if (field.remove() && !spec.recommendedPreset()) {
                fieldError.accept(field, "remove: true only applies with preset: recommended");
                continue;
            }
            int at = -1;
            for (int i = result.size() - 1; i >= 0; i--) {
                FieldSpec existing = result.get(i);
                if (fromPreset.contains(existing)
                        && (existing.hubSpotProperty().equals(field.hubSpotProperty())
                                || existing.salesforceField().equals(field.salesforceField()))) {
                    result.remove(i);
                    at = i;
                }
            }
            if (field.remove()) {
                if (at < 0 && spec.recommendedPreset()) {
                    fieldError.accept(field, "the recommended preset maps neither " + field.hubSpotProperty()
                            + " nor " + field.salesforceField() + ": nothing to remove");
                }
            } else if (at >= 0) {
                result.add(at, field);
            } else {
                result.add(field);
            }
        }
        return result;
    }
}
