package io.crmsync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * A merge conflict committed by mistake once sat in application.properties, where Java properties syntax took the
 * markers for keys and nothing failed. This keeps every source, resource and deployment file free of them.
 */
class NoMergeLeftoversTest {

    private static final Pattern MARKER = Pattern.compile("(?m)^(<<<<<<< |>>>>>>> |=======$)");

    @Test
    void noFileCarriesConflictMarkers() {
        List<String> offenders;
        try (Stream<Path> files = RepositoryFiles.text()) {
            offenders = files.filter(p -> MARKER.matcher(RepositoryFiles.read(p)).find()).map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
    }
}
