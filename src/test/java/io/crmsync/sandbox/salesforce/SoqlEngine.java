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
import java.util.regex.Pattern;

import io.crmsync.sandbox.salesforce.soql.SoqlException;
import io.crmsync.sandbox.salesforce.soql.SoqlParser;
import io.crmsync.sandbox.salesforce.soql.SoqlQuery;
import io.crmsync.sandbox.salesforce.soql.SoqlQuery.Condition;
import io.crmsync.sandbox.salesforce.soql.SoqlQuery.Literal;
import io.crmsync.sandbox.salesforce.soql.Token;

/**
 * Runs parsed SOQL against the org: resolves names and relationship paths against the schemas
 * (Salesforce's INVALID_TYPE and INVALID_FIELD), checks literal types, filters, orders, applies LIMIT and
 * OFFSET, and projects. Text compares without case, as SOQL does; ids compare as 18-character ids; date
 * literals such as TODAY are ranges of UTC days on the org's clock.
 */
final class SoqlEngine {

    /** Salesforce refuses larger offsets. */
    static final int MAX_OFFSET = 2_000;

    /** The result before paging: all rows within LIMIT, projected; for COUNT() only the count. */
    record Result(int totalSize, List<Map<String, Object>> records) {
    }

    /** A resolved field reference: relationship hops (lookups) and the field at the end. */
    private record FieldPath(List<FieldDef> hops, FieldDef leaf, String text) {
    }

    private final SalesforceOrg org;
    private final String apiVersion;

    SoqlEngine(SalesforceOrg org, String apiVersion) {
        this.org = org;
        this.apiVersion = apiVersion;
    }

    /** @param includeDeleted queryAll: records in the recycle bin too */
    Result run(String soql, boolean includeDeleted) {
        SoqlQuery query = SoqlParser.parse(soql);
        SObjectStore store = org.store(query.from().name()).orElseThrow(() -> SoqlException.at("INVALID_TYPE", soql,
                query.from().position(), "sObject type '" + query.from().name() + "' is not supported. If you are"
                        + " attempting to use a custom object, be sure to append the '__c' after the entity name."
                        + " Please reference your WSDL or the describe call for the appropriate names."));
        SObjectSchema schema = store.schema();
        List<FieldPath> selected = query.select().stream().map(f -> resolve(schema, soql, f)).toList();
        if (query.where() != null) {
            check(schema, soql, query.where());
        }
        if (query.offset().orElse(0) > MAX_OFFSET) {
            throw new SoqlException("NUMBER_OUTSIDE_VALID_RANGE", "Maximum SOQL offset allowed is " + MAX_OFFSET);
        }
        List<Map<String, Object>> rows = new ArrayList<>(includeDeleted ? store.allIncludingDeleted() : store.all());
        if (query.where() != null) {
            rows.removeIf(row -> !matches(schema, soql, query.where(), row));
        }
        Comparator<Map<String, Object>> order = null;
        for (SoqlQuery.Order item : query.orderBy()) {
            FieldPath path = resolve(schema, soql, item.field());
            Comparator<Map<String, Object>> next = (a, b) -> compareForOrder(path.leaf(), value(path, a),
                    value(path, b), item.ascending(), item.nullsFirst());
            order = order == null ? next : order.thenComparing(next);
        }
        if (order != null) {
            rows.sort(order);
        }
        int from = Math.min(rows.size(), query.offset().orElse(0));
        int to = Math.min(rows.size(), from + query.limit().orElse(Integer.MAX_VALUE));
        if (query.countOnly()) {
            return new Result(to - from, List.of());
        }
        List<Map<String, Object>> records = new ArrayList<>();
        for (Map<String, Object> row : rows.subList(from, to)) {
            records.add(project(schema, row, selected));
        }
        return new Result(records.size(), records);
    }

    /**
     * The result columns in SELECT order, parent fields dotted ({@code Account.Name}), as Bulk API 2.0 heads its
     * CSV. Call after {@link #run} has validated the query.
     */
    List<String> columns(String soql) {
        SoqlQuery query = SoqlParser.parse(soql);
        SObjectSchema schema = org.store(query.from().name()).orElseThrow().schema();
        return query.select().stream().map(f -> resolve(schema, soql, f)).map(path -> {
            StringBuilder name = new StringBuilder();
            path.hops().forEach(hop -> name.append(hop.relationshipName()).append('.'));
            return name.append(path.leaf().name()).toString();
        }).toList();
    }

