package io.crmsync.reconcile;

import java.util.ArrayList;
import java.util.List;

import io.crmsync.mapping.ObjectPair;
import io.crmsync.crm.Side;
import io.crmsync.tenant.TenantSettings;

/**
 * One pass to run: a side and the mappings of one object there (a HubSpot contact maps to Lead and Contact). Apart
 * from {@link Reconciler} so which passes a tenant's settings ask for reads in one place.
 */
record PassTarget(Side side, List<ObjectPair> pairs) {

    PassTarget {
        pairs = List.copyOf(pairs);
    }

    /** Contacts always (HubSpot side against both pairs, Salesforce per object); companies and deals when on. */
    static List<PassTarget> of(TenantSettings settings) {
        List<PassTarget> targets = new ArrayList<>(List.of(
                new PassTarget(Side.HUBSPOT, List.of(ObjectPair.CONTACT_CONTACT, ObjectPair.CONTACT_LEAD)),
                new PassTarget(Side.SALESFORCE, List.of(ObjectPair.CONTACT_LEAD)),
                new PassTarget(Side.SALESFORCE, List.of(ObjectPair.CONTACT_CONTACT))));
        if (settings.companySync()) {
            targets.add(new PassTarget(Side.HUBSPOT, List.of(ObjectPair.COMPANY_ACCOUNT)));
            targets.add(new PassTarget(Side.SALESFORCE, List.of(ObjectPair.COMPANY_ACCOUNT)));
        }
        if (settings.dealSync()) {
            targets.add(new PassTarget(Side.HUBSPOT, List.of(ObjectPair.DEAL_OPPORTUNITY)));
            targets.add(new PassTarget(Side.SALESFORCE, List.of(ObjectPair.DEAL_OPPORTUNITY)));
        }
        return targets;
    }

    /** The object the pass reads on its side: {@code contact}, {@code Lead}, … */
    String objectType() {
        ObjectPair first = pairs.get(0);
        return side == Side.HUBSPOT ? first.hubSpotObject() : first.salesforceObject();
    }
}
