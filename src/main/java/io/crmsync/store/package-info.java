/**
 * The DynamoDB adapter: tenants, links, audit log, sync errors, the budget ledger, mappings, settings,
 * cursors, imports, association waits and the doors' replay window, each table behind the port it implements.
 *
 * <p>May use: budget, crm, ingest, mapping, reconcile, sync, tenant.
 */
package io.crmsync.store;