    private Map<String, Object> project(SObjectSchema schema, Map<String, Object> row, List<FieldPath> selected) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("attributes", attributes(schema.name(), row.get(SObjectSchema.ID).toString()));
        for (FieldPath path : selected) {
            if (path.hops().isEmpty()) {
                record.put(path.leaf().name(), row.get(path.leaf().name()));
            } else {
                putRelated(record, row, path.hops(), path.leaf());
            }
        }
        return record;
    }

    /** Nests parent fields as Salesforce does: {"Account": {"attributes": …, "Name": "Acme"}}, or null. */
    @SuppressWarnings("unchecked")
    private void putRelated(Map<String, Object> into, Map<String, Object> row, List<FieldDef> hops, FieldDef leaf) {
        FieldDef hop = hops.get(0);
        Optional<Map<String, Object>> parent = Optional.ofNullable(row.get(hop.name())).map(Object::toString)
                .flatMap(org::record);
        if (parent.isEmpty()) {
            into.putIfAbsent(hop.relationshipName(), null);
            return;
        }
        Object existing = into.get(hop.relationshipName());
        Map<String, Object> nested = existing instanceof Map ? (Map<String, Object>) existing : new LinkedHashMap<>();
        if (nested.isEmpty()) {
            String id = parent.get().get(SObjectSchema.ID).toString();
            String type = org.storeForId(id).orElseThrow().schema().name();
            // A polymorphic lookup (Who, What) is reached through Salesforce's Name object.
            nested.put("attributes", attributes(hop.referenceTo().size() > 1 ? "Name" : type, id, type));
        }
        if (hops.size() == 1) {
            nested.put(leaf.name(), parent.get().get(leaf.name()));
        } else {
            putRelated(nested, parent.get(), hops.subList(1, hops.size()), leaf);
        }
        into.put(hop.relationshipName(), nested);
    }

    private Map<String, Object> attributes(String type, String id) {
        return attributes(type, id, type);
    }

    private Map<String, Object> attributes(String type, String id, String urlType) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("type", type);
        attributes.put("url", "/services/data/" + apiVersion + "/sobjects/" + urlType + "/" + id);
        return attributes;
    }

    private FieldPath resolve(SObjectSchema schema, String soql, SoqlQuery.Field field) {
        String[] parts = field.name().split("\\.");
        List<FieldDef> hops = new ArrayList<>();
        List<SObjectSchema> current = List.of(schema);
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            FieldDef hop = current.stream().map(s -> s.relationship(part)).flatMap(Optional::stream).findFirst()
                    .orElseThrow(() -> SoqlException.at("INVALID_FIELD", soql, field.position(),
                            "Didn't understand relationship '" + part + "' in field path. If you are attempting to"
                                    + " use a custom relationship, be sure to append the '__r' after the custom"
                                    + " relationship name. Please reference your WSDL or the describe call for the"
                                    + " appropriate names."));
            hops.add(hop);
            current = hop.referenceTo().stream().map(org::store).flatMap(Optional::stream)
                    .map(SObjectStore::schema).toList();
        }
        String leafName = parts[parts.length - 1];
        String entity = current.isEmpty() ? parts[parts.length - 2] : current.get(0).name();
        FieldDef leaf = current.stream().map(s -> s.field(leafName)).flatMap(Optional::stream).findFirst()
                .orElseThrow(() -> SoqlException.at("INVALID_FIELD", soql, field.position(),
                        "No such column '" + leafName + "' on entity '" + entity + "'. If you are attempting to"
                                + " use a custom field, be sure to append the '__c' after the custom field name."
                                + " Please reference your WSDL or the describe call for the appropriate names."));
        return new FieldPath(hops, leaf, field.name());
    }

    /** The value at the end of {@code path} for {@code row}; null when a lookup on the way is empty. */
    private Object value(FieldPath path, Map<String, Object> row) {
        Map<String, Object> current = row;
        for (FieldDef hop : path.hops()) {
            Object id = current.get(hop.name());
            if (id == null) {
                return null;
            }
            Optional<Map<String, Object>> parent = org.record(id.toString());
            if (parent.isEmpty()) {
                return null;
            }
            current = parent.get();
        }
        return current.get(path.leaf().name());
    }

    /** Names must exist and literals must fit the field's type, before any record is looked at. */
    private void check(SObjectSchema schema, String soql, Condition condition) {
        if (condition instanceof SoqlQuery.And and) {
            and.terms().forEach(t -> check(schema, soql, t));
        } else if (condition instanceof SoqlQuery.Or or) {
            or.terms().forEach(t -> check(schema, soql, t));
        } else if (condition instanceof SoqlQuery.Not not) {
            check(schema, soql, not.term());
        } else if (condition instanceof SoqlQuery.Comparison c) {
            checkLiteral(resolve(schema, soql, c.field()).leaf(), soql, c.value());
        } else if (condition instanceof SoqlQuery.In in) {
            FieldDef field = resolve(schema, soql, in.field()).leaf();
            in.values().forEach(v -> checkLiteral(field, soql, v));
        } else if (condition instanceof SoqlQuery.Like like) {
            FieldDef field = resolve(schema, soql, like.field()).leaf();
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
            case DATETIME -> literal.kind() == Token.Kind.DATETIME || literal.isRelativeDate();
            case DATE -> literal.kind() == Token.Kind.DATE || literal.isRelativeDate();
            case DOUBLE, CURRENCY, INT -> literal.kind() == Token.Kind.NUMBER;
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
            case DATE -> "date";
            case DOUBLE, CURRENCY -> "double";
            case INT -> "integer";
            case ID, REFERENCE -> "id";
            default -> "string";
        };
    }

    private boolean matches(SObjectSchema schema, String soql, Condition condition, Map<String, Object> row) {
        if (condition instanceof SoqlQuery.And and) {
            return and.terms().stream().allMatch(t -> matches(schema, soql, t, row));
        }
        if (condition instanceof SoqlQuery.Or or) {
            return or.terms().stream().anyMatch(t -> matches(schema, soql, t, row));
        }
        if (condition instanceof SoqlQuery.Not not) {
            return !matches(schema, soql, not.term(), row);
        }
        if (condition instanceof SoqlQuery.Comparison c) {
            FieldPath path = resolve(schema, soql, c.field());
            return compares(path.leaf(), value(path, row), c.operator(), c.value());
        }
        if (condition instanceof SoqlQuery.In in) {
            FieldPath path = resolve(schema, soql, in.field());
            Object value = value(path, row);
            boolean found = in.values().stream().anyMatch(v -> compares(path.leaf(), value, "=", v));
            return in.negated() != found;
        }
        SoqlQuery.Like like = (SoqlQuery.Like) condition;
        Object value = value(resolve(schema, soql, like.field()), row);
        return value != null && likePattern(like.pattern().text()).matcher(value.toString()).matches();
    }

    /** {@code value op literal}; {@code != x} holds for null values, as in SOQL. */
    private boolean compares(FieldDef field, Object value, String operator, Literal literal) {
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
        if (literal.isRelativeDate()) {
            return inRange(field, value, operator, dayRange(literal.text()));
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

    /** [first day, day after the last) of a date literal; LAST_N_DAYS:n includes today, NEXT_N_DAYS:n starts tomorrow. */
    private LocalDate[] dayRange(String literal) {
        LocalDate today = LocalDate.ofInstant(org.clock().instant(), ZoneOffset.UTC);
        String upper = literal.toUpperCase(Locale.ROOT);
        if (upper.equals("TODAY")) {
            return new LocalDate[] { today, today.plusDays(1) };
        }
        if (upper.equals("YESTERDAY")) {
            return new LocalDate[] { today.minusDays(1), today };
        }
        if (upper.equals("TOMORROW")) {
            return new LocalDate[] { today.plusDays(1), today.plusDays(2) };
        }
        int n = Integer.parseInt(upper.substring(upper.indexOf(':') + 1));
        return upper.startsWith("LAST") ? new LocalDate[] { today.minusDays(n), today.plusDays(1) }
                : new LocalDate[] { today.plusDays(1), today.plusDays(n + 1L) };
    }

    /** = in the range, != outside, < before its start, > after its end, as Salesforce compares date literals. */
    private static boolean inRange(FieldDef field, Object value, String operator, LocalDate[] range) {
        Instant at = field.type() == FieldType.DATE ? LocalDate.parse(value.toString()).atStartOfDay(ZoneOffset.UTC)
                .toInstant() : parseDateTime(value.toString());
        Instant start = range[0].atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = range[1].atStartOfDay(ZoneOffset.UTC).toInstant();
        boolean inside = !at.isBefore(start) && at.isBefore(end);
        return switch (operator) {
            case "=" -> inside;
            case "!=" -> !inside;
            case "<" -> at.isBefore(start);
            case "<=" -> at.isBefore(end);
            case ">" -> !at.isBefore(end);
            case ">=" -> !at.isBefore(start);
            default -> throw new IllegalStateException("The lexer only makes known operators: " + operator);
        };
    }

    private static Object literalValue(FieldDef field, Literal literal) {
        return switch (field.type()) {
            case BOOLEAN -> Boolean.parseBoolean(literal.text());
            case DATETIME -> parseDateTime(literal.text());
            case DATE -> LocalDate.parse(literal.text());
            case DOUBLE, CURRENCY, INT -> new BigDecimal(literal.text()).doubleValue();
            case ID, REFERENCE -> SalesforceIds.to18(literal.text());
            default -> literal.text();
        };
    }

    private static int compareValues(FieldDef field, Object stored, Object other) {
        return switch (field.type()) {
            case DATETIME -> parseDateTime(stored.toString()).compareTo((Instant) other);
            case DATE -> LocalDate.parse(stored.toString()).compareTo((LocalDate) other);
            case BOOLEAN -> ((Boolean) stored).compareTo((Boolean) other);
            case DOUBLE, CURRENCY, INT -> Double.compare(((Number) stored).doubleValue(), ((Number) other).doubleValue());
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
        Object bValue = switch (field.type()) {
            case DATETIME -> parseDateTime(b.toString());
            case DATE -> LocalDate.parse(b.toString());
            default -> b;
        };
        int cmp = compareValues(field, a, bValue);
        return ascending ? cmp : -cmp;
    }

    /** Accepts the stored form (…+0000) and SOQL literals (…Z, …+01:00, …+0100). */
    static Instant parseDateTime(String text) {
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
