/**
 * The daily API-call allocation: weighted calls, windows per CRM, reservations in a ledger before each call,
 * and the usage headers that tighten it; pure arithmetic plus the ledger port.
 *
 * <p>May use: crm, tenant.
 */
package io.crmsync.budget;
