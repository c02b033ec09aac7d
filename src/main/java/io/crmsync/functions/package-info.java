/**
 * The Lambda functions and their wiring: each class is one deployed function (its QUARKUS_FUNQY_EXPORT) that
 * translates its event and hands it to a capability, plus the CDI producers that compose core and adapters.
 *
 * <p>May use: activity, admin, adminhttp, budget, connect, crm, crmhttp, health, hubspot, ingest, lambda, mapping,
 * notice, queue, reconcile, salesforce, secrets, store, sync, tenant.
 */
package io.crmsync.functions;
