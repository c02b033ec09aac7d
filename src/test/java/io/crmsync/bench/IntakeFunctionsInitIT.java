package io.crmsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.localaws.LocalAws;
import io.crmsync.localaws.SharedLocalAws;
import io.crmsync.locallambda.LocalFunctions;

/**
 * Issue 20: the intake functions start without touching Secrets Manager. Each one starts as packaged in
 * function.zip, with only template.yaml's environment and its role, the app secret stored in the local Secrets
 * Manager and one accepted event waiting (see {@link IntakeColdStartBenchmark}); the Secrets Manager requests made
 * between the JVM's start and its first poll for an event (Lambda's init, what a SnapStart snapshot would hold) are
 * counted, refused ones included. All exports are one Quarkus application: a start-up observer or eager bean in
 * any function's wiring runs in every intake function too (checked by hand: a StartupEvent observer reading the
 * app secret fails this test for hubspot-webhook; one limited to salesforce-outbound, whose role is refused, too).
 */
class IntakeFunctionsInitIT {

    static final LocalAws aws = SharedLocalAws.get();

    @Test
    void noIntakeFunctionCallsSecretsManagerBeforeItsFirstEvent() {
        aws.reset();
        try (LocalFunctions functions = LocalFunctions.unpack(LocalFunctions.FUNCTION_ZIP,
                Path.of("target", "it-intake-init"))) {
            Map<IntakeColdStartBenchmark.Intake, Map<String, String>> configs = IntakeColdStartBenchmark.configs(aws);
            for (IntakeColdStartBenchmark.Intake intake : IntakeColdStartBenchmark.Intake.values()) {
                IntakeColdStartBenchmark.Start start = IntakeColdStartBenchmark.coldStart(aws, functions,
                        configs.get(intake), intake, "init-it", java.util.List.of());

                assertThat(start.secretsCallsAtInit()).as("%s: Secrets Manager calls during init", intake)
                        .isZero();
                // The count sees the packaged function's calls: the webhook reads the app secret once, for the first
                // signature it checks; the Salesforce doors never need it (and their roles may not read it).
                assertThat(start.secretsCallsAtResponse()).as("%s: Secrets Manager calls by its first answer", intake)
                        .isEqualTo(intake == IntakeColdStartBenchmark.Intake.HUBSPOT_WEBHOOK ? 1 : 0);
            }
        }
    }
}
