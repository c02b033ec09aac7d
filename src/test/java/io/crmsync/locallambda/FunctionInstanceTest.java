package io.crmsync.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Function instances run with the JVM options of Lambda's managed Java runtime. */
class FunctionInstanceTest {

    @Test
    void theHeapIsLimitedTo85PercentOfTheFunctionsMemoryAsLambdaDoes() {
        // The java17 runtime's command line for a 512 MB function, as Lambda runs it.
        assertThat(FunctionInstance.managedRuntimeOptions(512)).contains("-XX:MaxHeapSize=445645k");
        assertThat(FunctionInstance.managedRuntimeOptions(FunctionInstance.MEMORY_SIZE_MB))
                .contains("-XX:MaxHeapSize=891290k", "-XX:MaxRAM=1024m");
    }

    @Test
    void theSerialCollectorAndC1OnlyAsLambdaDoes() {
        assertThat(FunctionInstance.managedRuntimeOptions(1024)).contains("-XX:+UseSerialGC",
                "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    }
}
