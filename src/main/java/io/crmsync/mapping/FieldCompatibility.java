package io.crmsync.mapping;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.crmsync.mapping.HubSpotSchema.HubSpotProperty;
import io.crmsync.mapping.SalesforceSchema.SalesforceField;

/**
 * Which HubSpot properties can be mapped to which Salesforce fields, and as what {@link FieldKind}: HubSpot's
 * field-type compatibility table (Dropdown/Radio select ↔ picklist, reference; Multiple checkboxes ↔
 * multipicklist; Single checkbox ↔ boolean; Number ↔ double, int, currency, percent; Single-line text ↔
 * string, textarea, email, phone, url; Multi-line text ↔ textarea; Date picker ↔ date, datetime).
 */
public final class FieldCompatibility {

    private static final Set<String> SINGLE_LINE_TARGETS = Set.of("string", "textarea", "email", "phone", "url");
    private static final Set<String> NUMBER_TARGETS = Set.of("double", "int", "currency", "percent");

    private FieldCompatibility() {
    }

    /**
     * The kinds the pair can be mapped as, the one to infer first; empty when the types do not match.
     */
    public static List<FieldKind> kinds(HubSpotProperty hubSpot, SalesforceField salesforce) {
        String sf = salesforce.type();
        Set<FieldKind> kinds = new LinkedHashSet<>();
        switch (hubSpot.fieldType()) {
            case "select", "radio" -> {
                if (sf.equals("reference") && salesforce.referenceTo().contains("User")
                        && (hubSpot.referencesUser() || hubSpot.name().equals("hubspot_owner_id"))) {
                    kinds.add(FieldKind.OWNER);
                } else if (sf.equals("picklist") || sf.equals("reference")) {
                    kinds.add(FieldKind.ENUMERATION);
                }
            }
            case "checkbox" -> {
                if (sf.equals("multipicklist")) {
                    kinds.add(FieldKind.MULTI_ENUMERATION);
                }
            }
            case "booleancheckbox" -> {
                if (sf.equals("boolean")) {
                    kinds.add(FieldKind.BOOLEAN);
                }
            }
            case "number" -> {
                if (NUMBER_TARGETS.contains(sf)) {
                    kinds.add(FieldKind.NUMBER);
                }
            }
            // HubSpot's phone number field is single-line text with formatting.
            case "text", "phonenumber" -> {
                if (SINGLE_LINE_TARGETS.contains(sf)) {
                    kinds.add(FieldKind.TEXT);
                }
            }
            // Rich text is multi-line text with markup; Salesforce keeps it in a (long or rich) text area.
            case "textarea", "html" -> {
                if (sf.equals("textarea")) {
                    kinds.add(FieldKind.TEXT);
                }
            }
            case "date" -> {
                if (sf.equals("date") || sf.equals("datetime")) {
                    // Only both sides holding a time keep it; otherwise the day is what both can store.
                    kinds.add(hubSpot.type().equals("datetime") && sf.equals("datetime") ? FieldKind.DATETIME
                            : FieldKind.DATE);
                    kinds.add(FieldKind.DATE);
                }
            }
            default -> {
                // file, calculation_equation and unknown field types map to nothing.
            }
        }
        return List.copyOf(kinds);
    }
}
