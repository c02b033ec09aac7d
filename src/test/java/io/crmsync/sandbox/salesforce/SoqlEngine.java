package io.crmsync.sandbox.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.crmsync.sandbox.salesforce.soql.SoqlException;
import io.crmsync.sandbox.salesforce.soql.SoqlParser;
import io.crmsync.sandbox.salesforce.soql.SoqlQuery;
import io.crmsync.sandbox.salesforce.soql.SoqlQuery.Condition;
import io.crmsync.sandbox.salesforce.soql.SoqlQuery.Literal;
import io.crmsync.sandbox.salesforce.soql.Token;

/**
 * Runs parsed SOQL against the stores: resolves names against the schema (Salesforce's INVALID_TYPE and
 * INVALID_FIELD), checks literal types, filters, orders, pages and projects. Text compares without case,
 * as SOQL does; ids compare as 18-character ids.
 */
final class SoqlEngine {

    /** The result before JSON: records already projected, each with its attributes. */
    record Result(int totalSize, List<Map<String, Object>> records) {
    }

    private final Function<String, Optional<SObjectStore>> stores;
    private final String apiVersion;

    SoqlEngine(Function<String, Optional<SObjectStore>> stores, String apiVersion) {
        this.stores = stores;
        this.apiVersion = apiVersion;
    }

    Result run(String soql) {
        SoqlQuery query = SoqlParser.parse(soql);
        SObjectStore store = stores.apply(query.from().name()).orElseThrow(() -> SoqlException.at("INVALID_TYPE", soql,
                query.from().position(), "sObject type '" + query.from().name() + "' is not supported. If you are"
                        + " attempting to use a custom object, be sure to append the '__c' after the entity name."
                        + " Please reference your WSDL or the describe call for the appropriate names."));
        SObjectSchema schema = store.schema();
        List<FieldDef> selected = query.select().stream().map(f -> resolve(schema, soql, f)).toList();
        if (query.where() != null) {
            check(schema, soql, query.where());
        }
        List<Map<String, Object>> rows = new ArrayList<>(store.all());
        if (query.where() != null) {
            rows.removeIf(row -> !matches(schema, query.where(), row));
        }
        Comparator<Map<String, Object>> order = null;
        for (SoqlQuery.Order item : query.orderBy()) {
            FieldDef field = resolve(schema, soql, item.field());
            Comparator<Map<String, Object>> next = (a, b) -> compareForOrder(field, a.get(field.name()),
                    b.get(field.name()), item.ascending(), item.nullsFirst());
            order = order == null ? next : order.thenComparing(next);
        }
        if (order != null) {
            rows.sort(order);
        }
        int from = Math.min(rows.size(), query.offset().orElse(0));
        int to = Math.min(rows.size(), from + query.limit().orElse(Integer.MAX_VALUE));
        List<Map<String, Object>> records = new ArrayList<>();
        for (Map<String, Object> row : rows.subList(from, to)) {
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("attributes", Map.of("type", schema.name(), "url",
                    "/services/data/" + apiVersion + "/sobjects/" + schema.name() + "/" + row.get(SObjectSchema.ID)));
            selected.forEach(f -> record.put(f.name(), row.get(f.name())));
            records.add(record);
        }
        return new Result(records.size(), records);
    }

    private static FieldDef resolve(SObjectSchema schema, String soql, SoqlQuery.Field field) {
        return schema.field(field.name()).orElseThrow(() -> SoqlException.at("INVALID_FIELD", soql, field.position(),
                "No such column '" + field.name() + "' on entity '" + schema.name() + "'. If you are attempting to"
                        + " use a custom field, be sure to append the '__c' after the custom field name. Please"
                        + " reference your WSDL or the describe call for the appropriate names."));
    }

    /** Names must exist and literals must fit the field's type, before any record is looked at. */
    private static void check(SObjectSchema schema, String soql, Condition condition) {
        if (condition instanceof SoqlQuery.And and) {
            and.terms().forEach(t -> check(schema, soql, t));
        } else if (condition instanceof SoqlQuery.Or or) {
            or.terms().forEach(t -> check(schema, soql, t));
        } else if (condition instanceof SoqlQuery.Not not) {
            check(schema, soql, not.term());
        } else if (condition instanceof SoqlQuery.Comparison c) {
            checkLiteral(resolve(schema, soql, c.field()), soql, c.value());
        } else if (condition instanceof SoqlQuery.In in) {
            FieldDef field = resolve(schema, soql, in.field());
            in.values().forEach(v -> checkLiteral(field, soql, v));
        } else if (condition instanceof SoqlQuery.Like like) {
            FieldDef field = resolve(schema, soql, like.field());
            if (!field.type().isText() || field.type().isId()) {
                throw SoqlException.at("INVALID_QUERY_FILTER_OPERATOR", soql, like.field().position(),
                        "invalid operator on " + typeName(field) + " field: " + field.name());
            }
        }
    }

