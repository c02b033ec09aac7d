package io.crmsync.locallambda;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The X-Ray trace header's Lineage field, as the local Lambda counts recursive hops with it. */
class TraceHeaderTest {

    static final String F = "arn:aws:lambda:us-east-1:000000000000:function:f";
    static final String G = "arn:aws:lambda:us-east-1:000000000000:function:g";

    @Test
    void eachHopCountsPerFunctionAndTheRestOfTheHeaderIsKept() {
        TraceHeader start = TraceHeader.parse("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1");
        assertThat(start.hops(F)).isZero();

        TraceHeader twice = TraceHeader.parse(start.withHop(F).withHop(G).withHop(F).toString());
        assertThat(twice.hops(F)).isEqualTo(2);
        assertThat(twice.hops(G)).isEqualTo(1);
        assertThat(twice.toString()).startsWith("Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;"
                + "Sampled=1;Lineage=1:" + TraceHeader.hash(F) + ":2|1:" + TraceHeader.hash(G) + ":1");
    }

    @Test
    void readsBothLineageShapesSeenFromAws() {
        assertThat(TraceHeader.parse("Root=1-64d38018-6a56d23a731e0cbe6ed85687;Sampled=0;Lineage="
                + TraceHeader.hash(F) + ":7").hops(F)).isEqualTo(7);
        assertThat(TraceHeader.parse("Root=1-64d38018-6a56d23a731e0cbe6ed85687;Lineage=1:" + TraceHeader.hash(F)
                + ":9|1:ffffffff:3").hops(F)).isEqualTo(9);
    }

    @Test
    void noHeaderIsAFreshTraceWithoutHops() {
        TraceHeader fresh = TraceHeader.parse(null);
        assertThat(fresh.root()).matches("1-[0-9a-f]{8}-[0-9a-f]{24}");
        assertThat(fresh.hops(F)).isZero();
        assertThat(TraceHeader.parse("garbage").root()).isNotNull();
    }
}
