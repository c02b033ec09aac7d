package io.crmsync.functions;

import java.util.List;
import java.util.Map;

import io.crmsync.localaws.LocalAwsResource;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The deployable as the reconciler Lambda runs it, against local AWS and the CRM sandboxes. */
public class ReconcilerFunctionProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // A low snapshot threshold, so that the first runs here read a hundred Leads through a Bulk query job.
        return Map.of("quarkus.funqy.export", "reconciler", "crmsync.reconcile.snapshot-above", "50",
                "crmsync.reconcile.snapshot-page-size", "30");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        // Not run as the reconciler's role: this app also plays the worker (the test drives its use case to apply the
        // repairs). The packaged reconciler runs with its own role in EndToEndIT.
        return List.of(new TestResourceEntry(LocalAwsResource.class), new TestResourceEntry(SharedSandboxes.class));
    }
}
