package io.crmsync.sandbox.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node.js script from src/test/node with the npm packages installed in infra/local (the official CRM
 * clients), so tests can drive the sandboxes with HubSpot's and Salesforce's own SDKs.
 */
public final class NodeScript {

    public static final Path SCRIPTS = Path.of("src", "test", "node");
    public static final Path NODE_MODULES = Path.of("infra", "local", "node_modules");

    /** What the script printed and how it ended. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean succeeded() {
            return exitCode == 0;
        }
    }

    private NodeScript() {
    }

    /**
     * Runs {@code node src/test/node/<script>} with the given environment (base URLs, credentials).
     * Scripts use CommonJS {@code require}, resolved through NODE_PATH.
     */
    public static Result run(String script, Map<String, String> environment, Duration timeout) {
        if (!Files.isDirectory(NODE_MODULES)) {
            throw new IllegalStateException(NODE_MODULES + " is missing: run `npm ci` in infra/local (make test does)");
        }
        ProcessBuilder builder = new ProcessBuilder(List.of("node", SCRIPTS.resolve(script).toString()));
        builder.environment().putAll(environment);
        builder.environment().put("NODE_PATH", NODE_MODULES.toAbsolutePath().toString());
        try {
            Path out = Files.createTempFile("node-out", ".txt");
            Path err = Files.createTempFile("node-err", ".txt");
            try {
                Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(script + " did not finish within " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
