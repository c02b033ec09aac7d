package io.crmsync.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The end-to-end log audit finds what it is meant to find, and nothing in an ordinary line. */
class LogAuditTest {

    @TempDir
    Path logs;

    @Test
    void findsSecretsGrantsEmailsAndNamesButNotIdsOrWordsContainingAName() throws Exception {
        Files.write(logs.resolve("sync-worker-0.log"), List.of(
                "INFO tenant local: HUBSPOT contact: {SYNCED=1}; CRM calls {hubspot POST /crm/v3/objects/contacts/batch/read=1}",
                "INFO the adapter read 3 records of contact 1246965", // "Ada" only inside a word
                "WARN refresh failed with token rt-0123456789abcdef",
                "ERROR value refused for ada@example.com",
                "ERROR LastName Lovelace too long"));
        Files.write(logs.resolve("notes.txt"), List.of("pat-local-0000")); // not a log file
        LogAudit audit = new LogAudit().secrets("pat-local-0000").names("Ada", "Lovelace")
                .secretsOf("{\"hubSpot\":{\"accessToken\":\"at-fedcba9876543210\",\"refreshToken\":\"rt-0123456789abcdef\","
                        + "\"portalId\":62515},\"salesforce\":{\"privateKeyPem\":\"-----BEGIN PRIVATE KEY-----\\n"
                        + "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\\n-----END PRIVATE KEY-----\"}}");

        List<String> findings = audit.findings(logs);

        assertThat(audit.secretCount()).isEqualTo(4);
        assertThat(findings).containsExactly(
                "sync-worker-0.log:3: a secret (19 characters)",
                "sync-worker-0.log:4: an email address: ERROR value refused for <email>",
                "sync-worker-0.log:5: the name of a person in the test data: ERROR LastName Lovelace too long");
        assertThat(String.join("\n", findings)).doesNotContain("rt-0123456789abcdef");
    }
}
