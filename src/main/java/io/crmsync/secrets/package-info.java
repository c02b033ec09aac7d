/**
 * The Secrets Manager adapter: tenants' credentials (one secret per tenant, cached) and the deployment's
 * own app secrets, read lazily and refreshed.
 *
 * <p>May use: tenant.
 */
package io.crmsync.secrets;
