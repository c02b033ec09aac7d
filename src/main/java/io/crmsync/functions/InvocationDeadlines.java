package io.crmsync.functions;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The deadline of the Lambda invocation the current thread runs, as {@link InvocationDeadlineHandler} received it.
 * Per thread: Funqy calls the function on the thread that received the invocation.
 */
@ApplicationScoped
public class InvocationDeadlines {

    private final ThreadLocal<Instant> current = new ThreadLocal<>();

    /** Empty outside an invocation that came through {@link InvocationDeadlineHandler} (e.g. the test poll loop). */
    public Optional<Instant> current() {
        return Optional.ofNullable(current.get());
    }

    /** Runs {@code invocation} with {@code deadline} as the current one. */
    public void during(Instant deadline, Invocation invocation) throws java.io.IOException {
        current.set(deadline);
        try {
            invocation.run();
        } finally {
            current.remove();
        }
    }

    /** An invocation's work, which may fail writing its answer. */
    @FunctionalInterface
    public interface Invocation {
        void run() throws java.io.IOException;
    }
}
