package io.crmsync.localaws;

/**
 * One {@link LocalAws} per test JVM, started on first use and stopped at JVM exit, so every test class and
 * every Quarkus test profile shares the same servers instead of starting its own.
 */
public final class SharedLocalAws {

    private SharedLocalAws() {
    }

    public static LocalAws get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final LocalAws INSTANCE = startWithShutdownHook();

        private static LocalAws startWithShutdownHook() {
            LocalAws aws = LocalAws.start();
            Runtime.getRuntime().addShutdownHook(new Thread(aws::close, "local-aws-shutdown"));
            return aws;
        }
    }
}
