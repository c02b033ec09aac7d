/**
 * The JSON shapes AWS Lambda hands to and expects from crmsync's functions.
 *
 * <p>Funqy's "advanced event handling" is switched off (see application.properties) because it calls a
 * function once per SQS message, and the sync worker must see the whole batch to coalesce and batch its
 * CRM calls. These records are therefore deserialised by Funqy's Jackson mapper straight from the event.
 *
 * <p>May use: nothing of crmsync.
 */
package io.crmsync.lambda;
