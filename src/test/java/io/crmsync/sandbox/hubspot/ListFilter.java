package io.crmsync.sandbox.hubspot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of the Lists API's filterBranch language the sandbox understands: an OR branch of AND branches (or
 * one AND branch) of PROPERTY filters with STRING, ENUMERATION, NUMBER or ALL_PROPERTY operations. Anything
 * else is refused when the list is created, never silently ignored.
 */
record ListFilter(List<List<Condition>> anyOf) {

    /** One PROPERTY filter. */
    record Condition(String property, String operationType, String operator, String value, List<String> values) {
    }

    private static final Set<String> STRING_OPERATORS = Set.of("IS_EQUAL_TO", "IS_NOT_EQUAL_TO", "CONTAINS",
            "DOES_NOT_CONTAIN", "STARTS_WITH", "ENDS_WITH");
    private static final Set<String> NUMBER_OPERATORS = Set.of("IS_EQUAL_TO", "IS_NOT_EQUAL_TO", "IS_GREATER_THAN",
            "IS_GREATER_THAN_OR_EQUAL_TO", "IS_LESS_THAN", "IS_LESS_THAN_OR_EQUAL_TO");

    ListFilter {
        anyOf = anyOf.stream().map(List::copyOf).toList();
    }

    /** Reads a filterBranch; IllegalArgumentException says what is not supported. */
    static ListFilter parse(JsonNode branch) {
        String type = branch.path("filterBranchType").asText("");
        List<List<Condition>> groups = new ArrayList<>();
        if (type.equals("OR")) {
            if (!branch.path("filters").isEmpty()) {
                throw new IllegalArgumentException("An OR branch holds AND branches, not filters.");
            }
            for (JsonNode and : branch.path("filterBranches")) {
                if (!and.path("filterBranchType").asText("").equals("AND")) {
                    throw new IllegalArgumentException("An OR branch holds AND branches only.");
                }
                groups.add(conditions(and));
            }
        } else if (type.equals("AND")) {
            groups.add(conditions(branch));
        } else {
            throw new IllegalArgumentException("Unsupported filterBranchType '" + type + "' (OR and AND are).");
        }
        return new ListFilter(groups);
    }

    private static List<Condition> conditions(JsonNode and) {
        if (!and.path("filterBranches").isEmpty()) {
            throw new IllegalArgumentException("Nested branches inside an AND branch are not supported.");
        }
        List<Condition> conditions = new ArrayList<>();
        for (JsonNode filter : and.path("filters")) {
            if (!filter.path("filterType").asText("").equals("PROPERTY")) {
                throw new IllegalArgumentException("Unsupported filterType '" + filter.path("filterType").asText()
                        + "' (PROPERTY is).");
            }
            JsonNode operation = filter.path("operation");
            Condition condition = new Condition(filter.path("property").asText(""),
                    operation.path("operationType").asText(""), operation.path("operator").asText(""),
                    operation.path("value").isMissingNode() ? null : operation.path("value").asText(),
                    HubSpotJson.stringList(operation.path("values")));
            check(condition);
            conditions.add(condition);
        }
        return conditions;
    }

    private static void check(Condition c) {
        boolean known = switch (c.operationType()) {
            case "STRING" -> STRING_OPERATORS.contains(c.operator()) && c.value() != null;
            case "NUMBER" -> NUMBER_OPERATORS.contains(c.operator()) && c.value() != null;
            case "ENUMERATION", "MULTISTRING" -> Set.of("IS_ANY_OF", "IS_NONE_OF").contains(c.operator());
            case "ALL_PROPERTY" -> Set.of("IS_KNOWN", "IS_UNKNOWN").contains(c.operator());
            default -> false;
        };
        if (!known || c.property().isEmpty()) {
            throw new IllegalArgumentException("Unsupported property filter " + c.operationType() + "/" + c.operator()
                    + " on '" + c.property() + "'.");
        }
    }

    boolean matches(Map<String, String> properties) {
        return anyOf.stream().anyMatch(all -> all.stream().allMatch(c -> matches(c, properties.get(c.property()))));
    }

    private static boolean matches(Condition c, String actual) {
        String value = actual == null ? "" : actual.toLowerCase(Locale.ROOT);
        String wanted = c.value() == null ? "" : c.value().toLowerCase(Locale.ROOT);
        return switch (c.operationType()) {
            case "ALL_PROPERTY" -> c.operator().equals("IS_KNOWN") != value.isEmpty();
            case "ENUMERATION", "MULTISTRING" -> c.values().stream().anyMatch(v -> v.equalsIgnoreCase(value))
                    == c.operator().equals("IS_ANY_OF");
            case "NUMBER" -> compareNumber(c.operator(), actual, c.value());
            default -> switch (c.operator()) {
                case "IS_EQUAL_TO" -> value.equals(wanted);
                case "IS_NOT_EQUAL_TO" -> !value.equals(wanted);
                case "CONTAINS" -> value.contains(wanted);
                case "DOES_NOT_CONTAIN" -> !value.contains(wanted);
                case "STARTS_WITH" -> value.startsWith(wanted);
                default -> value.endsWith(wanted);
            };
        };
    }

    private static boolean compareNumber(String operator, String actual, String wanted) {
        if (actual == null || actual.isEmpty()) {
            return false;
        }
        int cmp;
        try {
            cmp = new BigDecimal(actual.trim()).compareTo(new BigDecimal(wanted.trim()));
        } catch (NumberFormatException e) {
            return false;
        }
        return switch (operator) {
            case "IS_EQUAL_TO" -> cmp == 0;
            case "IS_NOT_EQUAL_TO" -> cmp != 0;
            case "IS_GREATER_THAN" -> cmp > 0;
            case "IS_GREATER_THAN_OR_EQUAL_TO" -> cmp >= 0;
            case "IS_LESS_THAN" -> cmp < 0;
            default -> cmp <= 0;
        };
    }
}