    private static void checkLiteral(FieldDef field, String soql, Literal literal) {
        if (literal.isNull()) {
            return;
        }
        boolean fits = switch (field.type()) {
            case BOOLEAN -> literal.isBoolean();
            case DATETIME -> literal.kind() == Token.Kind.DATETIME;
            case DOUBLE -> literal.kind() == Token.Kind.NUMBER;
            default -> literal.kind() == Token.Kind.STRING;
        };
        if (!fits) {
            boolean quoted = field.type().isText();
            throw SoqlException.at("INVALID_QUERY_FILTER_OPERATOR", soql, literal.position(),
                    "value of filter criterion for field '" + field.name() + "' must be of type " + typeName(field)
                            + " and should " + (quoted ? "" : "not ") + "be enclosed in quotes");
        }
        if (field.type().isId() && !SalesforceIds.isValid(literal.text())) {
            throw SoqlException.at("INVALID_QUERY_FILTER_OPERATOR", soql, literal.position(),
                    "invalid ID field: " + literal.text());
        }
    }

    private static String typeName(FieldDef field) {
        return switch (field.type()) {
            case BOOLEAN -> "boolean";
            case DATETIME -> "dateTime";
            case DOUBLE -> "double";
            case ID, REFERENCE -> "id";
            default -> "string";
        };
    }

    private static boolean matches(SObjectSchema schema, Condition condition, Map<String, Object> row) {
        if (condition instanceof SoqlQuery.And and) {
            return and.terms().stream().allMatch(t -> matches(schema, t, row));
        }
        if (condition instanceof SoqlQuery.Or or) {
            return or.terms().stream().anyMatch(t -> matches(schema, t, row));
        }
        if (condition instanceof SoqlQuery.Not not) {
            return !matches(schema, not.term(), row);
        }
        if (condition instanceof SoqlQuery.Comparison c) {
            FieldDef field = schema.field(c.field().name()).orElseThrow();
            return compares(field, row.get(field.name()), c.operator(), c.value());
        }
        if (condition instanceof SoqlQuery.In in) {
            FieldDef field = schema.field(in.field().name()).orElseThrow();
            Object value = row.get(field.name());
            boolean found = in.values().stream().anyMatch(v -> compares(field, value, "=", v));
            return in.negated() != found;
        }
        SoqlQuery.Like like = (SoqlQuery.Like) condition;
        FieldDef field = schema.field(like.field().name()).orElseThrow();
        Object value = row.get(field.name());
        return value != null && likePattern(like.pattern().text()).matcher(value.toString()).matches();
    }

    /** {@code value op literal}; {@code != x} holds for null values, as in SOQL. */
    private static boolean compares(FieldDef field, Object value, String operator, Literal literal) {
        if (literal.isNull()) {
            return switch (operator) {
                case "=" -> value == null;
                case "!=" -> value != null;
                default -> false;
            };
        }
        if (value == null) {
            return operator.equals("!=");
        }
        int cmp = compareValues(field, value, literalValue(field, literal));
        return switch (operator) {
            case "=" -> cmp == 0;
            case "!=" -> cmp != 0;
            case "<" -> cmp < 0;
            case "<=" -> cmp <= 0;
            case ">" -> cmp > 0;
            case ">=" -> cmp >= 0;
            default -> throw new IllegalStateException("The lexer only makes known operators: " + operator);
        };
    }

    private static Object literalValue(FieldDef field, Literal literal) {
        return switch (field.type()) {
            case BOOLEAN -> Boolean.parseBoolean(literal.text());
            case DATETIME -> parseDateTime(literal.text());
            case DOUBLE -> new BigDecimal(literal.text()).doubleValue();
            case ID, REFERENCE -> SalesforceIds.to18(literal.text());
            default -> literal.text();
        };
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static int compareValues(FieldDef field, Object stored, Object other) {
        return switch (field.type()) {
            case DATETIME -> parseDateTime(stored.toString()).compareTo((Instant) other);
            case BOOLEAN, DOUBLE -> ((Comparable) stored).compareTo(other);
            case ID, REFERENCE -> stored.toString().compareTo(other.toString());
            default -> stored.toString().toLowerCase(Locale.ROOT).compareTo(other.toString().toLowerCase(Locale.ROOT));
        };
    }

    private static int compareForOrder(FieldDef field, Object a, Object b, boolean ascending, boolean nullsFirst) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == nullsFirst ? -1 : 1;
        }
        Object bValue = field.type() == FieldType.DATETIME ? parseDateTime(b.toString()) : b;
        int cmp = compareValues(field, a, bValue);
        return ascending ? cmp : -cmp;
    }

    /** Accepts the stored form (…+0000) and SOQL literals (…Z, …+01:00, …+0100). */
    private static Instant parseDateTime(String text) {
        String normalised = text.replaceFirst("([+-]\\d{2})(\\d{2})$", "$1:$2");
        if (normalised.length() == 10) {
            return LocalDate.parse(normalised).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(normalised).toInstant();
    }

    /** LIKE: % any run, _ one character, \% and \_ themselves; case-insensitive. */
    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length() && (like.charAt(i + 1) == '%' || like.charAt(i + 1) == '_')) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
