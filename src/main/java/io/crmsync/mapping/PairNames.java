package io.crmsync.mapping;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The names mappings.yaml uses for object pairs, rules and kinds: lower snake case of the enum constants. */
public final class PairNames {

    private PairNames() {
    }

    /** contact_lead, company_account … */
    public static String of(ObjectPair pair) {
        return pair.name().toLowerCase(Locale.ROOT);
    }

    public static String of(SyncRule rule) {
        return rule.name().toLowerCase(Locale.ROOT);
    }

    public static String of(FieldKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ObjectPair> pair(String name) {
        return constant(ObjectPair.class, name);
    }

    public static Optional<SyncRule> rule(String name) {
        return constant(SyncRule.class, name);
    }

    public static Optional<FieldKind> kind(String name) {
        return constant(FieldKind.class, name);
    }

    /** The accepted names, for "use one of …" messages. */
    public static String choices(Class<? extends Enum<?>> type) {
        return String.join(" | ", Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                .toList());
    }

    private static <E extends Enum<E>> Optional<E> constant(Class<E> type, String name) {
        String normalised = name.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(type.getEnumConstants()).filter(c -> c.name().equals(normalised)).findFirst();
    }
}
