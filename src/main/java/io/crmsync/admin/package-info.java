/**
 * The admin API's configuration and operations features: tenants, settings, the daily allocation, mappings
 * (validate, plan, apply), re-imports, resyncs and the dead-letter queue, each as a route group.
 *
 * <p>May use: adminhttp, budget, crm, lambda, mapping, notice, store, sync, tenant.
 */
package io.crmsync.admin;
