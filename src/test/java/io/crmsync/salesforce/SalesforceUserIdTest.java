package io.crmsync.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Who a login acts as, from the identity URL of Salesforce's token answer. */
class SalesforceUserIdTest {

    @Test
    void theUserIsTheIdentityUrlsLastSegmentAfterTheOrg() {
        assertThat(SalesforceSession.userIdOf("https://login.salesforce.com/id/00D5g000004YzKxEAK/0055g00000AbCdEAAV"))
                .isEqualTo("0055g00000AbCdEAAV");
        assertThat(SalesforceSession.userIdOf("https://test.salesforce.com/id/00D5g000004YzKx/0055g00000AbCdE"))
                .isEqualTo("0055g00000AbCdE");
    }

    @Test
    void anAnswerWithoutAnIdentityUrlNamesNoUser() {
        assertThat(SalesforceSession.userIdOf(null)).isNull();
        assertThat(SalesforceSession.userIdOf(" ")).isNull();
        assertThat(SalesforceSession.userIdOf("https://login.salesforce.com/services/oauth2/userinfo")).isNull();
    }
}
