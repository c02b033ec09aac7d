/**
 * The vocabulary every layer shares about the two CRMs: the two sides, HubSpot's activity kinds, and the two
 * ways a CRM call fails (unavailable for now, or paused by the budget or the org) that every caller must tell apart.
 *
 * <p>May use: nothing of crmsync.
 */
package io.crmsync.crm;
