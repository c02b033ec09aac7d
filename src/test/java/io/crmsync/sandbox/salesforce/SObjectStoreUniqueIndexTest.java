package io.crmsync.sandbox.salesforce;

import static io.crmsync.sandbox.salesforce.FieldDef.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sandbox.salesforce.SObjectStore.UpsertResult;
import io.crmsync.sandbox.salesforce.SalesforceError.Failure;

/**
 * The store's index of unique and External ID values must follow every write: a value a record gives up is
 * free at once, a value a record takes (or takes back) is blocked at once, and lookups see the same.
 */
class SObjectStoreUniqueIndexTest {

    private static final String USER = SalesforceIds.newId("005", 1);
    /** Case-sensitive unique text: "abc" and "ABC" are different values. */
    private static final FieldDef KEY = new FieldDef("Key__c", "Key", FieldType.STRING, 40, false, true, false, true,
            true, null, List.of(), false, List.of(), null, false);
    private static final SObjectSchema WIDGET = new SObjectSchema("Widget__c", "a01", List.of(
            FieldDef.system(SObjectSchema.ID, "Widget ID", FieldType.ID),
            text("Name", "Name", FieldType.STRING, 80),
            text("Code__c", "Code", FieldType.STRING, 40).externalId(true),
            text("Tag__c", "Tag", FieldType.STRING, 40).externalId(false),
            KEY,
            FieldDef.system(SObjectSchema.IS_DELETED, "Deleted", FieldType.BOOLEAN)));

    private final SObjectStore store = new SObjectStore(WIDGET, new MutableClock(Instant.parse("2026-03-02T10:00:00Z")),
            (schema, candidate, previous) -> { });

    @Test
    void aDeletedRecordsValueIsFreeAndUndeleteIsRefusedWhileItIsTaken() {
        String first = insert("Code__c", "X-1");
        store.delete(first, USER);
        assertThat(store.findIds("Code__c", "X-1")).isEmpty();

        String second = insert("Code__c", "x-1");
        assertThat(store.findIds("Code__c", "X-1")).containsExactly(second);
        assertThatThrownBy(() -> store.undelete(first, USER)).isInstanceOf(Failure.class)
                .hasMessageContaining("DUPLICATE_VALUE").hasMessageContaining(second);

        store.delete(second, USER);
        store.undelete(first, USER);
        assertThat(store.findIds("Code__c", "x-1")).containsExactly(first);
        assertThatThrownBy(() -> insert("Code__c", "X-1")).isInstanceOf(Failure.class)
                .hasMessageContaining("DUPLICATE_VALUE").hasMessageContaining(first);
        UpsertResult.Written upsert = upsert("X-1");
        assertThat(upsert.id()).isEqualTo(first);
        assertThat(upsert.created()).isFalse();
    }

    @Test
    void anUpdateFreesTheOldValueAndBlocksTheNewOne() {
        String first = insert("Code__c", "X-1");
        String second = insert("Code__c", "X-2");
        store.update(first, Map.of("Code__c", "X-3"), USER);

        String third = insert("Code__c", "X-1");
        assertThat(store.findIds("Code__c", "X-1")).containsExactly(third);
        assertThatThrownBy(() -> store.update(second, Map.of("Code__c", "x-3"), USER)).isInstanceOf(Failure.class)
                .hasMessageContaining("DUPLICATE_VALUE").hasMessageContaining(first);

        Map<String, Object> clear = new HashMap<>();
        clear.put("Code__c", null);
        store.update(first, clear, USER);
        assertThat(store.findIds("Code__c", "X-3")).isEmpty();
        store.update(second, Map.of("Code__c", "x-3"), USER);
        assertThat(store.findIds("Code__c", "X-3")).containsExactly(second);
        assertThat(store.findIds("Code__c", "X-2")).isEmpty();
        // Re-saving a record with its own value is no clash.
        store.update(second, Map.of("Code__c", "X-3", "Name", "Same code"), USER);
    }

