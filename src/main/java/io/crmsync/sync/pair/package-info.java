/**
 * What differs per object pair (contact ↔ Lead/Contact, company ↔ Account, deal ↔ Opportunity): candidate
 * mappings, what to read and skip, pairing, creation and what waits on associations; the engine's steps ask the
 * pair instead of branching on the object type, so a change to one pair's behaviour touches this package only.
 */
package io.crmsync.sync.pair;
