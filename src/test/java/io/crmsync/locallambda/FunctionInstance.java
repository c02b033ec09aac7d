package io.crmsync.locallambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.amazonaws.services.lambda.runtime.api.client.AWSLambda;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;

/**
 * One instance of a Lambda function: a JVM running the unpacked function.zip under the AWS Lambda Java
 * runtime interface client, polling a {@link RuntimeApi} — the way the managed java17 and java21 runtimes run it.
 */
public final class FunctionInstance implements AutoCloseable {

    public static final String HANDLER = "io.crmsync.functions.InvocationDeadlineHandler::handleRequest";

    /** template.yaml's MemorySize (Globals.Function, no function overrides it): 1,024 MB. */
    public static final int MEMORY_SIZE_MB = 1024;

    private final Process process;
    private final long startedNanos;

    private FunctionInstance(Process process, long startedNanos) {
        this.process = process;
        this.startedNanos = startedNanos;
    }

    /**
     * @param taskRoot the unpacked function.zip (Lambda's /var/task)
     * @param environment the function's environment variables (as template.yaml would set them)
     * @param log where the function's stdout/stderr go
     */
    public static FunctionInstance start(String functionName, Path taskRoot, RuntimeApi api,
            Map<String, String> environment, Path log) {
        return start(functionName, taskRoot, api, environment, log, List.of());
    }

    /** @param jvmOptions added after the managed runtime's own options (e.g. GC logging for a benchmark) */
    public static FunctionInstance start(String functionName, Path taskRoot, RuntimeApi api,
            Map<String, String> environment, Path log, List<String> jvmOptions) {
        return start(functionName, taskRoot, api.address(), HANDLER, List.of(), environment, log, jvmOptions);
    }

    /**
     * @param runtimeApi host:port of the Runtime API endpoint this instance polls (AWS_LAMBDA_RUNTIME_API)
     * @param handler the function's Handler (class::method)
     * @param extraClasspath jars put after the runtime client's (e.g. aws-lambda-java-core for a test handler)
     */
    public static FunctionInstance start(String functionName, Path taskRoot, String runtimeApi, String handler,
            List<String> extraClasspath, Map<String, String> environment, Path log, List<String> jvmOptions) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The runtime client otherwise unpacks its JNI library to one fixed /tmp path on every start; instances
        // starting side by side then overwrite a library another is loading (SIGBUS). Unpack it once instead.
        command.add("-D" + JNI_PROPERTY + "=" + jniLibrary(taskRoot.getParent()));
        command.addAll(managedRuntimeOptions(MEMORY_SIZE_MB));
        command.addAll(jvmOptions);
        command.add("-cp");
        // Lambda's class path: the runtime's own jars, then /var/task and /var/task/lib/*.
        List<String> classpath = new ArrayList<>(List.of(jarOf(AWSLambda.class), jarOf(PojoSerializer.class)));
        classpath.addAll(extraClasspath);
        classpath.add(taskRoot.toString());
        classpath.add(taskRoot.resolve("lib").toString() + java.io.File.separator + "*");
        command.add(String.join(java.io.File.pathSeparator, classpath));
        command.add(AWSLambda.class.getName());
        command.add(handler);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(MEMORY_SIZE_MB));
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", handler);
        env.putIfAbsent("AWS_REGION", "us-east-1");
        env.put("DISABLE_SIGNAL_HANDLERS", "true");
        try {
            long startedNanos = System.nanoTime();
            return new FunctionInstance(builder.start(), startedNanos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start function " + functionName, e);
        }
    }

    /**
     * The options Lambda's managed java17 and java21 runtimes put on the java command line themselves (not through
     * JAVA_TOOL_OPTIONS, which stays the user's): a maximum heap of 85% of the function's memory, the serial
     * collector, C1 only. Their CDS archive of the JDK's classes is the local JDK's default one here. MaxRAM
     * stands for the execution environment, a microVM with about the function's memory: the JVM sizes its initial
     * heap from it (1/64) rather than from this machine's memory.
     */
    static List<String> managedRuntimeOptions(int memorySizeMb) {
        // Rounded up: a 512 MB function runs with -XX:MaxHeapSize=445645k.
        long maxHeapKb = (memorySizeMb * 1024L * 85 + 99) / 100;
        return List.of("-XX:MaxHeapSize=" + maxHeapKb + "k", "-XX:MaxRAM=" + memorySizeMb + "m", "-XX:+UseSerialGC",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    }

    static final String JNI_PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    /** The runtime client's JNI library for this platform, unpacked once into {@code dir}. */
    static synchronized Path jniLibrary(Path dir) {
        Path target = dir.resolve("libaws-lambda-jni.so");
        if (java.nio.file.Files.isRegularFile(target)) {
            return target;
        }
        String name = "/jni/libaws-lambda-jni.linux-" + (System.getProperty("os.arch").contains("aarch64")
                ? "aarch_64" : "x86_64") + ".so";
        try (java.io.InputStream in = AWSLambda.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the Lambda runtime client has no " + name);
            }
            java.nio.file.Files.copy(in, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + name, e);
        }
    }

    private volatile boolean retired;

    /** Whether this instance was stopped on purpose (killed after a timeout, or closed). */
    public boolean retired() {
        return retired;
    }

    /** Runs {@code action} when the JVM exits, whatever the reason. */
    public void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The JVM's process id, for tools that attach to it (jcmd) or read /proc. */
    public long pid() {
        return process.pid();
    }

    /** CPU time the JVM has used so far, all its threads (JIT and GC included), as the OS counts it. */
    public java.time.Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException(
                "this OS does not report the CPU time of process " + process.pid()));
    }

    /** {@link System#nanoTime()} just before the JVM process was started: the start of a cold start. */
    public long startedNanos() {
        return startedNanos;
    }

    static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Tears the execution environment down at once, as Lambda does after a timeout: no shutdown hooks, no
     * graceful stop.
     */
    public void kill() {
        retired = true;
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * SIGKILL, as when an execution environment dies under its invocation (out of memory, a host lost). Unlike
     * {@link #kill()} the instance is not retired: the local runtime sees it exit by itself, fails its invocation
     * with Runtime.ExitError and starts a fresh instance in its place (a cold start), as Lambda does.
     */
    public void crash() {
        process.destroyForcibly();
    }

    @Override
    public void close() {
        retired = true;
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