    @Test
    void upsertCreatesOnceTheHolderGaveTheValueUp() {
        String first = upsert("U-1").id();
        store.update(first, Map.of("Code__c", "U-2"), USER);

        UpsertResult.Written again = upsert("U-1");
        assertThat(again.created()).isTrue();
        assertThat(again.id()).isNotEqualTo(first);
        UpsertResult.Written moved = upsert("u-2");
        assertThat(moved.created()).isFalse();
        assertThat(moved.id()).isEqualTo(first);
    }

    @Test
    void aCaseSensitiveUniqueFieldTellsCaseApart() {
        String lower = insert("Key__c", "abc");
        String upper = insert("Key__c", "ABC");
        assertThat(store.findIds("Key__c", "abc")).containsExactly(lower);
        assertThat(store.findIds("Key__c", "ABC")).containsExactly(upper);
        assertThat(store.findIds("Key__c", "Abc")).isEmpty();
        assertThatThrownBy(() -> insert("Key__c", "abc")).isInstanceOf(Failure.class)
                .hasMessageContaining("DUPLICATE_VALUE").hasMessageContaining(lower);
    }

    @Test
    void rollingBackWritesPutsTheirValuesBack() {
        RecordChange create = store.insert(Map.of("Name", "W", "Code__c", "R-1"), USER);
        store.restore(create.id(), create.before());
        assertThat(store.findIds("Code__c", "R-1")).isEmpty();
        String kept = insert("Code__c", "R-1");

        RecordChange update = store.update(kept, Map.of("Code__c", "R-2"), USER);
        store.restore(kept, update.before());
        assertThat(store.findIds("Code__c", "R-1")).containsExactly(kept);
        assertThat(store.findIds("Code__c", "R-2")).isEmpty();
        assertThatThrownBy(() -> insert("Code__c", "R-1")).isInstanceOf(Failure.class);

        RecordChange delete = store.delete(kept, USER);
        assertThat(store.findIds("Code__c", "R-1")).isEmpty();
        store.restore(kept, delete.before());
        assertThat(store.findIds("Code__c", "R-1")).containsExactly(kept);

        RecordChange undelete = store.undelete(store.delete(kept, USER).id(), USER);
        store.restore(kept, undelete.before());
        assertThat(store.findIds("Code__c", "R-1")).isEmpty();
        insert("Code__c", "R-1");
    }

    @Test
    void aNonUniqueExternalIdFindsEveryLiveHolderInCreationOrder() {
        String first = insert("Tag__c", "t");
        String second = insert("Tag__c", "u");
        String third = insert("Tag__c", "T");
        // The second record joins the value last; lookups still list records in creation order.
        store.update(second, Map.of("Tag__c", "t"), USER);

        assertThat(store.findIds("Tag__c", "t")).containsExactly(first, second, third);
        assertThat(store.upsert("Tag__c", "t", Map.of(), USER))
                .isEqualTo(new UpsertResult.MultipleMatches(List.of(first, second, third)));
        store.delete(first, USER);
        store.update(third, Map.of("Tag__c", "v"), USER);
        assertThat(store.findIds("Tag__c", "T")).containsExactly(second);
        assertThat(store.findIds("Tag__c", "u")).isEmpty();
    }

    @Test
    void clearForgetsEveryValue() {
        insert("Code__c", "C-1");
        store.clear();
        assertThat(store.findIds("Code__c", "C-1")).isEmpty();
        insert("Code__c", "C-1");
        assertThat(store.count()).isEqualTo(1);
    }

    private UpsertResult.Written upsert(String code) {
        return (UpsertResult.Written) store.upsert("Code__c", code, Map.of("Name", "W"), USER);
    }

    private String insert(String field, String value) {
        return store.insert(Map.of("Name", "W", field, value), USER).id();
    }
}
