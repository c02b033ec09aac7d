/**
 * Activities: HubSpot calls, emails, meetings, notes and tasks become Salesforce Tasks, and Salesforce Tasks
 * become HubSpot tasks or timeline entries, each linked to the record it belongs to and paused with the budget.
 *
 * <p>May use: budget, crm, sync, tenant.
 */
package io.crmsync.activity;
