/**
 * Drift repair inside each day's budget: what changed since a keyset cursor on each side, deletions, the
 * first snapshot import, activity polling and deep drift sweeps, turned into change notices.
 *
 * <p>May use: budget, crm, mapping, notice, sync, tenant.
 */
package io.crmsync.reconcile;
