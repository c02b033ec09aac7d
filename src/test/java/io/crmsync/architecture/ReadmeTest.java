package io.crmsync.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The README's architecture sections are what {@link ReadmeTables} makes from the tree today: every function of
 * template.yaml, every package with its package-info. After moving code, run {@code make readme}.
 */
class ReadmeTest {

    @Test
    void theGeneratedSectionsMatchTheTree() throws Exception {
        String readme = Files.readString(ReadmeTables.README);
        for (Map.Entry<String, String> section : new ReadmeTables().sections().entrySet()) {
            assertThat(ReadmeTables.section(readme, section.getKey()))
                    .as("README.md section \"" + section.getKey() + "\" (run make readme)")
                    .contains(section.getValue());
        }
    }

    @Test
    void everyDeployedFunctionHasItsClass() {
        assertThat(new ReadmeTables().functions()).allSatisfy(f -> assertThat(f.javaClass())
                .as(f.export() + ": a class in the functions package with @Funq(\"" + f.export() + "\")")
                .isNotEqualTo("(none)"));
    }
}
