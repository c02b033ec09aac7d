package io.crmsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code crmsync}: the admin API from the command line, of a deployed stack or of a running {@code make run}. Each
 * command is one HTTP request to the admin-api Function URL, and {@link Output} prints the answer; {@code page}
 * instead serves the health page locally through a {@link SigningProxy}. A plain {@code main}: no Quarkus, no CDI,
 * only picocli, Jackson and the AWS SDK's signer and credentials chain ({@code make build} packs these into
 * target/crmsync-cli.jar, started by target/crmsync).
 */
@Command(name = "crmsync",
        description = {"The admin API of a crmsync deployment from the command line: tenants, connections, settings,"
                + " mappings, sync health and operations. Each command is one request; its answer is printed."},
        subcommands = {TenantsCommand.class, ConnectCommand.class, OperationCommands.Connections.class,
                TenantDocumentCommands.Settings.class, TenantDocumentCommands.Allocation.class, MappingsCommand.class,
                OperationCommands.Reimport.class, ResyncCommand.class, OperationCommands.Health.class,
                OperationCommands.ErrorsCsv.class, OperationCommands.History.class, OperationCommands.Erase.class,
                PageCommand.class,
                OperationCommands.DeadLetters.class, OperationCommands.CdcFailed.class, OperationCommands.OpenApi.class,
                AutoComplete.GenerateCompletion.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
                "0:success: the admin API answered 2xx",
                "1:the admin API answered an error (4xx, 5xx), or could not be reached or signed for",
                "2:usage error: an unknown command or option, a missing or wrong argument, a file not readable"},
        footerHeading = "%n",
        footer = {
                "Output: answers as the admin API gives them (JSON pretty-printed, mappings.yaml and CSV as they are)."
                        + " With --json (or -o json) stdout gets exactly one compact JSON document whatever happens:"
                        + " the answer on success (a YAML or CSV answer as a JSON string), otherwise"
                        + " {\"status\": <HTTP status, or null when there was no answer>, \"error\": <the error"
                        + " answer, or a message>}; nothing is written to stderr.",
                "",
                "Signing: a deployed stack's admin URL (https://<id>.lambda-url.<region>.on.aws/) takes SigV4;"
                        + " requests to it are signed with the AWS SDK's default credentials (AWS_PROFILE,"
                        + " AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, SSO, ...). make run's local URL is called"
                        + " as it is.",
                "",
                "Completion: source <(crmsync generate-completion) in bash or zsh."})
public final class CrmsyncCli implements Runnable {

    /** The admin API's port is {@code make run}'s port base plus this. */
    public static final int ADMIN_PORT_OFFSET = 4;

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final int DEFAULT_PORT_BASE = 4280;

