package io.crmsync.cli;

/**
 * A command whose arguments may be secrets (a token, a client secret): a usage error of its names no argument the
 * user gave — a secret put in the wrong place would otherwise be printed back, into terminals and CI logs.
 */
interface HoldsSecrets {
}
