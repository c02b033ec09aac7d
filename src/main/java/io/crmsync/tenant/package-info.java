/**
 * Who a tenant is (one HubSpot portal paired with one Salesforce org) and what it has: its settings, its
 * credentials port and the directory that finds it.
 *
 * <p>May use: crm.
 */
package io.crmsync.tenant;
