/**
 * Connecting a tenant's HubSpot account and Salesforce org: OAuth installs with state and PKCE, private app
 * tokens, JWT bearer logins, token refresh and the routes that start and finish each flow.
 *
 * <p>May use: adminhttp, hubspot, lambda, salesforce, secrets, store, sync, tenant.
 */
package io.crmsync.connect;
