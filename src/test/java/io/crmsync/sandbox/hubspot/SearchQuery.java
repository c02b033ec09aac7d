package io.crmsync.sandbox.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A parsed CRM search request (PublicObjectSearchRequest) with HubSpot's limits checked: at most 5 filter
 * groups of at most 6 filters and 18 filters in all, one sort, limit ≤ 200, no paging past 10,000 results.
 * Groups are ORed, filters in a group ANDed; values compare by the property's type.
 */
record SearchQuery(List<List<Filter>> filterGroups, Optional<Sort> sort, Optional<String> query,
        List<String> properties, int limit, int after) {

    static final int MAX_GROUPS = 5;
    static final int MAX_FILTERS_PER_GROUP = 6;
    static final int MAX_FILTERS = 18;
    static final int MAX_LIMIT = 200;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_RESULTS = 10_000;
    static final Set<String> OPERATORS = Set.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN", "NOT_IN",
            "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN");

    record Filter(PropertyDefinition property, String operator, String value, String highValue, List<String> values) {
    }

    record Sort(PropertyDefinition property, boolean descending) {
    }

    /** The request broke a rule; the message is HubSpot's kind of explanation. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    SearchQuery {
        filterGroups = filterGroups.stream().map(List::copyOf).toList();
        properties = List.copyOf(properties);
    }

    static SearchQuery parse(JsonNode body, Function<String, Optional<PropertyDefinition>> properties) {
        JsonNode groups = body.path("filterGroups");
        if (groups.size() > MAX_GROUPS) {
            throw new Invalid("Too many filter groups: " + groups.size() + " given, at most " + MAX_GROUPS + " allowed.");
        }
        int total = 0;
        List<List<Filter>> parsed = new ArrayList<>();
        for (JsonNode group : groups) {
            JsonNode filters = group.path("filters");
            if (filters.size() > MAX_FILTERS_PER_GROUP) {
                throw new Invalid("Too many filters in a filter group: " + filters.size() + " given, at most "
                        + MAX_FILTERS_PER_GROUP + " allowed.");
            }
            total += filters.size();
            List<Filter> and = new ArrayList<>();
            for (JsonNode filter : filters) {
                and.add(filter(filter, properties));
            }
            parsed.add(and);
        }
        if (total > MAX_FILTERS) {
            throw new Invalid("Too many filters: " + total + " given, at most " + MAX_FILTERS + " allowed in all groups.");
        }
        JsonNode sorts = body.path("sorts");
        if (sorts.size() > 1) {
            throw new Invalid("Only one sort is allowed, " + sorts.size() + " were given.");
        }
        Optional<Sort> sort = Optional.empty();
        if (sorts.size() == 1) {
            JsonNode s = sorts.get(0);
            String name = s.isTextual() ? s.asText().replaceFirst("^-", "") : s.path("propertyName").asText("");
            boolean descending = s.isTextual() ? s.asText().startsWith("-")
                    : s.path("direction").asText("ASCENDING").equalsIgnoreCase("DESCENDING");
            sort = Optional.of(new Sort(property(name, properties), descending));
        }
        int limit = body.path("limit").isMissingNode() || body.path("limit").isNull() ? DEFAULT_LIMIT
                : body.path("limit").asInt(-1);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new Invalid("limit must be between 1 and " + MAX_LIMIT + ", was " + body.path("limit"));
        }
        int after = 0;
        if (body.hasNonNull("after") && !body.path("after").asText().isEmpty()) {
            try {
                after = Integer.parseInt(body.path("after").asText());
            } catch (NumberFormatException e) {
                throw new Invalid("Invalid paging cursor: " + body.path("after").asText());
            }
        }
        if (after + limit > MAX_RESULTS) {
            throw new Invalid("Cannot page beyond " + MAX_RESULTS + " results (after " + after + ", limit " + limit + ").");
        }
        Optional<String> query = Optional.ofNullable(body.path("query").textValue()).filter(q -> !q.isBlank());
        return new SearchQuery(parsed, sort, query, HubSpotJson.stringList(body.path("properties")), limit, after);
    }

    private static Filter filter(JsonNode filter, Function<String, Optional<PropertyDefinition>> properties) {
        String operator = filter.path("operator").asText("EQ");
        if (!OPERATORS.contains(operator)) {
            throw new Invalid("Unknown filter operator '" + operator + "'. Valid operators are " + OPERATORS + ".");
        }
        PropertyDefinition property = property(filter.path("propertyName").asText(""), properties);
        String value = filter.path("value").isMissingNode() || filter.path("value").isNull() ? null
                : filter.path("value").asText();
        String high = filter.path("highValue").isMissingNode() ? null : filter.path("highValue").asText();
        List<String> values = HubSpotJson.stringList(filter.path("values"));
        boolean needsValue = !Set.of("HAS_PROPERTY", "NOT_HAS_PROPERTY", "IN", "NOT_IN").contains(operator);
        if (needsValue && value == null) {
            throw new Invalid("Filter on " + property.name() + " with operator " + operator + " needs a value.");
        }
        if (operator.equals("BETWEEN") && high == null) {
            throw new Invalid("BETWEEN on " + property.name() + " needs both value and highValue.");
        }
        if ((operator.equals("IN") || operator.equals("NOT_IN")) && values.isEmpty()) {
            throw new Invalid(operator + " on " + property.name() + " needs values.");
        }
        for (String v : needsValue ? (high == null ? List.of(value) : List.of(value, high)) : values) {
            if (!operator.endsWith("CONTAINS_TOKEN") && PropertyValues.sortKey(property, v).isEmpty()) {
                throw new Invalid("'" + v + "' is not a valid " + property.type() + " value for " + property.name() + ".");
            }
        }
        return new Filter(property, operator, value, high, values);
    }

    private static PropertyDefinition property(String name, Function<String, Optional<PropertyDefinition>> properties) {
        return properties.apply(name).orElseThrow(() -> new Invalid("Property '" + name + "' does not exist."));
    }

    /**
     * Whether a record (all its values, system ones included) passes the filters and the free-text query; values
     * are parsed through the portal's {@link SortKeys}, once rather than once per comparison.
     */
    boolean matches(Map<String, String> values, SortKeys keys) {
        boolean filtered = filterGroups.isEmpty() || filterGroups.stream().anyMatch(and -> and.stream()
                .allMatch(f -> matches(f, values.get(f.property().name()), keys)));
        return filtered && query.map(q -> values.values().stream().anyMatch(v -> containsWord(v, q))).orElse(true);
    }

    private static boolean matches(Filter filter, String actual, SortKeys keys) {
        boolean present = actual != null && !actual.isEmpty();
        PropertyDefinition p = filter.property();
        return switch (filter.operator()) {
            case "HAS_PROPERTY" -> present;
            case "NOT_HAS_PROPERTY" -> !present;
            case "EQ" -> present && compare(p, actual, filter.value(), keys) == 0;
            case "NEQ" -> !present || compare(p, actual, filter.value(), keys) != 0;
            case "LT" -> present && compare(p, actual, filter.value(), keys) < 0;
            case "LTE" -> present && compare(p, actual, filter.value(), keys) <= 0;
            case "GT" -> present && compare(p, actual, filter.value(), keys) > 0;
            case "GTE" -> present && compare(p, actual, filter.value(), keys) >= 0;
            case "BETWEEN" -> present && compare(p, actual, filter.value(), keys) >= 0
                    && compare(p, actual, filter.highValue(), keys) <= 0;
            case "IN" -> present && filter.values().stream().anyMatch(v -> compare(p, actual, v, keys) == 0);
            case "NOT_IN" -> !present || filter.values().stream().noneMatch(v -> compare(p, actual, v, keys) == 0);
            case "CONTAINS_TOKEN" -> present && containsToken(actual, filter.value());
            default -> !present || !containsToken(actual, filter.value());
        };
    }

    private static int compare(PropertyDefinition property, String actual, String wanted, SortKeys keys) {
        Optional<Comparable<?>> a = keys.of(property, actual);
        Optional<Comparable<?>> b = keys.of(property, wanted);
        if (a.isEmpty() || b.isEmpty()) {
            return actual.compareToIgnoreCase(wanted);
        }
        return compare(a.get(), b.get());
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static int compare(Comparable a, Comparable b) {
        return a.compareTo(b);
    }

    /** A token is a run of letters and digits; '*' in the wanted value is a wildcard over the whole value. */
    private static boolean containsToken(String actual, String wanted) {
        String lower = actual.toLowerCase(Locale.ROOT);
        String target = wanted.toLowerCase(Locale.ROOT);
        if (target.contains("*")) {
            String regex = Pattern.quote(target).replace("*", "\\E.*\\Q");
            return lower.matches(regex) || List.of(lower.split("[^\\p{L}\\p{N}@._-]+")).stream().anyMatch(t -> t.matches(regex));
        }
        return List.of(lower.split("[^\\p{L}\\p{N}]+")).contains(target) || lower.equals(target);
    }

    private static boolean containsWord(String value, String query) {
        String lower = value.toLowerCase(Locale.ROOT);
        return List.of(query.toLowerCase(Locale.ROOT).split("\\s+")).stream().allMatch(lower::contains);
    }
}
