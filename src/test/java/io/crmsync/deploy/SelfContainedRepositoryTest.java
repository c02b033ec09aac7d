package io.crmsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A user's clone is all the build and the tests have: nothing may read beside the checkout (the reference
 * material the team keeps in a sibling folder, an absolute path of one machine). .ci/run proves it by running the tests
 * in a copy of the checkout with nothing beside it; this catches a reference early, by its text.
 */
class SelfContainedRepositoryTest {

    /** This file names what it looks for, so it is left out of the scan. */
    private static final Pattern OUTSIDE = Pattern.compile(String.join("|",
            "\\.\\./shared", "shared/reference", "/work/",
            // Path.of("..", …), Paths.get("..", …), new File("..", …): a path built upwards from the checkout.
            "(Path\\.of|Paths\\.get|new File)\\(\\s*\"\\.\\.[\"/]"));

    @Test
    void noBuildOrTestFileRefersOutsideTheRepository() {
        List<String> offenders;
        try (Stream<Path> files = RepositoryFiles.text()) {
            // README.md may say where the documents came from; only what the build and the tests read counts.
            offenders = files.filter(p -> !p.getFileName().toString().equals("SelfContainedRepositoryTest.java"))
                    .filter(p -> !p.toString().equals("README.md"))
                    .flatMap(p -> OUTSIDE.matcher(RepositoryFiles.read(p)).results().map(m -> p + ": " + m.group()))
                    .toList();
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theHubSpotDocumentsTheConformanceTestUsesAreInTheRepository() {
        for (String document : List.of("SOURCE.md", "crm-objects-v3.json", "oauth-v1.json")) {
            assertThat(Path.of("src/test/resources/hubspot-openapi", document)).isRegularFile();
        }
    }
}
