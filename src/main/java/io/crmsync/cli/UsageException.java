package io.crmsync.cli;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * A usage error the CLI found itself (exit status 2). Its message is written here knowing what it quotes: never an
 * argument that could be a secret, so it is shown as it is even for the commands that take secrets.
 */
final class UsageException extends ParameterException {

    private final boolean missingSubcommand;

    UsageException(CommandLine command, String message) {
        this(command, message, false);
    }

    private UsageException(CommandLine command, String message, boolean missingSubcommand) {
        super(command, message);
        this.missingSubcommand = missingSubcommand;
    }

    /** A command that groups others was given none of them: the usage error then lists them. */
    static UsageException missingSubcommand(CommandLine command, String message) {
        return new UsageException(command, message, true);
    }

    boolean missingSubcommand() {
        return missingSubcommand;
    }
}
