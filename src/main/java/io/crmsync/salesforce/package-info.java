/**
 * The Salesforce adapter: sessions and logins, the REST sObject and composite APIs, Bulk API 2.0 queries,
 * describes, limits and deleted records, implementing the ports of sync, reconcile and mapping.
 *
 * <p>May use: budget, crm, crmhttp, mapping, reconcile, secrets, sync, tenant.
 */
package io.crmsync.salesforce;
