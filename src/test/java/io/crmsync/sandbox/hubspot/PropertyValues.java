package io.crmsync.sandbox.hubspot;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.crmsync.sandbox.hubspot.HubSpotObjectStore.PropertyProblem;

/**
 * How HubSpot reads a written value by property type, stores it, and compares it in searches: numbers must be
 * numbers, enumerations one of their options (checkboxes several, ";"-separated), booleans true/false, dates
 * "yyyy-MM-dd" or epoch ms at midnight UTC, datetimes epoch ms or ISO-8601.
 */
final class PropertyValues {

    private PropertyValues() {
    }

    /** The value as stored and returned, or the problem HubSpot would report. "" (clearing) is always fine. */
    static Result normalise(PropertyDefinition property, String raw, Set<String> externalOptions) {
        if (raw.isEmpty()) {
            return Result.ok(raw);
        }
        String name = property.name();
        switch (property.type()) {
            case "number" -> {
                try {
                    new BigDecimal(raw.trim());
                    return Result.ok(raw.trim());
                } catch (NumberFormatException e) {
                    return Result.problem(name, "INVALID_DECIMAL", raw + " was not a valid number.");
                }
            }
            case "bool" -> {
                String lower = raw.trim().toLowerCase(Locale.ROOT);
                return lower.equals("true") || lower.equals("false") ? Result.ok(lower)
                        : Result.problem(name, "INVALID_OPTION", raw + " was not one of the allowed options: [true, false]");
            }
            case "enumeration" -> {
                Set<String> allowed = property.externalOptions() ? externalOptions
                        : property.options().stream().map(PropertyDefinition.Option::value)
                                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
                boolean multiple = property.fieldType().equals("checkbox");
                for (String part : multiple ? raw.split(";") : new String[] { raw }) {
                    if (!allowed.contains(part)) {
                        return Result.problem(name, "INVALID_OPTION",
                                part + " was not one of the allowed options: " + allowed);
                    }
                }
                return Result.ok(raw);
            }
            case "date" -> {
                Optional<Instant> at = instant(raw);
                if (at.isEmpty()) {
                    return Result.problem(name, "INVALID_DATE", raw + " is not a valid date.");
                }
                if (at.get().toEpochMilli() % 86_400_000L != 0) {
                    return Result.problem(name, "INVALID_DATE", raw + " is at "
                            + at.get().atOffset(ZoneOffset.UTC).toLocalTime() + " UTC, not midnight!");
                }
                return Result.ok(LocalDate.ofInstant(at.get(), ZoneOffset.UTC).toString());
            }
            case "datetime" -> {
                return instant(raw).map(i -> Result.ok(HubSpotJson.format(i)))
                        .orElseGet(() -> Result.problem(name, "INVALID_DATE", raw + " is not a valid datetime."));
            }
            default -> {
                return Result.ok(raw);
            }
        }
    }

    /** Epoch milliseconds, an ISO instant, or a plain ISO date (midnight UTC). */
    static Optional<Instant> instant(String raw) {
        String value = raw.trim();
        try {
            if (value.matches("-?\\d+")) {
                return Optional.of(Instant.ofEpochMilli(Long.parseLong(value)));
            }
            if (value.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return Optional.of(LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            return Optional.of(java.time.OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * A key that orders values as HubSpot's search does: numbers numerically, dates by time, everything else
     * as case-insensitive text. Empty when {@code value} cannot be read as the property's type.
     */
    static Optional<Comparable<?>> sortKey(PropertyDefinition property, String value) {
        switch (property.type()) {
            case "number" -> {
                try {
                    return Optional.of(new BigDecimal(value.trim()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            case "date", "datetime" -> {
                return instant(value).map(Instant::toEpochMilli);
            }
            default -> {
                return Optional.of(value.toLowerCase(Locale.ROOT));
            }
        }
    }

    /** A normalised value, or the problem with it. */
    record Result(String value, PropertyProblem problem) {
        static Result ok(String value) {
            return new Result(value, null);
        }

        static Result problem(String name, String error, String message) {
            return new Result(null, new PropertyProblem(name, error, message));
        }

        boolean valid() {
            return problem == null;
        }
    }
}
