package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.mapping.FieldKind;
import io.crmsync.mapping.FieldMapping;
import io.crmsync.mapping.MappingStore;
import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.mapping.RecommendedMappings;
import io.crmsync.mapping.SyncRule;

/** The mappings adapter against dynalite, on the table created from infra/aws-resources.json. */
class DynamoMappingStoreTest {

    static final ObjectMapping DEALS = new ObjectMapping(ObjectPair.DEAL_OPPORTUNITY, List.of(
            FieldMapping.text("dealname", "Name", SyncRule.TWO_WAY),
            new FieldMapping("dealstage", "StageName", SyncRule.ALWAYS_SALESFORCE, FieldKind.ENUMERATION,
                    Map.of("closedwon", "Closed Won", "closedlost", "Closed Lost")),
            new FieldMapping("hubspot_owner_id", "OwnerId", SyncRule.TWO_WAY, FieldKind.OWNER, Map.of())),
            Map.of("CloseDate", "2026-12-31"));

    final LocalAws aws = SharedLocalAws.get();
    DynamoMappingStore store;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        store = new DynamoMappingStore(aws.dynamo(), aws.tableName("MappingsTable"));
    }

    @Test
    void aTenantWithNothingStoredHasTheRecommendedPresets() {
        Map<ObjectPair, MappingStore.StoredMapping> current = store.current("acme");

        assertThat(current).containsOnlyKeys(ObjectPair.CONTACT_LEAD, ObjectPair.CONTACT_CONTACT,
                ObjectPair.COMPANY_ACCOUNT, ObjectPair.DEAL_OPPORTUNITY);
        assertThat(current.get(ObjectPair.CONTACT_LEAD)).isEqualTo(new MappingStore.StoredMapping(
                RecommendedMappings.CONTACT_LEAD, 0));
        assertThat(current.values()).noneMatch(MappingStore.StoredMapping::stored);
    }

    @Test
    void storesMappingsPerTenantAndPairWithIncreasingVersions() {
        store.save("acme", DEALS, 0);
        ObjectMapping leads = new ObjectMapping(ObjectPair.CONTACT_LEAD,
                List.of(FieldMapping.text("email", "Email", SyncRule.PREFER_SALESFORCE_UNLESS_BLANK)), Map.of());
        store.save("acme", leads, 0);
        store.save("acme", RecommendedMappings.CONTACT_LEAD, 1);

        Map<ObjectPair, MappingStore.StoredMapping> acme = store.current("acme");
        assertThat(acme.get(ObjectPair.DEAL_OPPORTUNITY)).isEqualTo(new MappingStore.StoredMapping(DEALS, 1));
        assertThat(acme.get(ObjectPair.CONTACT_LEAD)).isEqualTo(new MappingStore.StoredMapping(
                RecommendedMappings.CONTACT_LEAD, 2));
        assertThat(store.load("acme").get(ObjectPair.DEAL_OPPORTUNITY).fields()).isEqualTo(DEALS.fields());
        assertThat(store.current("globex").get(ObjectPair.DEAL_OPPORTUNITY)).isEqualTo(
                new MappingStore.StoredMapping(RecommendedMappings.DEAL_OPPORTUNITY, 0));
    }

    @Test
    void aSaveBasedOnAnOutdatedVersionFailsAndChangesNothing() {
        store.save("acme", DEALS, 0);
        ObjectMapping mine = new ObjectMapping(ObjectPair.DEAL_OPPORTUNITY,
                List.of(FieldMapping.text("dealname", "Name", SyncRule.DONT_SYNC)), Map.of());

        // Both admins read "nothing stored"; the second to save must not overwrite the first.
        assertThatThrownBy(() -> store.save("acme", mine, 0))
                .isInstanceOf(MappingStore.ConcurrentChangeException.class)
                .hasMessageContaining("deal_opportunity").hasMessageContaining("acme");
        assertThatThrownBy(() -> store.save("acme", mine, 2))
                .isInstanceOf(MappingStore.ConcurrentChangeException.class);
        assertThat(store.current("acme").get(ObjectPair.DEAL_OPPORTUNITY))
                .isEqualTo(new MappingStore.StoredMapping(DEALS, 1));
    }

    @Test
    void aTenantsOwnIdFieldIsStoredAndAnItemWithoutOneKeepsTheDefault() {
        store.save("eu", RecommendedMappings.CONTACT_LEAD.withSalesforceIdField("HubSpot_EU_Contact_Id__c"), 0);
        // An item as stored before tenants named their own field: no salesforceIdField attribute.
        store.save("acme", RecommendedMappings.CONTACT_LEAD, 0);

        assertThat(store.load("eu").get(ObjectPair.CONTACT_LEAD).salesforceIdField())
                .isEqualTo("HubSpot_EU_Contact_Id__c");
        assertThat(store.load("eu").get(ObjectPair.CONTACT_CONTACT).salesforceIdField())
                .isEqualTo("HubSpot_Contact_Id__c");
        assertThat(aws.dynamo().getItem(b -> b.tableName(aws.tableName("MappingsTable")).key(Map.of(
                DynamoMappingStore.KEY, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("acme"),
                DynamoMappingStore.PAIR, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(
                        "contact_lead")))).item()).doesNotContainKey("salesforceIdField");
        assertThat(store.load("acme").get(ObjectPair.CONTACT_LEAD)).isEqualTo(RecommendedMappings.CONTACT_LEAD);
    }
}
