/**
 * The admin API's small HTTP layer over Lambda Function URL events: routes, JSON answers, errors as AWS-style
 * problem bodies and the OpenAPI document; the features (admin, connect, health) plug their route groups into it.
 *
 * <p>May use: crm, lambda, tenant.
 */
package io.crmsync.adminhttp;
