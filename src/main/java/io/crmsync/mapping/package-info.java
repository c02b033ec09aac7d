/**
 * Field mappings: the mappings.yaml format, validation against both CRMs' schemas, plans of what a change
 * would do, value conversion between field kinds and the recommended defaults.
 *
 * <p>May use: nothing of crmsync.
 */
package io.crmsync.mapping;
