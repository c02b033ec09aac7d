package io.crmsync.sync;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * HubSpot record associations (contact–company, deal–company, deal–contact), read and written in batches.
 * Object types are crmsync's singular names: contact, company, deal.
 */
public interface HubSpotAssociations {

    /** One associated record; {@code primary} when HubSpot holds it as the from-record's primary one. */
    record Associated(String toId, boolean primary) {
    }

    /** A pair to associate, from a record of the call's fromType to one of its toType. */
    record Association(String fromId, String toId) {
    }

    /**
     * Per from-id, its associated records of {@code toType}, primary first; ids with none are absent. One v4
     * batch/read per 1,000 ids (HubSpot's limit), plus one more per page for records with very many.
     *
     * @throws CrmUnavailableException when HubSpot cannot answer now
     */
    Map<String, List<Associated>> read(String tenantId, String fromType, String toType, Collection<String> fromIds);

    /**
     * Associates each pair as PRIMARY where HubSpot defines a primary type for the pair (contact→company,
     * deal→company; the record's previous primary becomes a plain association), else with the unlabelled
     * default type. One result per pair, in input order: Written (key and id the from-id), Refused (e.g. a
     * record that does not exist) or Retry.
     *
     * @throws CrmUnavailableException when HubSpot cannot answer now
     */
    List<WriteResult> associatePrimary(String tenantId, String fromType, String toType, List<Association> pairs);
}
