package io.crmsync.functions;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.function.Supplier;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;

import io.quarkus.arc.Arc;
import io.quarkus.funqy.lambda.FunqyLambdaBindingRecorder;
import io.quarkus.runtime.Quarkus;

/**
 * Every function's Lambda handler (template.yaml's Handler): Funqy's own stream handler, plus the invocation's
 * deadline ({@link Context#getRemainingTimeInMillis()}) kept in {@link InvocationDeadlines} for the function.
 *
 * <p>Why not Funqy's handler with an {@code @io.quarkus.funqy.Context} parameter of Lambda's {@code Context} type:
 * Funqy Amazon Lambda (3.33) hands the Lambda context to its SQS/SNS event processing only and calls the function
 * with an empty Funqy request context, so such a parameter is always null. This handler does the two steps of
 * {@code io.quarkus.funqy.lambda.FunqyStreamHandler} (start Quarkus, then dispatch) with the deadline around the
 * dispatch.
 */
public class InvocationDeadlineHandler implements RequestStreamHandler {

    private final Runnable start;
    private final Supplier<InvocationDeadlines> deadlines;

    /** Lambda's: initialises Quarkus at construction, as Funqy's handler does (before a SnapStart snapshot). */
    public InvocationDeadlineHandler() {
        this(Quarkus::manualStart, () -> Arc.container().instance(InvocationDeadlines.class).get());
        Quarkus.manualInitialize();
    }

    /** Inside an application already started (a Quarkus test): nothing to start. */
    InvocationDeadlineHandler(InvocationDeadlines deadlines) {
        this(() -> {
        }, () -> deadlines);
    }

    private InvocationDeadlineHandler(Runnable start, Supplier<InvocationDeadlines> deadlines) {
        this.start = start;
        this.deadlines = deadlines;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Instant deadline = Instant.now().plusMillis(context.getRemainingTimeInMillis());
        start.run();
        deadlines.get().during(deadline, () -> FunqyLambdaBindingRecorder.handle(input, output, context));
    }
}
