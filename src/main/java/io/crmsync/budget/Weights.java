package io.crmsync.budget;

import java.util.Map;
import java.util.Objects;

/**
 * What one call costs against the allocation, per endpoint key as {@link CrmCalls} names them
 * ({@code "salesforce PATCH /services/data/v62.0/composite/sobjects"}).
 *
 * <p>{@link #CRM_RULES}: every REST call costs 1, however many records it carries: a Salesforce sObject
 * Collections call (up to 200 records) or SOQL page is one call (facts §15.5), a HubSpot batch call (up to 100
 * inputs) is one call. HubSpot search costs 1 of the daily limit too, but has its own 5 requests per second per
 * account outside the 10-second burst (facts §15.2), which this table does not model. OAuth token calls cost 0:
 * the Salesforce sandbox meters only {@code /services/data} and never the token endpoint; the reference facts do
 * not say either way, so this is an assumption to confirm against a real org's {@code Sforce-Limit-Info}.
 */
public record Weights(Map<String, Integer> byEndpoint, int otherwise) {

    public static final Weights CRM_RULES = new Weights(Map.of(
            "salesforce POST /services/oauth2/token", 0,
            "hubspot POST /oauth/v1/token", 0), 1);

    public Weights {
        byEndpoint = Map.copyOf(Objects.requireNonNull(byEndpoint, "byEndpoint"));
        byEndpoint.forEach((endpoint, weight) -> {
            if (weight < 0) {
                throw new IllegalArgumentException("A call cannot cost less than nothing: " + endpoint + " = " + weight);
            }
        });
        if (otherwise < 0) {
            throw new IllegalArgumentException("A call cannot cost less than nothing: " + otherwise);
        }
    }

    /** The cost of one call to {@code endpointKey}. */
    public int weightOf(String endpointKey) {
        return byEndpoint.getOrDefault(endpointKey, otherwise);
    }

    /** What the calls of a {@link CrmCalls#snapshot()} (or a difference of two) cost, for one CRM. */
    public long costOf(Crm crm, Map<String, Long> callsByEndpoint) {
        String prefix = crm.key() + " ";
        return callsByEndpoint.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToLong(e -> e.getValue() * weightOf(e.getKey())).sum();
    }
}