    /**
     * What the CLI reads from and writes to outside itself: environment variables, stdout and stderr, how an admin
     * URL becomes an {@link AdminApi} (signing or not), and the HTTP client. Tests give their own.
     */
    record Environment(Map<String, String> variables, PrintWriter out, PrintWriter err,
            Function<String, AdminApi> apiAt, Supplier<HttpClient> http) {

        static Environment system() {
            return new Environment(System.getenv(), new PrintWriter(System.out, true),
                    new PrintWriter(System.err, true), AdminApi::at,
                    () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build());
        }
    }

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "<url>", scope = ScopeType.INHERIT, description = {
            "The admin API: a deployed stack's AdminApiUrl, or make run's local one.",
            "Default: $CRMSYNC_ADMIN_URL, else make run's at port 4284 ($CRMSYNC_RUN_PORT_BASE + 4)."})
    String url;

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "One compact JSON document on stdout, for scripts (as -o json).")
    boolean json;

    @Option(names = {"-o", "--output"}, paramLabel = "text|json", scope = ScopeType.INHERIT,
            description = "text (the default, for people) or json (for scripts).")
    Format format;

    private final Environment environment;
    private HttpClient http;

    private CrmsyncCli(Environment environment) {
        this.environment = environment;
    }

    public static void main(String[] args) {
        // The SDK logs through SLF4J, which has no provider in the CLI: naming SLF4J's own no-op one (and keeping its
        // notes about that choice to itself) stops it warning about the missing provider on every signed request.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            System.setProperty("slf4j.internal.verbosity", "WARN");
        }
        System.exit(commandLine(Environment.system()).execute(args));
    }

    /** The whole command tree, each command with --help and --version, usage errors and failures handled. */
    static CommandLine commandLine(Environment environment) {
        CommandLine cli = new CommandLine(new CrmsyncCli(environment));
        cli.setOut(environment.out());
        cli.setErr(environment.err());
        for (CommandLine command : everyCommand(cli)) {
            command.getCommandSpec().mixinStandardHelpOptions(true);
            command.getCommandSpec().versionProvider(new Version());
        }
        // picocli hides it by default; here it is one of the commands.
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(false);
        cli.setParameterExceptionHandler((e, args) -> usageError(e, args, environment));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            boolean json = wantsJson(parsed.originalArgs().toArray(String[]::new));
            Output output = new Output(environment.out(), environment.err(), json);
            output.failure("crmsync failed: " + e);
            return FAILED;
        });
        return cli;
    }

    static List<CommandLine> everyCommand(CommandLine command) {
        List<CommandLine> all = new ArrayList<>(List.of(command));
        command.getSubcommands().values().forEach(sub -> all.addAll(everyCommand(sub)));
        return all;
    }

    /** The CLI a command belongs to, for its options and environment. */
    static CrmsyncCli of(CommandSpec spec) {
        return (CrmsyncCli) spec.root().userObject();
    }

    @Override
    public void run() {
        throw UsageException.missingSubcommand(spec.commandLine(), "no command given");
    }

    Output output() {
        return new Output(environment.out(), environment.err(), json || format == Format.json);
    }

    HttpClient http() {
        if (http == null) {
            http = environment.http().get();
        }
        return http;
    }

    /** The admin API the options and environment point at; a usage error when that is no http(s) URL. */
    AdminApi adminApi() {
        String base = url != null ? url : environment.variables().get("CRMSYNC_ADMIN_URL");
        if (base == null || base.isBlank()) {
            String portBase = environment.variables().getOrDefault("CRMSYNC_RUN_PORT_BASE", "" + DEFAULT_PORT_BASE);
            try {
                base = "http://127.0.0.1:" + (Integer.parseInt(portBase.strip()) + ADMIN_PORT_OFFSET);
            } catch (NumberFormatException e) {
                throw new UsageException(spec.commandLine(), "CRMSYNC_RUN_PORT_BASE is not a port: " + portBase);
            }
        }
        try {
            return environment.apiAt().apply(base);
        } catch (IllegalArgumentException e) {
            throw new UsageException(spec.commandLine(), e.getMessage());
        }
    }

    /** Sends the request and prints the answer; the exit status. */
    int send(ApiRequest request) {
        AdminApi api = adminApi();
        Output output = output();
        HttpResponse<String> response;
        try {
            response = http().send(api.httpRequest(request), HttpResponse.BodyHandlers.ofString());
        } catch (MissingCredentialsException e) {
            output.failure(e.getMessage());
            return FAILED;
        } catch (ConnectException e) {
            output.failure("nothing answers at " + api.base() + ": start the stack with `make run`, or give a"
                    + " deployed stack's AdminApiUrl with --url or CRMSYNC_ADMIN_URL");
            return FAILED;
        } catch (IOException e) {
            output.failure("admin API call failed: " + e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            output.failure("interrupted before the admin API answered");
            return FAILED;
        }
        String contentType = response.headers().firstValue("content-type").orElse(null);
        output.answer(response.statusCode(), contentType, response.body(), request.secrets(), api.signer() != null);
        return response.statusCode() / 100 == 2 ? OK : FAILED;
    }

    /**
     * A usage error: its message (see {@link #shown}), the command's synopsis (and the list of its subcommands, when
     * the mistake is about which one) and where the whole help is; in JSON, only {@code {"status": null, "error":
     * <message>}} on stdout.
     */
    private static int usageError(ParameterException e, String[] args, Environment environment) {
        CommandLine command = e.getCommandLine();
        Output output = new Output(environment.out(), environment.err(), wantsJson(args));
        String message = shown(e);
        if (output.json()) {
            output.failure(message);
            return USAGE;
        }
        PrintWriter err = environment.err();
        err.println(message);
        if (!(command.getCommand() instanceof HoldsSecrets)) {
            UnmatchedArgumentException.printSuggestions(e, err);
        }
        CommandLine.Help help = command.getHelp();
        err.print("Usage: " + help.synopsis(0));
        boolean ownMistake = e instanceof UsageException usage && !usage.missingSubcommand();
        if (!command.getSubcommands().isEmpty() && !ownMistake) {
            err.print(help.commandListHeading() + help.commandList());
        }
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return USAGE;
    }

    /**
     * What a usage error says. An argument picocli did not expect is quoted only when it cannot be a secret: never
     * for the commands that take secrets, and only the first one (the unknown command or option) elsewhere.
     */
    static String shown(ParameterException e) {
        boolean secrets = e.getCommandLine().getCommand() instanceof HoldsSecrets;
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        if (e instanceof UsageException || e instanceof MissingParameterException
                || e instanceof OverwrittenOptionException) {
            return e.getMessage();
        }
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            if (secrets) {
                return command + ": an unknown option or an extra argument (not repeated here: it could be a"
                        + " secret)";
            }
            String first = unmatched.getUnmatched().get(0);
            return first.startsWith("-") ? "unknown option '" + first.replaceFirst("=.*", "=…") + "'"
                    : command + ": unknown command or extra argument '" + first + "'";
        }
        return secrets ? command + ": invalid arguments (not repeated here: they could hold a secret)"
                : e.getMessage();
    }

    /** Whether the command line asks for JSON, read from the arguments themselves: it may not have parsed. */
    static boolean wantsJson(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (List.of("--json", "-ojson", "-o=json", "--output=json").contains(arg)) {
                return true;
            }
            if ((arg.equals("-o") || arg.equals("--output")) && i + 1 < args.length && args[i + 1].equals("json")) {
                return true;
            }
        }
        return false;
    }

    /** The version the packaged jar's manifest names. */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = CrmsyncCli.class.getPackage().getImplementationVersion();
            return new String[] {"crmsync " + (version == null ? "(not packaged: no version)" : version),
                    "JVM: ${java.version} (${java.vendor} ${java.vm.name})"};
        }
    }
}
