package io.crmsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A user's clone is all the build and the tests have: nothing may read beside the checkout (the reference
 * material the team keeps in ../shared, an absolute path of one machine). .ci/run proves it by running the tests
 * in a copy of the checkout with nothing beside it; this catches a reference early, by its text.
 */
class SelfContainedRepositoryTest {

    /** This file names what it looks for, so it is left out of the scan. */
    private static final Pattern OUTSIDE = Pattern.compile(String.join("|",
            "\\.\\./shared", "shared/reference", "/work/",
            // Path.of("..", …), Paths.get("..", …), new File("..", …): a path built upwards from the checkout.
            "(Path\\.of|Paths\\.get|new File)\\(\\s*\"\\.\\.[\"/]"));

    @Test
    void noBuildOrTestFileRefersOutsideTheRepository() throws IOException {
        List<Path> roots = List.of(Path.of("src"), Path.of("infra"), Path.of("template.yaml"), Path.of("Makefile"),
                Path.of("pom.xml"), Path.of(".ci"));
        List<String> offenders;
        try (Stream<Path> files = roots.stream().filter(Files::exists).flatMap(SelfContainedRepositoryTest::walk)) {
            offenders = files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("node_modules"))
                    .filter(p -> !p.getFileName().toString().equals("SelfContainedRepositoryTest.java"))
                    .filter(SelfContainedRepositoryTest::isText)
                    .flatMap(p -> OUTSIDE.matcher(read(p)).results().map(m -> p + ": " + m.group()))
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

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isText(Path p) {
        String name = p.getFileName().toString();
        return name.matches(".*\\.(java|properties|ya?ml|json|xml|md|sh|txt|html|js|mjs|cjs|toml)$")
                || name.equals("Makefile") || name.equals("run");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
