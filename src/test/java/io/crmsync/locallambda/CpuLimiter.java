package io.crmsync.locallambda;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Holds a function's instances to a share of one CPU, as Lambda gives a function CPU in proportion to its memory
 * (a quarter of a vCPU at about 450 MB): each instance is pinned to one core ({@code taskset}, all its threads)
 * and a duty cycle lets it run {@code share} of every 100 ms period and stops it (SIGSTOP, then SIGCONT) for the
 * rest. Instances replaced after a timeout or a kill are picked up on the next period. The JVM should also be
 * told it has one processor ({@code -XX:ActiveProcessorCount=1}), as it sizes its thread pools at start.
 */
public final class CpuLimiter implements AutoCloseable {

    static final long PERIOD_MILLIS = 100;

    private final java.util.function.Supplier<List<Long>> processes;
    private final long runMillis;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Set<Long> pinned = new HashSet<>();
    private final Thread thread;

    private CpuLimiter(String name, java.util.function.Supplier<List<Long>> processes, double share) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("a CPU share within (0, 1) is needed, was " + share);
        }
        this.processes = processes;
        this.runMillis = Math.max(1, Math.round(PERIOD_MILLIS * share));
        this.thread = new Thread(this::dutyCycle, "cpu-limiter-" + name);
        thread.setDaemon(true);
    }

    /** Starts limiting every current and future instance of {@code function} to {@code share} of one core. */
    public static CpuLimiter start(LocalFunctions.Function function, double share) {
        return start(function.name(), () -> pidsOf(function), share);
    }

    /** Starts limiting the processes {@code pids} names at each period to {@code share} of one core. */
    static CpuLimiter start(String name, java.util.function.Supplier<List<Long>> pids, double share) {
        CpuLimiter limiter = new CpuLimiter(name, pids, share);
        limiter.thread.start();
        return limiter;
    }

    private void dutyCycle() {
        while (running.get()) {
            List<Long> pids = pids();
            pinNew(pids);
            signal("-CONT", pids);
            sleep(runMillis);
            if (!running.get()) {
                break;
            }
            signal("-STOP", pids);
            sleep(PERIOD_MILLIS - runMillis);
        }
        signal("-CONT", pids());
    }

    private List<Long> pids() {
        return processes.get();
    }

    private static List<Long> pidsOf(LocalFunctions.Function function) {
        List<Long> pids = new ArrayList<>();
        for (FunctionInstance instance : function.instances()) {
            if (instance != null && instance.isAlive()) {
                pids.add(instance.pid());
            }
        }
        return pids;
    }

    /** One core for each new JVM, every thread of it; threads it starts later inherit the mask. */
    private void pinNew(List<Long> pids) {
        for (long pid : pids) {
            if (pinned.add(pid)) {
                run(List.of("taskset", "-a", "-p", "-c", "0", Long.toString(pid)));
            }
        }
    }

    private static void signal(String signal, List<Long> pids) {
        if (pids.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        run(command);
    }

    /** Runs a short command and waits for it; a process that exited meanwhile only makes kill complain. */
    private static void run(List<String> command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops limiting and lets every instance run again. */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
