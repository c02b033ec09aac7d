package io.crmsync.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The text files of the checkout that the build, the tests and the deployment read, for tests that scan them. */
final class RepositoryFiles {

    private static final List<Path> ROOTS = List.of(Path.of("src"), Path.of("infra"), Path.of("template.yaml"),
            Path.of("Makefile"), Path.of("README.md"), Path.of("pom.xml"), Path.of(".ci"));

    private RepositoryFiles() {
    }

    /** Every text file under the roots, node_modules left out; the caller closes the stream. */
    static Stream<Path> text() {
        return ROOTS.stream().filter(Files::exists).flatMap(RepositoryFiles::walk).filter(Files::isRegularFile)
                .filter(p -> !p.toString().contains("node_modules")).filter(RepositoryFiles::isText);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
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
}
