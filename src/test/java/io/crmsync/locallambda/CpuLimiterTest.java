package io.crmsync.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The limiter really holds a busy process to its share of one core, and lets it run freely once closed. */
class CpuLimiterTest {

    @Test
    void holdsABusyProcessToAQuarterOfOneCore() throws Exception {
        Process busy = new ProcessBuilder("sh", "-c", "while :; do :; done").start();
        try {
            Duration before;
            Duration used;
            try (CpuLimiter limiter = CpuLimiter.start("test", () -> List.of(busy.pid()), 0.25)) {
                Thread.sleep(500);
                before = cpuOf(busy);
                Thread.sleep(4000);
                used = cpuOf(busy).minus(before);
            }
            // A quarter of one core over 4 s is 1 s (unlimited: 4 s); other work on this machine may take some of it.
            assertThat(used.toMillis()).isBetween(300L, 1500L);
            // Closed: the process is left running, not stopped (state T in /proc/<pid>/stat).
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(busy.pid()),
                    "stat"));
            assertThat(stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)).isNotEqualTo("T");
        } finally {
            busy.destroyForcibly();
        }
    }

    private static Duration cpuOf(Process process) {
        return process.info().totalCpuDuration().orElseThrow();
    }
}
