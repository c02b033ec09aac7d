package io.crmsync.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.crmsync.budget.Crm;
import io.crmsync.crm.HubSpotActivity;
import io.crmsync.sync.HubSpotRecords;
import io.crmsync.sync.InMemoryPorts;
import io.crmsync.sync.Link;
import io.crmsync.sync.Owners;
import io.crmsync.sync.RecordOutcome;
import io.crmsync.sync.RecordOutcome.Status;
import io.crmsync.tenant.ActivitySettings;
import io.crmsync.tenant.TenantSettings;

/**
 * Activity sync on in-memory CRMs: Salesforce Tasks to HubSpot activities and back, HubSpot activities to Tasks on
 * the timeline, repeats and echoes, owners, records not synced yet, the 60% pause and CRM outages.
 */
class ActivitySyncTest {

    static final Instant NOW = Instant.parse("2026-11-29T10:30:00Z");
    static final String TENANT = "acme";
    static final String LEAD = "00Q000000000001AAA";
    static final String ACCOUNT = "001000000000001AAA";
    static final String CONTACT = "501";
    static final String COMPANY = "601";
    static final String OWNER_USER = "005000000000001AAA";
    static final String HUBSPOT_OWNER = "77";

    final ActivityFakes.Salesforce salesforce = new ActivityFakes.Salesforce();
    final ActivityFakes.HubSpot hubSpot = new ActivityFakes.HubSpot();
    final ActivityFakes.Associations associations = new ActivityFakes.Associations();
    final InMemoryPorts.Links links = new InMemoryPorts.Links();
    final ActivityFakes.Budget budget = new ActivityFakes.Budget();
    Owners owners = new Owners(Map.of(HUBSPOT_OWNER, "ana@acme.example", "78", "bo@acme.example"),
            Map.of(OWNER_USER, "ana@acme.example", "005000000000002AAA", "nobody-in-hubspot@acme.example"));
    int ownerReads;

    ActivitySettings chosen = new ActivitySettings(Set.of(HubSpotActivity.TASK, HubSpotActivity.CALL,
            HubSpotActivity.EMAIL), true, Map.of(HubSpotActivity.MEETING, "Meeting", HubSpotActivity.CALL, "Call",
                    HubSpotActivity.EMAIL, "Email", HubSpotActivity.TASK, "Other"));

