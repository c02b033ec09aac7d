package io.crmsync.sandbox.salesforce;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Org configuration tests add to reach error paths: validation rules and duplicate rules. */
public final class OrgRules {

    private OrgRules() {
    }

    /**
     * A validation rule: when {@code violatedWhen} holds for the record about to be saved, the save fails with
     * FIELD_CUSTOM_VALIDATION_EXCEPTION and {@code message}, pointing at {@code errorField} (null: the top of
     * the page, no fields).
     */
    public record ValidationRule(String sObject, String name, Predicate<Map<String, Object>> violatedWhen,
            String message, String errorField) {
    }

    /**
     * A blocking duplicate rule: a save fails with DUPLICATES_DETECTED when another live record of the type has
     * the same values (ignoring case) in all {@code matchFields}, none of them empty.
     */
    public record DuplicateRule(String sObject, String name, List<String> matchFields) {
        public DuplicateRule {
            matchFields = List.copyOf(matchFields);
        }
    }
}
