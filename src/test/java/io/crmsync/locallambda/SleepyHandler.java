package io.crmsync.locallambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

/**
 * A tiny Lambda handler for the local runtime's own tests, run by the AWS Lambda Java runtime interface client
 * from a task root holding only this class: it exits at once when the event says {@code exit-now}, sleeps when the event says {@code sleep-ms=N} (for an SQS event only
 * on a message's first receive, so a redelivered batch goes through), then answers its process id, the trace header
 * the runtime handed it and an empty batchItemFailures. Nothing else of the test class path is on its class path.
 */
public final class SleepyHandler implements RequestStreamHandler {

    private static final Pattern SLEEP = Pattern.compile("sleep-ms=(\\d+)");

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        if (event.contains("exit-now")) {
            Runtime.getRuntime().halt(3); // a runtime that dies mid-invocation
        }
        Matcher sleep = SLEEP.matcher(event);
        boolean sqs = event.contains("\"eventSource\":\"aws:sqs\"");
        if (sleep.find() && (!sqs || event.contains("\"ApproximateReceiveCount\":\"1\""))) {
            try {
                Thread.sleep(Long.parseLong(sleep.group(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String trace = System.getProperty("com.amazonaws.xray.traceHeader", "");
        output.write(("{\"pid\":" + ProcessHandle.current().pid() + ",\"trace\":\"" + trace
                + "\",\"batchItemFailures\":[]}").getBytes(StandardCharsets.UTF_8));
    }
}
