package io.crmsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The parts of the cold-start and peak-heap benchmarks that read numbers: their arithmetic and their parsers. */
class WorkerBenchmarksTest {

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertThat(ColdStartBenchmark.Spread.of(new double[] {5, 1, 3})).isEqualTo(
                new ColdStartBenchmark.Spread(3, 1, 5));
        assertThat(ColdStartBenchmark.Spread.of(new double[] {4, 1, 3, 10})).isEqualTo(
                new ColdStartBenchmark.Spread(3.5, 1, 10));
    }

    @Test
    void collectionsAreReadFromTheGcLogYoungAndFull() {
        List<String> log = List.of(
                "[0.006s][info][gc] Using Serial",
                "[0.505s][info][gc] GC(0) Pause Young (Allocation Failure) 4M->2M(15M) 3.954ms",
                "[8.314s][info][gc] GC(49) Pause Full (Allocation Failure) 29M->29M(69M) 50.667ms",
                "[9.852s][info][gc] GC(53) Pause Young (Allocation Failure) 59M->39M(69M) 1.778ms");
        assertThat(PeakHeapBenchmark.parseCollections(log)).containsExactly(new PeakHeapBenchmark.Collection(4, 2),
                new PeakHeapBenchmark.Collection(29, 29), new PeakHeapBenchmark.Collection(59, 39));
    }

    @Test
    void heapInUseIsEveryHeapSpaceOfGcHeapInfoWithoutMetaspace() {
        // jcmd <pid> GC.heap_info of a JDK 17 with the serial collector.
        String heapInfo = """
                10385:
                 def new generation   total 4928K, used 880K [0x00000000c9800000, 0x00000000c9d50000, 0x00000000dbaa0000)
                  eden space 4416K,   8% used [0x00000000c9800000, 0x00000000c985c1c8, 0x00000000c9c50000)
                  from space 512K, 100% used [0x00000000c9cd0000, 0x00000000c9d50000, 0x00000000c9d50000)
                  to   space 512K,   0% used [0x00000000c9c50000, 0x00000000c9c50000, 0x00000000c9cd0000)
                 tenured generation   total 10944K, used 3245K [0x00000000dbaa0000, 0x00000000dc550000, 0x0000000100000000)
                   the space 10944K,  29% used [0x00000000dbaa0000, 0x00000000dbdcb618, 0x00000000dbdcb800, 0x00000000dc550000)
                 Metaspace       used 8945K, committed 9088K, reserved 1114112K
                  class space    used 1062K, committed 1152K, reserved 1048576K
                """;
        assertThat(PeakHeapBenchmark.parseHeapUsedMb(heapInfo)).isEqualTo((880 + 3245) / 1024.0);
        assertThatThrownBy(() -> PeakHeapBenchmark.parseHeapUsedMb("10385:\nCommand executed\n"))
                .isInstanceOf(IllegalStateException.class);
    }
}
