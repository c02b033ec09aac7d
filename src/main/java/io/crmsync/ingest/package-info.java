/**
 * Intake: HubSpot webhooks (signature v3), Salesforce Outbound Messages and Change Data Capture events are
 * authenticated, turned into change notices and queued, answering the sender fast.
 *
 * <p>May use: crm, lambda, notice, secrets, tenant.
 */
package io.crmsync.ingest;
