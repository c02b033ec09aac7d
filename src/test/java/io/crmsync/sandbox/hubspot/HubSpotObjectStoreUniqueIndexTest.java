package io.crmsync.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.crmsync.sandbox.http.MutableClock;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.MergeResult;
import io.crmsync.sandbox.hubspot.HubSpotObjectStore.WriteResult;

/**
 * The store's index of unique values must follow every write: a value a record gives up (update, archive,
 * merge, erase) is free at once, a value a record takes (or takes back on restore) is blocked at once, and
 * lookups by unique value see the same.
 */
class HubSpotObjectStoreUniqueIndexTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private final PropertyRegistry registry = new PropertyRegistry(HubSpotObjectType.STANDARD, clock, Set::of);
    private final HubSpotObjectStore contacts = new HubSpotObjectStore(HubSpotObjectType.CONTACTS, registry, clock,
            1, change -> { });

    @Test
    void anArchivedRecordsValueIsFreeAndRestoreIsRefusedWhileItIsTaken() {
        long first = create("a@example.com");
        assertThat(contacts.archive(first, ChangeSource.crmUi())).isTrue();
        assertThat(contacts.findByUniqueValue("email", "a@example.com")).isEmpty();

        long second = create("A@Example.com");
        assertThat(holderOf("a@example.com")).contains(second);
        assertThat(contacts.restore(first, ChangeSource.crmUi())).isFalse();

        contacts.archive(second, ChangeSource.crmUi());
        assertThat(contacts.restore(first, ChangeSource.crmUi())).isTrue();
        assertThat(holderOf("A@EXAMPLE.COM")).contains(first);
        assertThat(createResult("a@example.com")).isEqualTo(new WriteResult.Conflict(first, "email"));
        assertThat(contacts.restore(second, ChangeSource.crmUi())).isFalse();
    }

    @Test
    void anUpdateFreesTheOldValueAndBlocksTheNewOne() {
        long first = create("one@example.com");
        long second = create("two@example.com");
        contacts.update(first, Map.of("email", "three@example.com"), ChangeSource.crmUi());

        long third = create("one@example.com");
        assertThat(holderOf("one@example.com")).contains(third);
        assertThat(contacts.update(second, Map.of("email", "Three@example.com"), ChangeSource.crmUi()))
                .isEqualTo(new WriteResult.Conflict(first, "email"));

        contacts.update(first, Map.of("email", ""), ChangeSource.crmUi());
        assertThat(holderOf("three@example.com")).isEmpty();
        assertThat(contacts.update(second, Map.of("email", "three@example.com"), ChangeSource.crmUi()))
                .isInstanceOf(WriteResult.Written.class);
        assertThat(holderOf("three@example.com")).contains(second);
        assertThat(holderOf("two@example.com")).isEmpty();
        // Re-saving a record with its own value is no clash.
        assertThat(contacts.update(second, Map.of("email", "three@example.com", "firstname", "Same"),
                ChangeSource.crmUi())).isInstanceOf(WriteResult.Written.class);
    }

    @Test
    void mergingFreesTheMergedRecordsValueOrMovesItToThePrimary() {
        long primary = create("p@example.com");
        long other = create("o@example.com");
        assertThat(contacts.merge(primary, other, ChangeSource.crmUi())).isInstanceOf(MergeResult.Merged.class);
        // The primary keeps its own email; the merged record's is free for a new contact.
        assertThat(holderOf("p@example.com")).contains(primary);
        assertThat(holderOf("o@example.com")).isEmpty();
        long newcomer = create("o@example.com");

        WriteResult noEmail = contacts.create(Map.of("firstname", "No email"), ChangeSource.crmUi());
        long bare = ((WriteResult.Written) noEmail).object().id();
        contacts.merge(bare, newcomer, ChangeSource.crmUi());
        // A primary without email takes the merged record's.
        assertThat(holderOf("o@example.com")).contains(bare);
        assertThat(createResult("o@example.com")).isEqualTo(new WriteResult.Conflict(bare, "email"));
    }

    @Test
    void erasingFreesTheValue() {
        long first = create("gone@example.com");
        assertThat(contacts.erase(first, ChangeSource.crmUi())).isTrue();
        assertThat(holderOf("gone@example.com")).isEmpty();
        create("gone@example.com");
    }

    @Test
    void clearForgetsEveryValue() {
        create("c@example.com");
        contacts.clear();
        assertThat(holderOf("c@example.com")).isEmpty();
        create("c@example.com");
    }

    @Test
    void aUniquePropertyAddedLaterIsEnforcedFromThen() {
        HubSpotObjectStore companies = new HubSpotObjectStore(HubSpotObjectType.COMPANIES, registry, clock, 1,
                change -> { });
        companies.create(Map.of("name", "Before"), ChangeSource.crmUi());
        registry.create(HubSpotObjectType.COMPANIES, new PropertyDefinition("erp_id", "ERP id", "string", "text",
                "companyinformation", "", List.of(), true, false, false, false, -1, Instant.EPOCH));

        long acme = ((WriteResult.Written) companies.create(Map.of("name", "Acme", "erp_id", "E-1"),
                ChangeSource.crmUi())).object().id();
        assertThat(companies.create(Map.of("erp_id", "e-1"), ChangeSource.crmUi()))
                .isEqualTo(new WriteResult.Conflict(acme, "erp_id"));
        companies.update(acme, Map.of("erp_id", "E-2"), ChangeSource.crmUi());
        assertThat(companies.findByUniqueValue("erp_id", "E-1")).isEmpty();
        assertThat(companies.findByUniqueValue("erp_id", "E-2")).map(HubSpotObject::id).contains(acme);
        assertThat(companies.create(Map.of("erp_id", "E-1"), ChangeSource.crmUi())).isInstanceOf(WriteResult.Written.class);
    }

    private long create(String email) {
        return ((WriteResult.Written) createResult(email)).object().id();
    }

    private WriteResult createResult(String email) {
        return contacts.create(Map.of("email", email), ChangeSource.crmUi());
    }

    private Optional<Long> holderOf(String email) {
        return contacts.findByUniqueValue("email", email).map(HubSpotObject::id);
    }
}
