package io.crmsync.sync.pair;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.crmsync.mapping.RecommendedMappings;

class PairBehavioursTest {

    final PairBehaviours pairs = new PairBehaviours((tenant, pair) -> RecommendedMappings.forPair(pair).orElseThrow());

    @Test
    void eachObjectFindsItsPair() {
        assertThat(pairs.ofHubSpot("contact")).containsInstanceOf(ContactPair.class);
        assertThat(pairs.ofHubSpot("company")).containsInstanceOf(CompanyPair.class);
        assertThat(pairs.ofHubSpot("deal")).containsInstanceOf(DealPair.class);
        assertThat(pairs.ofSalesforce("Lead")).containsInstanceOf(ContactPair.class);
        assertThat(pairs.ofSalesforce("Contact")).containsInstanceOf(ContactPair.class);
        assertThat(pairs.ofSalesforce("Account")).containsInstanceOf(CompanyPair.class);
        assertThat(pairs.ofSalesforce("Opportunity")).containsInstanceOf(DealPair.class);
    }

    @Test
    void objectsThatDoNotSyncHaveNoPair() {
        assertThat(pairs.ofHubSpot("ticket")).isEmpty();
        assertThat(pairs.ofSalesforce("Case")).isEmpty();
        assertThat(pairs.ofSalesforce("Task")).isEmpty();
    }
}
