/**
 * The DynamoDB adapter: tenants, links, audit log, sync errors, the budget ledger, mappings, settings,
 * cursors, imports and association waits, each table behind the port it implements.
 *
 * <p>May use: budget, crm, mapping, reconcile, sync, tenant.
 */
package io.crmsync.store;
