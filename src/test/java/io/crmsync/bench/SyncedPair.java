package io.crmsync.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.crmsync.devstack.LocalDeployment;
import io.crmsync.localaws.LocalAws;
import io.crmsync.mapping.ObjectPair;
import io.crmsync.sandbox.hubspot.HubSpotSandbox;
import io.crmsync.sandbox.salesforce.SalesforceSandbox;

/** A HubSpot contact and the Lead crmsync created for it. */
record SyncedPair(String contactId, String leadId) {

    /**
     * Creates {@code count} contacts in HubSpot and lets the deployment sync them, so each has its Lead and its
     * link (with the fingerprints a sync stores) before any change is measured.
     */
    static List<SyncedPair> seed(LocalAws aws, LocalDeployment deployment, int count, String tag) {
        HubSpotSandbox hubSpot = deployment.hubSpot();
        SalesforceSandbox salesforce = deployment.salesforce();
        List<String> contacts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            contacts.add(hubSpot.createContact(Map.of("email", tag + i + "@example.com", "firstname", "Bench",
                    "lastname", "Contact " + i, "company", "Bench Inc", "jobtitle", "Seeded")));
        }
        Settling.await(() -> salesforce.count("Lead") >= count, Duration.ofMinutes(2), count + " contacts synced");
        Settling.awaitSettled(aws, deployment, Duration.ofMinutes(1));
        String externalId = ObjectPair.CONTACT_LEAD.defaultIdField();
        return contacts.stream().map(contact -> new SyncedPair(contact, salesforce.leadByExternalId(externalId,
                contact).orElseThrow(() -> new IllegalStateException("no Lead for contact " + contact)).get("Id")
                .toString())).toList();
    }

    /** Figures from a deployment that finds links of an earlier scenario would be wrong (sandbox ids repeat). */
    static void requireEmptyLinks(LocalAws aws) {
        if (!aws.dynamo().scan(b -> b.tableName(aws.tableName("LinksTable")).limit(1)).items().isEmpty()) {
            throw new IllegalStateException("benchmark: the links table holds an earlier scenario's links; "
                    + "call aws.reset() first");
        }
    }
}
