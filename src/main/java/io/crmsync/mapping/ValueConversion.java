package io.crmsync.mapping;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Converts mapped values between HubSpot's strings and Salesforce's JSON values, and puts both into one
 * canonical string form so the sync rules compare like with like ("1000" and 1000.0 are the same amount).
 * A value that cannot be read keeps its text, so the other CRM's validation reports it rather than crmsync
 * silently dropping it.
 */
public final class ValueConversion {

    private ValueConversion() {
    }

    /** The canonical form of a HubSpot property value; null for blank. */
    public static String fromHubSpot(FieldMapping mapping, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        return switch (mapping.kind()) {
            case NUMBER -> number(v);
            case BOOLEAN -> Boolean.toString(Boolean.parseBoolean(v));
            case DATE -> date(v);
            case DATETIME -> dateTime(v);
            case ENUMERATION -> mapping.valueMap().getOrDefault(v, v);
            case MULTI_ENUMERATION -> String.join(";", java.util.Arrays.stream(v.split(";")).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(s -> mapping.valueMap().getOrDefault(s, s)).toList());
            case TEXT, OWNER -> v;
        };
    }

    /** The canonical form of a Salesforce field value; null for blank. */
    public static String fromSalesforce(FieldMapping mapping, Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String v = value.toString().strip();
        return switch (mapping.kind()) {
            case NUMBER -> number(v);
            case BOOLEAN -> Boolean.toString(Boolean.parseBoolean(v));
            case DATE -> date(v);
            case DATETIME -> dateTime(v);
            case TEXT, OWNER, ENUMERATION, MULTI_ENUMERATION -> v;
        };
    }

    /** What to send to Salesforce for a canonical value (null clears the field). */
    public static Object toSalesforce(FieldMapping mapping, String canonical) {
        if (canonical == null) {
            return null;
        }
        return switch (mapping.kind()) {
            case NUMBER -> {
                try {
                    yield new BigDecimal(canonical);
                } catch (NumberFormatException e) {
                    yield canonical;
                }
            }
            case BOOLEAN -> Boolean.parseBoolean(canonical);
            default -> canonical;
        };
    }

    /** What to send to HubSpot for a canonical value ("" clears a HubSpot property). */
    public static String toHubSpot(FieldMapping mapping, String canonical) {
        if (canonical == null) {
            return "";
        }
        return switch (mapping.kind()) {
            case ENUMERATION -> inverse(mapping.valueMap()).getOrDefault(canonical, canonical);
            case MULTI_ENUMERATION -> String.join(";", java.util.Arrays.stream(canonical.split(";"))
                    .map(s -> inverse(mapping.valueMap()).getOrDefault(s, s)).toList());
            default -> canonical;
        };
    }

    private static Map<String, String> inverse(Map<String, String> map) {
        Map<String, String> inverse = new java.util.HashMap<>();
        map.forEach((k, v) -> inverse.putIfAbsent(v, k));
        return inverse;
    }

    private static String number(String v) {
        try {
            BigDecimal n = new BigDecimal(v).stripTrailingZeros();
            return n.scale() < 0 ? n.setScale(0).toPlainString() : n.toPlainString();
        } catch (NumberFormatException e) {
            return v;
        }
    }

    private static String date(String v) {
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(v)).atZone(ZoneOffset.UTC).toLocalDate().toString();
            }
            return LocalDate.parse(v.length() > 10 ? v.substring(0, 10) : v).toString();
        } catch (DateTimeParseException | NumberFormatException e) {
            return v;
        }
    }

    private static String dateTime(String v) {
        try {
            if (v.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochMilli(Long.parseLong(v)).toString();
            }
            // Salesforce writes "+0000"; ISO wants "+00:00".
            String iso = v.matches(".*[+-]\\d{4}$") ? v.substring(0, v.length() - 2) + ":" + v.substring(v.length() - 2) : v;
            return java.time.OffsetDateTime.parse(iso).toInstant().toString();
        } catch (DateTimeParseException | NumberFormatException e) {
            return v;
        }
    }
}
