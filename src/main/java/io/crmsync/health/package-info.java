/**
 * The sync-health view: per-tenant counts, errors and their CSV, a record's history across both CRMs, the
 * resync button and the HTML page, served as admin API routes.
 *
 * <p>May use: adminhttp, budget, lambda, notice, reconcile, sync, tenant.
 */
package io.crmsync.health;
