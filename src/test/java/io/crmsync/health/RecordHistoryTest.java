package io.crmsync.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.sync.AuditLog;
import io.crmsync.sync.Link;

class RecordHistoryTest {

    static final Instant T1 = Instant.parse("2026-11-28T09:00:00Z");
    static final Instant T2 = Instant.parse("2026-11-29T09:00:00Z");

    final io.crmsync.sync.InMemoryPorts.Links links = new io.crmsync.sync.InMemoryPorts.Links();
    final io.crmsync.sync.InMemoryPorts.Audit audit = new io.crmsync.sync.InMemoryPorts.Audit();
    final RecordHistory history = new RecordHistory(links, audit);

    void seedContact() {
        links.save(new Link("acme", "contact", "123", "Contact", "0035g00000AbCdEAAV", "hash", T2));
        audit.append(List.of(
                new AuditLog.Entry("acme", "contact", "123", "Contact", "0035g00000AbCdEAAV", "Email", "a@x.io", null,
                        "a@x.io", "SALESFORCE", "HUBSPOT", "TWO_WAY", "only HubSpot has a value", T1),
                new AuditLog.Entry("acme", "contact", "123", "Contact", "0035g00000AbCdEAAV", "Phone", "+1 555",
                        "+1 556", "+1 556", "HUBSPOT", "SALESFORCE", "PREFER_SALESFORCE", "Salesforce wins", T2),
                new AuditLog.Entry("acme", "contact", "123", "Contact", "0035g00000AbCdEAAV", "Title", "CEO", "CTO",
                        null, "", "HUBSPOT", "ONE_WAY_TO_HUBSPOT", "not written: one way", T2.minusSeconds(1)),
                new AuditLog.Entry("other", "contact", "123", "Contact", "x", "Email", "z", null, "z", "SALESFORCE",
                        "HUBSPOT", "TWO_WAY", "another tenant", T2)));
    }

    @Test
    void aHubSpotRecordShowsItsLinkAndItsDecisionsNewestFirstWithOldAndNewValues() {
        seedContact();

        RecordHistory.History found = history.of("acme", "hubspot:contact:123");

        assertThat(found.found()).isTrue();
        assertThat(found.message()).isNull();
        assertThat(found.link()).isEqualTo(new RecordHistory.LinkView("contact", "123", "Contact",
                "0035g00000AbCdEAAV", T2));
        assertThat(found.entries()).extracting(RecordHistory.Change::field).containsExactly("Phone", "Title", "Email");
        assertThat(found.entries().get(0)).isEqualTo(new RecordHistory.Change(T2, "Phone", "+1 555", "+1 556",
                "HUBSPOT", "+1 555", "+1 556", "SALESFORCE", "PREFER_SALESFORCE", "Salesforce wins"));
        assertThat(found.entries().get(1).oldValue()).isNull();
        assertThat(found.entries().get(1).newValue()).isNull();
        assertThat(found.entries().get(1).writtenTo()).isNull();
        assertThat(found.entries().get(2).oldValue()).isNull();
        assertThat(found.entries().get(2).newValue()).isEqualTo("a@x.io");
    }

    @Test
    void aSalesforceIdIsFoundThroughItsLinkAndTheErrorKeyFormWorksToo() {
        seedContact();

        assertThat(history.of("acme", "salesforce:Contact:0035g00000AbCdEAAV").entries()).hasSize(3);
        assertThat(history.of("acme", "hubspot|Contact|123").record()).isEqualTo("hubspot:contact:123");
        assertThat(history.of("acme", " hubspot|contact|123 ").entries()).hasSize(3);
    }

    @Test
    void unknownRecordsAnswerEmptyWithAMessage() {
        seedContact();

        RecordHistory.History unknown = history.of("acme", "hubspot:contact:999");
        assertThat(unknown.found()).isFalse();
        assertThat(unknown.entries()).isEmpty();
        assertThat(unknown.link()).isNull();
        assertThat(unknown.message()).contains("Nothing is known about hubspot:contact:999 in tenant acme");

        RecordHistory.History salesforce = history.of("acme", "salesforce:Contact:0035g00000ZZZZZAAV");
        assertThat(salesforce.found()).isFalse();
        assertThat(salesforce.message()).contains("No link for salesforce:Contact:0035g00000ZZZZZAAV")
                .contains("search by its HubSpot id");
    }

    @Test
    void aDeletedRecordKeepsItsPastDecisions() {
        audit.append(List.of(new AuditLog.Entry("acme", "contact", "77", "Contact", "003X", "(record deleted)", null,
                null, null, "", "SALESFORCE", "DELETE", "deleted in Salesforce", T1)));

        RecordHistory.History deleted = history.of("acme", "hubspot:contact:77");

        assertThat(deleted.found()).isTrue();
        assertThat(deleted.link()).isNull();
        assertThat(deleted.message()).startsWith("No link");
        assertThat(deleted.entries()).extracting(RecordHistory.Change::rule).containsExactly("DELETE");
    }

    @Test
    void namesThatAreNotRecordsAreRefusedWithTheExpectedForm() {
        assertThatThrownBy(() -> history.of("acme", "contact:123")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a record name").hasMessageContaining("hubspot:contact:123");
        assertThatThrownBy(() -> history.of("acme", "zoho:contact:1")).hasMessageContaining("Unknown system 'zoho'");
        assertThatThrownBy(() -> history.of("acme", "hubspot:contact:1 OR 1=1")).hasMessageContaining("not a record id");
        assertThatThrownBy(() -> history.of("acme", "salesforce:Con tact:1")).hasMessageContaining("not an object type");
        assertThatThrownBy(() -> history.of("acme", "")).hasMessageContaining("No record given");
    }
}
