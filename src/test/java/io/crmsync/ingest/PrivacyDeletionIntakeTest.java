package io.crmsync.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.crmsync.notice.ChangeNotice;
import io.crmsync.notice.ChangeNotice.ChangeKind;

/**
 * HubSpot's GDPR delete ({@code contact.privacyDeletion}) reaches the worker as a deletion that says it is one, so
 * the worker erases what crmsync keeps about the person; a plain deletion does not.
 */
class PrivacyDeletionIntakeTest {

    final RecordingQueue queue = new RecordingQueue();
    final HubSpotWebhookIntake intake = new HubSpotWebhookIntake(HubSpotWebhookIntakeTest.SECRET,
            HubSpotWebhookIntakeTest.APP_ID, Optional.empty(), HubSpotWebhookIntakeTest.onlyTenant(), queue,
            new RememberingSeenDeliveries(),
            new ObjectMapper().registerModule(new JavaTimeModule()),
            Clock.fixed(HubSpotWebhookIntakeTest.NOW, ZoneOffset.UTC));

    @Test
    void aPrivacyDeletionIsADeletionThatAsksForTheErase() {
        String body = "[" + HubSpotWebhookIntakeTest.event(1, "contact.privacyDeletion", 601, "GDPR", "")
                + "," + HubSpotWebhookIntakeTest.event(2, "contact.deletion", 602, "CRM_UI", "") + "]";

        assertThat(intake.handle(HubSpotWebhookIntakeTest.signed(body, HubSpotWebhookIntakeTest.NOW)).statusCode())
                .isEqualTo(200);

        assertThat(queue.enqueued).hasSize(2).allSatisfy(n -> assertThat(n.kind()).isEqualTo(ChangeKind.DELETED));
        ChangeNotice erase = queue.enqueued.stream().filter(n -> n.recordIds().contains("601")).findFirst().orElseThrow();
        ChangeNotice plain = queue.enqueued.stream().filter(n -> n.recordIds().contains("602")).findFirst().orElseThrow();
        assertThat(erase.privacyDeletion()).isTrue();
        assertThat(erase.hints()).containsEntry(ChangeNotice.PRIVACY_DELETION, "true")
                .doesNotContainKey("changedProperties");
        assertThat(plain.privacyDeletion()).isFalse();
    }

    @Test
    void aPlainDeletionFoldedWithAPrivacyDeletionOfTheSameContactIsErased() {
        String body = "[" + HubSpotWebhookIntakeTest.event(1, "contact.deletion", 601, "CRM_UI", "")
                + "," + HubSpotWebhookIntakeTest.event(2, "contact.privacyDeletion", 601, "GDPR", "") + "]";

        intake.handle(HubSpotWebhookIntakeTest.signed(body, HubSpotWebhookIntakeTest.NOW));

        assertThat(queue.enqueued).singleElement().satisfies(n -> assertThat(n.privacyDeletion()).isTrue());
    }
}
