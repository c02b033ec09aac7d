package io.crmsync.mapping;

import java.util.Optional;

/**
 * Why a mappings.yaml cannot be applied: which object pair and field, where in the file, and the reason.
 *
 * @param field the mapping ("email → Email"), the property or field, or empty for the pair or the file itself
 * @param line 1-based line in mappings.yaml, or 0 when unknown
 */
public record MappingError(Optional<ObjectPair> pair, String field, int line, String reason) {

    public static MappingError inFile(int line, String reason) {
        return new MappingError(Optional.empty(), "", line, reason);
    }

    public static MappingError inPair(ObjectPair pair, String field, int line, String reason) {
        return new MappingError(Optional.of(pair), field, line, reason);
    }

    /** "line 12, contact_lead, email → Email: Mismatched Types: …". */
    public String message() {
        StringBuilder where = new StringBuilder();
        if (line > 0) {
            where.append("line ").append(line);
        }
        pair.ifPresent(p -> where.append(where.isEmpty() ? "" : ", ").append(PairNames.of(p)));
        if (!field.isEmpty()) {
            where.append(where.isEmpty() ? "" : ", ").append(field);
        }
        return where.isEmpty() ? reason : where + ": " + reason;
    }

    @Override
    public String toString() {
        return message();
    }
}
