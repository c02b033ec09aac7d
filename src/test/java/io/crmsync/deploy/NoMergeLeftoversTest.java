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
 * A merge conflict committed by mistake once sat in application.properties, where Java properties syntax took the
 * markers for keys and nothing failed. This keeps every source, resource and deployment file free of them.
 */
class NoMergeLeftoversTest {

    private static final Pattern MARKER = Pattern.compile("(?m)^(<<<<<<< |>>>>>>> |=======$)");

    @Test
    void noFileCarriesConflictMarkers() throws IOException {
        List<Path> roots = List.of(Path.of("src"), Path.of("infra"), Path.of("template.yaml"), Path.of("Makefile"),
                Path.of("README.md"), Path.of("pom.xml"), Path.of(".ci"));
        List<String> offenders;
        try (Stream<Path> files = roots.stream().filter(Files::exists).flatMap(NoMergeLeftoversTest::walk)) {
            offenders = files.filter(Files::isRegularFile).filter(p -> !p.toString().contains("node_modules"))
                    .filter(NoMergeLeftoversTest::isText).filter(p -> MARKER.matcher(read(p)).find())
                    .map(Path::toString).toList();
        }
        assertThat(offenders).isEmpty();
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
        return name.matches(".*\\.(java|properties|ya?ml|json|xml|md|sh|txt|html|js)$") || name.equals("Makefile")
                || name.equals("run");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
