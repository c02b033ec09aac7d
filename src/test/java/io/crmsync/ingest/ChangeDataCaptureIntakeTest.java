package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.notice.ChangeNotice.ChangeKind;
import io.crmsync.lambda.EventBridgeEvent;
import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.NoticeQueue;
import io.crmsync.tenant.Tenant;

class ChangeDataCaptureIntakeTest {

    final ObjectMapper json = new ObjectMapper();
    final RecordingQueue queue = new RecordingQueue();
    final ChangeDataCaptureIntake intake = new ChangeDataCaptureIntake(new Tenants(), queue, "crmsync");

    ObjectNode fixture() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/events/eventbridge-salesforce-cdc-lead-update.json")) {
            return (ObjectNode) json.readTree(in);
        }
    }

    EventBridgeEvent event(ObjectNode node) throws IOException {
        return json.treeToValue(node, EventBridgeEvent.class);
    }

    ObjectNode header(ObjectNode event) {
        return (ObjectNode) event.path("detail").path("payload").path("ChangeEventHeader");
    }

    @Test
    void anUpdateBecomesOneNoticeForAllItsRecords() throws IOException {
        ChangeDataCaptureIntake.Outcome outcome = intake.handle(event(fixture()));

        assertThat(outcome.result()).isEqualTo("enqueued");
        assertThat(queue.enqueued).singleElement().satisfies(n -> {
            assertThat(n.tenantId()).isEqualTo("acme");
            assertThat(n.objectType()).isEqualTo("Lead");
            assertThat(n.kind()).isEqualTo(ChangeKind.UPDATED);
            assertThat(n.recordIds()).containsExactly("00Q5g00000AbCdEEAV", "00Q5g00000AbCdFEAV");
            assertThat(n.occurredAt()).isEqualTo(Instant.ofEpochMilli(1796032800000L));
            assertThat(n.hints()).containsEntry("changedFields", "Title,LastModifiedDate,Phone");
        });
    }

    /**
     * Several HubSpot portals (tenants) on one org: a change reaches each of them, and crmsync's own write for one
     * tenant is that tenant's echo only (issue 19: one mark for all dropped the change for the others too).
     */
    @Test
    void aChangeReachesEveryTenantOnTheOrgButTheOneWhoseWriteItWas() throws IOException {
        Tenants shared = new Tenants(java.util.List.of(new Tenant("acme", 62515, "00D5g000004YzKxEAK", Optional.empty()),
                new Tenant("globex", 70000, "00D5g000004YzKx", Optional.empty()),
                new Tenant("initech", 80000, "00D5g000004YzKxEAK", Optional.empty()),
                new Tenant("other-org", 90000, "00D5g000009AbCdEAK", Optional.empty())));
        ChangeDataCaptureIntake onShared = new ChangeDataCaptureIntake(shared, queue, "crmsync");
        ObjectNode event = fixture();

        assertThat(onShared.handle(event(event)).notices()).extracting(ChangeNotice::tenantId)
                .containsExactly("acme", "globex", "initech");
        header(event).put("changeOrigin", "com/salesforce/api/rest/62.0;client=crmsync-globex");
        assertThat(onShared.handle(event(event)).notices()).extracting(ChangeNotice::tenantId)
                .containsExactly("acme", "initech");
        // The mark of versions before shared orgs names no tenant: everyone's echo, as when it was written.
        header(event).put("changeOrigin", "com/salesforce/api/rest/62.0;client=crmsync");
        assertThat(onShared.handle(event(event)).result()).isEqualTo("dropped: crmsync's own write");
        assertThat(queue.enqueued).extracting(ChangeNotice::tenantId)
                .containsExactly("acme", "globex", "initech", "acme", "initech");
        assertThat(queue.enqueued).allSatisfy(n -> assertThat(n.recordIds())
                .containsExactly("00Q5g00000AbCdEEAV", "00Q5g00000AbCdFEAV"));
    }

    @Test
    void crmsyncsOwnChangesAreDropped() throws IOException {
        ObjectNode event = fixture();
        header(event).put("changeOrigin", "com/salesforce/api/rest/62.0;client=crmsync");
        assertThat(intake.handle(event(event)).result()).startsWith("dropped");
        header(event).put("changeOrigin", "com/salesforce/api/rest/62.0;client=crmsync-acme");
        assertThat(intake.handle(event(event)).result()).startsWith("dropped");
        header(event).put("changeOrigin", "com/salesforce/api/rest/62.0;client=crmsync-other");
        assertThat(intake.handle(event(event)).result()).isEqualTo("enqueued");
        header(event).put("changeOrigin", "com/salesforce/api/rest/62.0;client=crmsyncer");
        assertThat(intake.handle(event(event)).result()).isEqualTo("enqueued");
        assertThat(queue.enqueued).hasSize(2);
    }

    @Test
    void mapsEveryChangeTypeAndGaps() throws IOException {
        ObjectNode event = fixture();
        for (String type : new String[] {"CREATE", "DELETE", "UNDELETE", "GAP_UPDATE", "GAP_OVERFLOW"}) {
            header(event).put("changeType", type);
            intake.handle(event(event));
        }
        assertThat(queue.enqueued).extracting(ChangeNotice::kind).containsExactly(ChangeKind.CREATED,
                ChangeKind.DELETED, ChangeKind.RESTORED, ChangeKind.UPDATED, ChangeKind.UPDATED);
        assertThat(queue.enqueued.get(3).hints()).containsEntry("gap", "GAP_UPDATE");
        header(event).put("changeType", "UPDATE").putArray("recordIds").add("00Q*");
        intake.handle(event(event));
        assertThat(queue.enqueued.get(5).recordIds()).isEmpty();
        assertThat(queue.enqueued.get(5).hints()).containsKey("gap");
    }

    @Test
    void rejectsUnknownOrgsForeignSourcesAndNonCdcEvents() throws IOException {
        ObjectNode unknownOrg = fixture().put("source", "aws.partner/salesforce.com/00D5g000001ZzZzEAK/0YL5g0000008OJ6");
        assertThatThrownBy(() -> intake.handle(event(unknownOrg))).isInstanceOf(ChangeDataCaptureIntake.Rejected.class);
        ObjectNode foreign = fixture().put("source", "aws.partner/evil.example/00D5g000004YzKxEAK/x");
        assertThatThrownBy(() -> intake.handle(event(foreign))).isInstanceOf(ChangeDataCaptureIntake.Rejected.class);
        ObjectNode noHeader = fixture();
        ((ObjectNode) noHeader.path("detail").path("payload")).remove("ChangeEventHeader");
        assertThatThrownBy(() -> intake.handle(event(noHeader))).isInstanceOf(ChangeDataCaptureIntake.Rejected.class);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void objectsThatDoNotSyncAreIgnored() throws IOException {
        ObjectNode event = fixture();
        header(event).put("entityName", "Case");
        assertThat(intake.handle(event(event)).result()).startsWith("ignored");
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void aTenantsTableOutageFailsTheInvocationSoEventBridgeRetriesAndIsNotARejection() throws IOException {
        Tenants tenants = new Tenants();
        tenants.unavailable = true;
        ChangeDataCaptureIntake withTableDown = new ChangeDataCaptureIntake(tenants, queue, "crmsync");

        assertThatThrownBy(() -> withTableDown.handle(event(fixture())))
                .isInstanceOf(io.crmsync.tenant.TenantDirectoryUnavailableException.class)
                .isNotInstanceOf(ChangeDataCaptureIntake.Rejected.class);
        assertThat(queue.enqueued).isEmpty();
    }

    @Test
    void aQueueOutageFailsTheInvocationSoLambdaRetries() throws IOException {
        queue.unavailable = true;
        assertThatThrownBy(() -> intake.handle(event(fixture()))).isInstanceOf(NoticeQueue.EnqueueFailedException.class);
    }
}
