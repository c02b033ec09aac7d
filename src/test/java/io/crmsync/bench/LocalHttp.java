package io.crmsync.bench;

/**
 * The local stack's HTTP servers (both sandboxes, the Lambda Runtime API, the Function URLs, the EventBridge
 * stand-in) are the JDK's HttpServer, which writes an answer's headers and body separately and, by default, leaves
 * Nagle's algorithm on: the body then waits for the client's delayed ACK of the headers, 40 ms on Linux. Every
 * Lambda invocation (two such answers) took 88 ms instead of 1 ms, and every sandbox call 40 ms more; neither
 * happens in AWS. The switch is JVM-wide and read once, when the first server starts: call this first in main.
 */
final class LocalHttp {

    private LocalHttp() {
    }

    static void answerWithoutDelayedAcks() {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
}
