/**
 * The one door of every HubSpot and Salesforce REST call: a client filter that reserves each call in the
 * budget before it is sent and feeds the CRMs' usage headers back to it.
 *
 * <p>May use: budget.
 */
package io.crmsync.crmhttp;
