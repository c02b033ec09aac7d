package io.crmsync.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code page [port]}: the health page, served on 127.0.0.1 through a {@link SigningProxy} until Ctrl-C. */
@Command(name = "page", description = {"Serve the sync health page at http://127.0.0.1:<port>/ until Ctrl-C.",
        "A local proxy to the admin API, signing each request for a deployed stack."})
final class PageCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "<port>", defaultValue = "" + SigningProxy.DEFAULT_PORT,
            description = "The local port (default: ${DEFAULT-VALUE}).")
    int port;

    /** The port asked for; a usage error when it is not one. */
    int port() {
        if (port < 1 || port > 65535) {
            throw new UsageException(spec.commandLine(), "page [port]: a port is 1 to 65535, not " + port);
        }
        return port;
    }

    @Override
    public Integer call() throws InterruptedException {
        int listen = port();
        CrmsyncCli cli = CrmsyncCli.of(spec);
        AdminApi api = cli.adminApi();
        Output output = cli.output();
        SigningProxy proxy;
        try {
            proxy = SigningProxy.start(api, cli.http(), listen);
        } catch (IOException e) {
            output.failure("cannot listen on 127.0.0.1:" + listen + ": " + e.getMessage()
                    + " (try `crmsync page <port>`)");
            return CrmsyncCli.FAILED;
        }
        boolean signed = api.signer() != null;
        output.note("health page of " + api.base() + (signed ? " (signed, SigV4)" : "") + "\nopen "
                + proxy.address() + " (Ctrl-C to stop)", JsonNodeFactory.instance.objectNode()
                .put("page", proxy.address().toString()).put("adminApi", api.base().toString()).put("signed", signed));
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
        new CountDownLatch(1).await();
        return CrmsyncCli.OK;
    }
}
