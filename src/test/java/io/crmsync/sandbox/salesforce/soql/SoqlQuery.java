package io.crmsync.sandbox.salesforce.soql;

import java.util.List;
import java.util.OptionalInt;

/**
 * A parsed query: the syntax tree the engine runs. Names are as written; the engine resolves them against
 * the schema.
 */
public record SoqlQuery(List<Field> select, boolean countOnly, Field from, Condition where, List<Order> orderBy,
        OptionalInt limit, OptionalInt offset, String text) {

    public SoqlQuery {
        select = List.copyOf(select);
        orderBy = List.copyOf(orderBy);
    }

    /** A field or object name with where it stands in the query, for error messages. */
    public record Field(String name, int position) {
    }

    public record Order(Field field, boolean ascending, boolean nullsFirst) {
    }

    /** A WHERE condition; null in {@link SoqlQuery#where} means none. */
    public sealed interface Condition {
    }

    public record And(List<Condition> terms) implements Condition {
    }

    public record Or(List<Condition> terms) implements Condition {
    }

    public record Not(Condition term) implements Condition {
    }

    /** {@code field op value}; op is one of = != < <= > >=. */
    public record Comparison(Field field, String operator, Literal value) implements Condition {
    }

    public record In(Field field, List<Literal> values, boolean negated) implements Condition {
    }

    public record Like(Field field, Literal pattern) implements Condition {
    }

    /** A literal as written: kind tells string, number, boolean, null, date or datetime. */
    public record Literal(Token.Kind kind, String text, int position) {
        private static final java.util.regex.Pattern RELATIVE_DATE = java.util.regex.Pattern.compile(
                "(?i)TODAY|YESTERDAY|TOMORROW|(LAST|NEXT)_N_DAYS:\\d+");

        public boolean isNull() {
            return kind == Token.Kind.IDENTIFIER && text.equalsIgnoreCase("null");
        }

        /** TODAY, YESTERDAY, TOMORROW, LAST_N_DAYS:n, NEXT_N_DAYS:n: a range of days relative to today. */
        public boolean isRelativeDate() {
            return kind == Token.Kind.IDENTIFIER && RELATIVE_DATE.matcher(text).matches();
        }

        public boolean isBoolean() {
            return kind == Token.Kind.IDENTIFIER && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"));
        }
    }
}
