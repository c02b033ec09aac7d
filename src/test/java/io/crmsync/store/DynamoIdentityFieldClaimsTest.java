package io.crmsync.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.sync.IdentityFieldClaims.Field;
import io.crmsync.tenant.Tenant;

/**
 * The id-field claims against dynalite: of tenants racing for one field of one org exactly one holds it, the
 * holder is read back in one batch, and claims are per org and per field.
 */
class DynamoIdentityFieldClaimsTest {

    static final int TENANTS = 8;
    static final int ROUNDS = 20;
    static final String ORG = "00D5g000004YzKxEAK";
    static final Field LEAD = new Field("Lead", "HubSpot_Contact_Id__c");
    static final Field CONTACT = new Field("Contact", "HubSpot_Contact_Id__c");

    final LocalAws aws = SharedLocalAws.get();
    DynamoIdentityFieldClaims claims;
    DynamoTenantDirectory table;

    @BeforeEach
    void emptyTable() {
        aws.reset();
        claims = new DynamoIdentityFieldClaims(aws.dynamo(), aws.tableName("TenantsTable"));
        table = new DynamoTenantDirectory(aws.dynamo(), aws.tableName("TenantsTable"));
    }

    @Test
    void eightTenantsRacingForOneFieldLeaveExactlyOneHolder() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(TENANTS);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                Field field = new Field("Lead", "HubSpot_Round_" + round + "__c");
                CyclicBarrier start = new CyclicBarrier(TENANTS);
                List<String> winners = new CopyOnWriteArrayList<>();
                List<Future<?>> racers = new ArrayList<>();
                for (int i = 0; i < TENANTS; i++) {
                    String tenant = "r" + round + "-t" + i;
                    racers.add(pool.submit(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        if (claims.claim(tenant, ORG, field)) {
                            winners.add(tenant);
                        }
                        return null;
                    }));
                }
                for (Future<?> racer : racers) {
                    racer.get(30, TimeUnit.SECONDS);
                }

                assertThat(winners).as("round %d", round).hasSize(1);
                assertThat(claims.holders(ORG, List.of(field))).isEqualTo(Map.of(field, winners.get(0)));
                // The holder claiming again keeps it; every other tenant is still refused.
                assertThat(claims.claim(winners.get(0), ORG, field)).isTrue();
                for (int i = 0; i < TENANTS; i++) {
                    String tenant = "r" + round + "-t" + i;
                    assertThat(claims.claim(tenant, ORG, field)).isEqualTo(tenant.equals(winners.get(0)));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void claimsArePerOrgAndFieldReadInOneBatchAndAreNoTenants() {
        assertThat(claims.claim("acme", ORG, LEAD)).isTrue();
        assertThat(claims.claim("acme", ORG, CONTACT)).isTrue();

        // The same org by its 15-character id, and the field spelt in another case: the same claim.
        assertThat(claims.claim("eu", Tenant.orgKey(ORG), LEAD)).isFalse();
        assertThat(claims.claim("eu", ORG, new Field("lead", "hubspot_contact_id__c"))).isFalse();
        // Another org's field of the same name is free; so is another field on the same org.
        assertThat(claims.claim("eu", "00D5g000009AbCdEAK", LEAD)).isTrue();
        Field own = new Field("Lead", "HubSpot_EU_Contact_Id__c");
        assertThat(claims.claim("eu", ORG, own)).isTrue();

        Field unclaimed = new Field("Account", "HubSpot_Company_Id__c");
        assertThat(claims.holders(ORG, List.of(LEAD, CONTACT, own, unclaimed)))
                .isEqualTo(Map.of(LEAD, "acme", CONTACT, "acme", own, "eu"));
        assertThat(claims.holders(ORG, List.of())).isEmpty();
        assertThat(table.registered()).isEmpty();
        assertThat(table.byId(DynamoIdentityFieldClaims.claimKey(ORG, LEAD))).isEqualTo(Optional.empty());
    }
}
