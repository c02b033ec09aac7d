package io.crmsync.sync.pair;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

import io.crmsync.mapping.ObjectMapping;
import io.crmsync.mapping.ObjectPair;

/** The behaviour of every object pair crmsync syncs (activities excepted: they live in {@code io.crmsync.activity}). */
public final class PairBehaviours {

    private final List<PairBehaviour> all;

    public PairBehaviours(BiFunction<String, ObjectPair, ObjectMapping> mappings) {
        this.all = List.of(new ContactPair(mappings), new CompanyPair(mappings), new DealPair(mappings));
    }

    /** The pair of a HubSpot object type; none for a type crmsync does not sync. */
    public Optional<PairBehaviour> ofHubSpot(String objectType) {
        return all.stream().filter(p -> p.hubSpotObject().equals(objectType)).findFirst();
    }

    /** The pair of a Salesforce object; none for an object crmsync does not sync. */
    public Optional<PairBehaviour> ofSalesforce(String sObject) {
        return all.stream().filter(p -> p.pairsWith(sObject)).findFirst();
    }
}
