/**
 * The HubSpot adapter: REST clients for the CRM objects, associations, search, lists, owners, properties
 * and OAuth APIs, implementing the ports of sync, reconcile and mapping with batched calls.
 *
 * <p>May use: budget, crm, crmhttp, mapping, reconcile, secrets, sync, tenant.
 */
package io.crmsync.hubspot;
