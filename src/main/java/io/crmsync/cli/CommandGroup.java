package io.crmsync.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that only groups subcommands: given none of them, it is a usage error. */
abstract class CommandGroup implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw UsageException.missingSubcommand(spec.commandLine(), "Missing required subcommand: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
