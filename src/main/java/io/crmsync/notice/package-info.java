/**
 * The contract between intake and the sync worker: a change notice (what changed where, never the data),
 * the queue it travels on and the dead letters of those that could not be handled.
 *
 * <p>May use: nothing of crmsync.
 */
package io.crmsync.notice;
