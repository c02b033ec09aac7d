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
 * runtime interface client, polling a {@link RuntimeApi} — the way the managed java17 runtime runs it.
 */
public final class FunctionInstance implements AutoCloseable {

    public static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";

    private final Process process;

    private FunctionInstance(Process process) {
        this.process = process;
    }

    /**
     * @param taskRoot the unpacked function.zip (Lambda's /var/task)
     * @param environment the function's environment variables (as template.yaml would set them)
     * @param log where the function's stdout/stderr go
     */
    public static FunctionInstance start(String functionName, Path taskRoot, RuntimeApi api,
            Map<String, String> environment, Path log) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The runtime client otherwise unpacks its JNI library to one fixed /tmp path on every start; instances
        // starting side by side then overwrite a library another is loading (SIGBUS). Unpack it once instead.
        command.add("-D" + JNI_PROPERTY + "=" + jniLibrary(taskRoot.getParent()));
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        // Lambda's class path: the runtime's own jars, then /var/task and /var/task/lib/*.
        command.add(String.join(java.io.File.pathSeparator, jarOf(AWSLambda.class), jarOf(PojoSerializer.class),
                taskRoot.toString(), taskRoot.resolve("lib").toString() + java.io.File.separator + "*"));
        command.add(AWSLambda.class.getName());
        command.add(HANDLER);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = builder.environment();
        env.putAll(environment);
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("_HANDLER", HANDLER);
        env.putIfAbsent("AWS_REGION", "us-east-1");
        env.put("DISABLE_SIGNAL_HANDLERS", "true");
        try {
            return new FunctionInstance(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start function " + functionName, e);
        }
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

    public boolean isAlive() {
        return process.isAlive();
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
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
