/**
 * The one door of every HubSpot and Salesforce REST call: a client filter that reserves each call in the
 * budget before it is sent (unless the breaker holds the tenant's calls to that CRM back) and feeds the CRMs' usage
 * headers back to it; and the bounded retries of a call that failed for a moment.
 *
 * <p>May use: budget, crm.
 */
package io.crmsync.crmhttp;
