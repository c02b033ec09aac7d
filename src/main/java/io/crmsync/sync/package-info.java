/**
 * The sync engine: a batch of change notices becomes one read per side, the per-field sync rules, conflict
 * resolution and echo suppression, then batched writes, links, audit rows and sync errors; both directions.
 *
 * <p>May use: crm, mapping, notice, tenant.
 */
package io.crmsync.sync;
