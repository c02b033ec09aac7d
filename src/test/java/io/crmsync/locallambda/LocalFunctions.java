package io.crmsync.locallambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * crmsync's Lambda functions run locally from the built {@code target/function.zip}: one {@link RuntimeApi}
 * per function, and as many {@link FunctionInstance}s polling it as asked for, each on its own endpoint.
 *
 * <p>An instance whose invocation runs past the function's Timeout is torn down (its JVM killed) and a fresh one
 * started in its place, as Lambda resets an execution environment after a timeout: the function keeps its number
 * of instances, and the next invocation there is a cold start. Each function gets its RecursiveLoop setting from
 * template.yaml (Terminate for a function the template does not deploy).
 */
public final class LocalFunctions implements AutoCloseable {

    public static final Path FUNCTION_ZIP = Path.of("target", "function.zip");

    private final Path taskRoot;
    private final Path logDir;
    private final String handler;
    private final List<String> extraClasspath;
    private final List<AutoCloseable> started = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * A running function: invoke it through {@link #api()}. {@code instances} is live: an instance replaced after a
     * timeout is replaced in it, at the same position.
     */
    public record Function(String name, RuntimeApi api, List<FunctionInstance> instances) {
    }

    private LocalFunctions(Path taskRoot, Path logDir) {
        this(taskRoot, logDir, FunctionInstance.HANDLER, List.of());
    }

    private LocalFunctions(Path taskRoot, Path logDir, String handler, List<String> extraClasspath) {
        this.taskRoot = taskRoot;
        this.logDir = logDir;
        this.handler = handler;
        this.extraClasspath = extraClasspath;
    }

    /**
     * Functions from an already laid out task root with another handler, e.g. a test's tiny handler class.
     *
     * @param extraClasspath jars the handler needs beside the runtime client's
     */
    public static LocalFunctions at(Path taskRoot, Path logDir, String handler, List<String> extraClasspath) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LocalFunctions(taskRoot.toAbsolutePath(), logDir.toAbsolutePath(), handler, extraClasspath);
    }

    /** Unpacks function.zip into workDir/task (Lambda's /var/task); function logs go to workDir/logs. */
    public static LocalFunctions unpack(Path functionZip, Path workDir) {
        if (!Files.isRegularFile(functionZip)) {
            throw new IllegalStateException(functionZip + " is missing: build it with `make build` (mvn package)");
        }
        Path taskRoot = workDir.toAbsolutePath().resolve("task");
        Path logDir = workDir.toAbsolutePath().resolve("logs");
        try {
            deleteRecursively(taskRoot);
            Files.createDirectories(taskRoot);
            Files.createDirectories(logDir);
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(functionZip))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                    Path target = taskRoot.resolve(entry.getName()).normalize();
                    if (!target.startsWith(taskRoot)) {
                        throw new IllegalStateException("zip entry escapes the task root: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy((InputStream) zip, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + functionZip, e);
        }
        return new LocalFunctions(taskRoot, logDir);
    }

    /**
     * Starts {@code instances} JVMs of the function selected by {@code export} and waits until all of them
     * poll for work.
     *
     * @param config crmsync configuration as Quarkus keys; passed as environment variables as on Lambda
     */
    public Function start(String export, int instances, Map<String, String> config, Duration timeout) {
        Function function = launch(export, instances, config, timeout);
        awaitReady(function);
        return function;
    }

    /** Starts the instances without waiting for them, so several functions can boot side by side. */
    public Function launch(String export, int instances, Map<String, String> config, Duration timeout) {
        return launch(export, instances, config, timeout, List.of());
    }

    /** @param jvmOptions added to each instance's java command line (e.g. GC logging for a benchmark) */
    public Function launch(String export, int instances, Map<String, String> config, Duration timeout,
            List<String> jvmOptions) {
        return launch(export, instances, config, timeout, jvmOptions, deployedRecursiveLoop(export));
    }

    /** @param recursiveLoop the function's RecursiveLoop setting, instead of template.yaml's */
    public Function launch(String export, int instances, Map<String, String> config, Duration timeout,
            List<String> jvmOptions, RecursiveLoop recursiveLoop) {
        RuntimeApi api = new RuntimeApi(export, timeout, recursiveLoop);
        started.add(api);
        Map<String, String> env = new HashMap<>();
        config.forEach((key, value) -> env.put(environmentName(key), value));
        env.put("QUARKUS_FUNQY_EXPORT", export);
        List<FunctionInstance> running = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicInteger generation = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < instances; i++) {
            running.add(null);
        }
        Function function = new Function(export, api, running);
        for (int i = 0; i < instances; i++) {
            FunctionInstance instance = startInstance(function, i, 0, generation, env, jvmOptions);
            started.add(instance);
            running.set(i, instance);
        }
        api.onTimeout(slot -> replace(function, slot, generation.incrementAndGet(), generation, env, jvmOptions));
        return function;
    }

