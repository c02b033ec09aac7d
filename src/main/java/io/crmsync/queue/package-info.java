/**
 * The SQS adapter: sends change notices in batches, delays, defers and quarantines messages for the worker,
 * and lists and redrives the dead-letter queue.
 *
 * <p>May use: notice, sync.
 */
package io.crmsync.queue;
