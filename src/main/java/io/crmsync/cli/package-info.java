/**
 * The {@code crmsync} command: the admin API from a terminal or a script, shipped by {@code make build} as
 * {@code target/crmsync} (a runnable jar, no Quarkus, no Maven at run time), signing requests to a deployed
 * Function URL with the caller's AWS credentials.
 *
 * <p>May use: nothing of crmsync.
 */
package io.crmsync.cli;
