package io.crmsync.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * DynamoDB calls that have no batch form (a conditional PutItem, a Query on an index), sent side by side on a few
 * daemon threads so a batch's calls wait for DynamoDB together rather than one after another. Bounded: at most
 * {@code threads} calls are in flight, the rest queue; idle threads end, so a store nobody uses holds none.
 */
final class ParallelCalls {

    private final ThreadPoolExecutor pool;

    ParallelCalls(String name, int threads) {
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            // Daemon threads: they must never keep a Lambda or a test JVM alive.
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs the calls and waits for every one of them, so none is still running when this returns or throws.
     *
     * @return their answers, in the order given
     * @throws RuntimeException the first failure among the calls (as thrown), once all have ended
     */
    <T> List<T> all(List<Supplier<T>> calls) {
        if (calls.size() == 1) {
            return java.util.Collections.singletonList(calls.get(0).get());
        }
        List<Future<T>> running = new ArrayList<>(calls.size());
        calls.forEach(call -> running.add(pool.submit(call::get)));
        List<T> answers = new ArrayList<>(calls.size());
        Throwable failure = null;
        boolean interrupted = false;
        for (Future<T> call : running) {
            while (true) {
                try {
                    answers.add(call.get());
                    break;
                } catch (InterruptedException e) {
                    // Keep waiting: a call left running could still write after the caller moved on.
                    interrupted = true;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    answers.add(null);
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException("a DynamoDB call failed", failure);
        }
        return answers;
    }
}