    private FunctionInstance startInstance(Function function, int slot, int generationNumber,
            java.util.concurrent.atomic.AtomicInteger generation, Map<String, String> env, List<String> jvmOptions) {
        RuntimeApi api = function.api();
        RuntimeApi.Endpoint endpoint = api.openEndpoint(slot);
        String log = function.name() + "-" + slot + (generationNumber == 0 ? "" : "." + generationNumber) + ".log";
        FunctionInstance instance = FunctionInstance.start(function.name(), taskRoot, endpoint.address(), handler,
                extraClasspath, env, logDir.resolve(log), jvmOptions);
        // A runtime that exits by itself (a crash, System.exit) ends its invocation with Runtime.ExitError and,
        // if it had got through init, is replaced like a timed-out one. One that dies during init stays dead, so
        // a broken function fails to start (awaitReady says so) instead of restarting forever.
        instance.onExit(() -> {
            if (!instance.retired()) {
                api.instanceExited(endpoint);
                if (endpoint.polled() && function.instances().get(slot) == instance) {
                    replace(function, slot, generation.incrementAndGet(), generation, env, jvmOptions);
                }
            }
        });
        return instance;
    }

    /** After a timeout: the instance's environment is torn down and a fresh one takes its place (a cold start). */
    private synchronized void replace(Function function, int slot, int generationNumber,
            java.util.concurrent.atomic.AtomicInteger generation, Map<String, String> env, List<String> jvmOptions) {
        FunctionInstance old = function.instances().get(slot);
        old.kill();
        started.remove(old);
        FunctionInstance fresh = startInstance(function, slot, generationNumber, generation, env, jvmOptions);
        started.add(fresh);
        function.instances().set(slot, fresh);
    }

    /** template.yaml's RecursiveLoop for the function; Terminate (Lambda's default) if the template lacks it. */
    static RecursiveLoop deployedRecursiveLoop(String export) {
        try {
            return RecursiveLoop.of(io.crmsync.deploy.SamTemplate.load(), export);
        } catch (RuntimeException e) {
            return RecursiveLoop.TERMINATE;
        }
    }

    /** Waits until every instance of the function polls for work. */
    public void awaitReady(Function function) {
        awaitIdle(function.name(), function.api(), function.instances(), Duration.ofSeconds(90));
    }

    /** Stops a function's instances and its Runtime API, e.g. so the next launch starts cold. */
    public void stop(Function function) {
        function.instances().forEach(FunctionInstance::close);
        function.api().close();
        started.removeAll(function.instances());
        started.remove(function.api());
    }

    public Path logDir() {
        return logDir;
    }

    /** MicroProfile Config's environment-variable form of a key: quarkus.sqs.endpoint-override → QUARKUS_SQS_ENDPOINT_OVERRIDE. */
    public static String environmentName(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void awaitIdle(String export, RuntimeApi api, List<FunctionInstance> instances, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (api.idleInstances() < instances.size()) {
            if (api.initError().isDone() || instances.stream().anyMatch(i -> !i.isAlive())) {
                throw new IllegalStateException("function " + export + " failed to start; see " + logDir);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("function " + export + " not ready after " + timeout + "; see " + logDir);
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Override
    public void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
    }
}
