package io.crmsync.sandbox.http;

/** Answers one routed request. */
@FunctionalInterface
public interface Handler {

    SandboxResponse handle(SandboxRequest request) throws Exception;

    /** Runs {@code filter} around this handler (authentication, usage metering and the like). */
    default Handler with(Filter filter) {
        Handler next = this;
        return request -> filter.apply(request, next);
    }

    /** Work done around a handler; it may answer on its own without calling {@code next}. */
    @FunctionalInterface
    interface Filter {
        SandboxResponse apply(SandboxRequest request, Handler next) throws Exception;
    }
}