    final ActivitySync sync = new ActivitySync(new ActivitySync.Ports(salesforce, hubSpot, associations, links,
            budget, tenantId -> {
                ownerReads++;
                return owners;
            }), tenantId -> TenantSettings.defaults().withActivities(chosen), Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void syncedRecords() {
        links.save(new Link(TENANT, "contact", CONTACT, "Lead", LEAD, "h", NOW));
        links.save(new Link(TENANT, "company", COMPANY, "Account", ACCOUNT, "h", NOW));
    }

    String salesforceTask(String subtype, String ownerId) {
        return salesforce.task(Map.of(ActivityMapping.SUBJECT, "Follow up", ActivityMapping.DESCRIPTION,
                "Call back\nabout pricing", ActivityMapping.ACTIVITY_DATE, "2026-12-01", ActivityMapping.STATUS,
                "Not Started", ActivityMapping.PRIORITY, "High", ActivityMapping.TASK_SUBTYPE, subtype,
                ActivityMapping.WHO_ID, LEAD, ActivityMapping.WHAT_ID, ACCOUNT, ActivityMapping.OWNER_ID, ownerId,
                "CreatedDate", "2026-11-28T09:00:00Z"));
    }

    RecordOutcome fromSalesforce(String taskId) {
        return sync.sync(TENANT, false, "Task", List.of(taskId)).get(taskId);
    }

    RecordOutcome fromHubSpot(HubSpotActivity type, String id) {
        return sync.sync(TENANT, true, type.objectType(), List.of(id)).get(id);
    }

    /** A HubSpot activity a user logged on the synced contact. */
    String hubSpotActivity(HubSpotActivity type) {
        Map<String, String> properties = new java.util.HashMap<>(Map.of(HubSpotActivity.TIMESTAMP,
                "2026-11-27T15:00:00Z", type.bodyProperty(), "Talked <b>budget</b>"));
        type.titleProperty().ifPresent(title -> properties.put(title, "Kickoff"));
        String id = hubSpot.create(type.objectType(), properties);
        associations.associate(type.objectType(), id, "contact", CONTACT);
        return id;
    }

    Optional<Link> taskLink(String taskId) {
        return links.findBySalesforceId(TENANT, "Task", taskId);
    }

    // ---- Salesforce Tasks to HubSpot -------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"Task, TASK", "Call, CALL", "Email, EMAIL"})
    void aSalesforceTaskBecomesAHubSpotActivityOnItsRecordsAndIsLinked(String subtype, HubSpotActivity target) {
        String taskId = salesforceTask(subtype, OWNER_USER);

        assertThat(fromSalesforce(taskId).status()).isEqualTo(Status.SYNCED);

        Map<String, Map<String, String>> made = hubSpot.records(target.objectType());
        assertThat(made).hasSize(1);
        String hubSpotId = made.keySet().iterator().next();
        Map<String, String> activity = made.get(hubSpotId);
        assertThat(activity).containsEntry(HubSpotRecords.SALESFORCE_ID_PROPERTY, taskId)
                .containsEntry(target.bodyProperty(), "Call back<br>about pricing")
                .containsEntry(HubSpotActivity.TIMESTAMP, "2026-12-01T12:00:00Z");
        target.titleProperty().ifPresent(title -> assertThat(activity).containsEntry(title, "Follow up"));
        assertThat(activity).containsAllEntriesOf(ActivityMapping.hubSpotFixedValues(target));
        assertThat(associations.of(target.objectType(), hubSpotId))
                .containsExactlyInAnyOrder("contact|" + CONTACT, "company|" + COMPANY);
        Link link = taskLink(taskId).orElseThrow();
        assertThat(link.hubSpotObject()).isEqualTo(target.objectType());
        assertThat(link.hubSpotId()).isEqualTo(hubSpotId);
        assertThat(link.syncedAt()).isEqualTo(NOW);
    }

    /** A batch of Tasks asks the link store once per object (Lead, Account, Task), not three times per Task. */
    @Test
    void aBatchOfTasksLooksItsLinksUpOncePerObject() {
        List<String> taskIds = java.util.stream.IntStream.range(0, 40).mapToObj(i -> salesforceTask("Task",
                OWNER_USER)).toList();
        links.batchLookups = 0;

        assertThat(sync.sync(TENANT, false, "Task", taskIds).values()).extracting(RecordOutcome::status)
                .containsOnly(Status.SYNCED).hasSize(40);
        assertThat(links.batchLookups).isEqualTo(3);
        assertThat(taskIds).allSatisfy(taskId -> assertThat(taskLink(taskId)).isPresent());
        assertThat(hubSpot.records(HubSpotActivity.TASK.objectType())).hasSize(40);

        links.batchLookups = 0;
        assertThat(sync.sync(TENANT, false, "Task", taskIds).values()).extracting(RecordOutcome::status)
                .containsOnly(Status.UNCHANGED);
        assertThat(links.batchLookups).isEqualTo(3);
        assertThat(hubSpot.records(HubSpotActivity.TASK.objectType())).hasSize(40);
    }

    @Test
    void aRepeatedTaskNoticeWritesNothing() {
        String taskId = salesforceTask("Task", OWNER_USER);
        fromSalesforce(taskId);
        Link first = taskLink(taskId).orElseThrow();

        RecordOutcome again = fromSalesforce(taskId);

        assertThat(again).isEqualTo(new RecordOutcome(Status.UNCHANGED, "already in HubSpot"));
        assertThat(hubSpot.upserts).hasSize(1);
        assertThat(taskLink(taskId)).contains(first);
        assertThat(associations.of("task", first.hubSpotId())).hasSize(2);
    }

    @Test
    void aChangedTaskWritesOnlyWhatChanged() {
        String taskId = salesforceTask("Task", OWNER_USER);
        fromSalesforce(taskId);
        salesforce.tasks.get(taskId).put(ActivityMapping.STATUS, "Completed");

        assertThat(fromSalesforce(taskId).status()).isEqualTo(Status.SYNCED);

        assertThat(hubSpot.upserts).hasSize(2);
        assertThat(hubSpot.upserts.get(1).fields()).containsOnlyKeys(HubSpotActivity.TASK_STATUS)
                .containsEntry(HubSpotActivity.TASK_STATUS, "COMPLETED");
        assertThat(hubSpot.records("task")).hasSize(1);
        // The twin exists already: it is not associated a second time.
        assertThat(associations.of("task", taskLink(taskId).orElseThrow().hubSpotId())).hasSize(2);
    }

    @Test
    void aTaskMadeFromAHubSpotActivityIsNotSentBack() {
        String hubSpotCall = hubSpotActivity(HubSpotActivity.CALL);
        fromHubSpot(HubSpotActivity.CALL, hubSpotCall);
        String taskId = salesforce.tasks.keySet().iterator().next();

        assertThat(fromSalesforce(taskId)).isEqualTo(new RecordOutcome(Status.SKIPPED, "made from a HubSpot activity"));
        assertThat(hubSpot.upserts).isEmpty();
    }

    @Test
    void theTaskOwnerBecomesTheHubSpotOwnerWithTheSameEmail() {
        String owned = salesforceTask("Task", OWNER_USER);
        String ownerNotInHubSpot = salesforceTask("Task", "005000000000002AAA");

        sync.sync(TENANT, false, "Task", List.of(owned, ownerNotInHubSpot));

        String ownedTwin = taskLink(owned).orElseThrow().hubSpotId();
        String otherTwin = taskLink(ownerNotInHubSpot).orElseThrow().hubSpotId();
        assertThat(hubSpot.records("task").get(ownedTwin)).containsEntry(HubSpotActivity.OWNER, HUBSPOT_OWNER);
        assertThat(hubSpot.records("task").get(otherTwin)).doesNotContainKey(HubSpotActivity.OWNER);
        assertThat(ownerReads).as("the owners are read once a batch").isEqualTo(1);
    }

    @Test
    void aNewOwnerIsSentAloneAndAnUnchangedOneNotReadAgain() {
        String taskId = salesforceTask("Task", "005000000000002AAA");
        fromSalesforce(taskId);
        salesforce.tasks.get(taskId).put(ActivityMapping.OWNER_ID, OWNER_USER);

        fromSalesforce(taskId);

        assertThat(hubSpot.upserts.get(1).fields()).containsExactly(Map.entry(HubSpotActivity.OWNER, HUBSPOT_OWNER));
        salesforce.tasks.get(taskId).put(ActivityMapping.SUBJECT, "Follow up today");
        fromSalesforce(taskId);
        assertThat(ownerReads).as("an owner that did not change needs no owner read").isEqualTo(2);
    }

    @Test
    void aTaskWhoseRecordsAreNotSyncedIsSkippedUntilANewNoticeFindsThem() {
        String unsyncedLead = "00Q000000000009AAA";
        // Status and Priority are required on a Salesforce Task: every Task has them.
        String taskId = salesforce.task(Map.of(ActivityMapping.SUBJECT, "Intro", ActivityMapping.STATUS,
                "Not Started", ActivityMapping.PRIORITY, "Normal", ActivityMapping.TASK_SUBTYPE, "Task",
                ActivityMapping.WHO_ID, unsyncedLead));

        assertThat(fromSalesforce(taskId)).isEqualTo(new RecordOutcome(Status.SKIPPED,
                "its Lead, Contact, Account or Opportunity is not synced to HubSpot"));
        assertThat(hubSpot.upserts).isEmpty();
        assertThat(taskLink(taskId)).isEmpty();

        links.save(new Link(TENANT, "contact", "502", "Lead", unsyncedLead, "h", NOW));
        assertThat(fromSalesforce(taskId).status()).isEqualTo(Status.SYNCED);
        assertThat(associations.of("task", taskLink(taskId).orElseThrow().hubSpotId()))
                .containsExactly("contact|502");
    }

    @Test
    void aTaskNoLongerInSalesforceIsNotFound() {
        assertThat(fromSalesforce("00T000000000404AAA").status()).isEqualTo(Status.NOT_FOUND);
        assertThat(hubSpot.upserts).isEmpty();
    }

    // ---- HubSpot activities to Salesforce -----------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = HubSpotActivity.class, names = {"TASK", "MEETING", "CALL", "EMAIL"})
    void aHubSpotActivityBecomesATaskOnItsContactsTimeline(HubSpotActivity type) {
        String id = hubSpotActivity(type);

        assertThat(fromHubSpot(type, id).status()).isEqualTo(Status.SYNCED);

        assertThat(salesforce.tasks).hasSize(1);
        Map<String, String> task = salesforce.tasks.values().iterator().next();
        // The Task's external ID links it to its activity: a repeat upserts the same Task.
        assertThat(task).containsEntry(ActivityMapping.ACTIVITY_KEY_FIELD, type.settingKey() + ":" + id)
                .containsEntry(ActivityMapping.WHO_ID, LEAD)
                .containsEntry(ActivityMapping.TYPE, chosen.timeline().get(type))
                .containsEntry(ActivityMapping.DESCRIPTION, "Talked budget")
                .containsEntry(ActivityMapping.ACTIVITY_DATE, "2026-11-27")
                .containsEntry(ActivityMapping.SUBJECT, type.label() + ": Kickoff");
    }

    @Test
    void aRepeatedHubSpotNoticeNeverMakesASecondTask() {
        String id = hubSpotActivity(HubSpotActivity.MEETING);
        fromHubSpot(HubSpotActivity.MEETING, id);

        assertThat(fromHubSpot(HubSpotActivity.MEETING, id).status()).isEqualTo(Status.SYNCED);

        assertThat(salesforce.tasks).hasSize(1);
        assertThat(salesforce.upserts).extracting(w -> w.key()).containsOnly("meetings:" + id);
    }

    @Test
    void theEchoOfATaskSentToHubSpotWritesNothingBackAndARealChangeDoes() {
        String taskId = salesforceTask("Task", OWNER_USER);
        fromSalesforce(taskId);
        String twin = taskLink(taskId).orElseThrow().hubSpotId();

        assertThat(fromHubSpot(HubSpotActivity.TASK, twin))
                .isEqualTo(new RecordOutcome(Status.UNCHANGED, "already in Salesforce"));
        assertThat(salesforce.updates).isEmpty();

        hubSpot.records("task").get(twin).put(HubSpotActivity.TASK_STATUS, "COMPLETED");
        assertThat(fromHubSpot(HubSpotActivity.TASK, twin).status()).isEqualTo(Status.SYNCED);
        assertThat(salesforce.updates).hasSize(1);
        assertThat(salesforce.updates.get(0).fields()).containsOnlyKeys(ActivityMapping.STATUS);
        assertThat(salesforce.tasks.get(taskId)).containsEntry(ActivityMapping.STATUS, "Completed");
        // And the Salesforce echo of that update finds nothing to send to HubSpot.
        assertThat(fromSalesforce(taskId).status()).isEqualTo(Status.UNCHANGED);
        assertThat(hubSpot.upserts).hasSize(1);
    }

    @Test
    void anActivityWithoutASyncedContactIsSkipped() {
        String id = hubSpot.create("call", Map.of("hs_call_title", "Cold call"));
        associations.associate("call", id, "contact", "599");

        assertThat(fromHubSpot(HubSpotActivity.CALL, id)).isEqualTo(new RecordOutcome(Status.SKIPPED,
                "no contact associated with it is synced to Salesforce"));
        assertThat(salesforce.upserts).isEmpty();
    }

    @Test
    void typesTheTenantDoesNotSyncAreSkippedUnread() {
        chosen = new ActivitySettings(Set.of(), false, Map.of(HubSpotActivity.CALL, "Call"));
        hubSpot.down = true;
        salesforce.down = true;

        assertThat(fromHubSpot(HubSpotActivity.NOTE, "1"))
                .isEqualTo(new RecordOutcome(Status.SKIPPED, "HubSpot notes do not sync (activities.timeline)"));
        assertThat(fromSalesforce("00T000000000001AAA"))
                .isEqualTo(new RecordOutcome(Status.SKIPPED, "Salesforce task sync is off"));
    }

    // ---- the 60% pause and outages ---------------------------------------------------------------------------

    @Test
    void activitiesPauseAtSixtyPercentOfEitherWindowAndTheirNoticesAreDeferred() {
        String taskId = salesforceTask("Task", OWNER_USER);
        String meeting = hubSpotActivity(HubSpotActivity.MEETING);
        budget.allocated.put(Crm.SALESFORCE, 1_000L);
        budget.used.put(Crm.SALESFORCE, 600L);

        RecordOutcome task = fromSalesforce(taskId);
        RecordOutcome hubSpotMeeting = fromHubSpot(HubSpotActivity.MEETING, meeting);

        for (RecordOutcome deferred : List.of(task, hubSpotMeeting)) {
            assertThat(deferred.status()).isEqualTo(Status.DEFERRED);
            assertThat(deferred.resumeAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
            assertThat(deferred.detail()).contains("SALESFORCE window is at 60%");
        }
        assertThat(hubSpot.upserts).isEmpty();
        assertThat(salesforce.upserts).isEmpty();
        assertThat(taskLink(taskId)).isEmpty();

        // A call fewer and they sync: deferred, not lost.
        budget.used.put(Crm.SALESFORCE, 599L);
        assertThat(fromSalesforce(taskId).status()).isEqualTo(Status.SYNCED);
        assertThat(fromHubSpot(HubSpotActivity.MEETING, meeting).status()).isEqualTo(Status.SYNCED);
    }

    @Test
    void theHubSpotWindowPausesActivitiesToo() {
        String taskId = salesforceTask("Call", OWNER_USER);
        budget.allocated.put(Crm.HUBSPOT, 10_000L);
        budget.used.put(Crm.HUBSPOT, 7_000L);

        assertThat(fromSalesforce(taskId).status()).isEqualTo(Status.DEFERRED);
        assertThat(hubSpot.upserts).isEmpty();
    }

    @Test
    void salesforceDownWhileReadingTasksLeavesEveryNoticeToRetry() {
        String first = salesforceTask("Task", OWNER_USER);
        String second = salesforceTask("Call", OWNER_USER);
        salesforce.down = true;

        Map<String, RecordOutcome> outcomes = sync.sync(TENANT, false, "Task", List.of(first, second));

        assertThat(outcomes).containsOnlyKeys(first, second);
        assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(Status.RETRY));
        assertThat(hubSpot.upserts).isEmpty();
        assertThat(taskLink(first)).isEmpty();
    }

    /**
     * HubSpot fails between the upsert and the associations: the activity exists but no link is saved, so the retry
     * finds it again through its Salesforce Id (no second activity) and associates it then.
     */
    @Test
    void anOutageAfterTheUpsertSavesNoLinkAndTheRetryCompletesTheSameActivity() {
        String taskId = salesforceTask("Task", OWNER_USER);
        associations.down = true;

        assertThat(fromSalesforce(taskId).status()).isEqualTo(Status.RETRY);
        assertThat(taskLink(taskId)).isEmpty();

        associations.down = false;
        assertThat(fromSalesforce(taskId).status()).isEqualTo(Status.SYNCED);
        assertThat(hubSpot.records("task")).hasSize(1);
        String twin = taskLink(taskId).orElseThrow().hubSpotId();
        assertThat(associations.of("task", twin)).containsExactlyInAnyOrder("contact|" + CONTACT,
                "company|" + COMPANY);
    }

    @Test
    void salesforceDownWhileWritingTheTimelineWritesNothingAndRetries() {
        String id = hubSpotActivity(HubSpotActivity.EMAIL);
        salesforce.down = true;

        assertThat(fromHubSpot(HubSpotActivity.EMAIL, id).status()).isEqualTo(Status.RETRY);
        assertThat(salesforce.tasks).isEmpty();

        salesforce.down = false;
        assertThat(fromHubSpot(HubSpotActivity.EMAIL, id).status()).isEqualTo(Status.SYNCED);
        assertThat(salesforce.tasks).hasSize(1);
    }

    @Test
    void theOutcomesDecidedBeforeAnOutageStand() {
        String notFound = "00T000000000404AAA";
        String taskId = salesforceTask("Task", OWNER_USER);
        hubSpot.down = true;

        Map<String, RecordOutcome> outcomes = sync.sync(TENANT, false, "Task", List.of(notFound, taskId));

        assertThat(outcomes.get(notFound).status()).isEqualTo(Status.NOT_FOUND);
        assertThat(outcomes.get(taskId).status()).isEqualTo(Status.RETRY);
        assertThat(taskLink(taskId)).isEmpty();
    }
}
