package io.crmsync.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What each top-level package of io.crmsync says of itself in its {@code package-info.java}: its role (the first
 * sentence) and the packages it may use (the line {@code May use: a, b, c.} or {@code May use: nothing of
 * crmsync.}). These files are the one statement of the architecture: {@link ArchitectureTest} holds the code to
 * them and the README's package table is made from them ({@link ReadmeTables}).
 */
record PackageInfo(String name, String role, Set<String> mayUse) {

    static final Path SOURCES = Path.of("src", "main", "java", "io", "crmsync");
    private static final Pattern COMMENT = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);
    private static final Pattern MAY_USE = Pattern.compile("May use: ([^.]*)\\.");

    /** Every top-level package under src/main/java/io/crmsync, by name. */
    static Map<String, PackageInfo> all() {
        Map<String, PackageInfo> packages = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).forEach(dir -> {
                String name = dir.getFileName().toString();
                packages.put(name, read(name, dir.resolve("package-info.java")));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return packages;
    }

    /** The packages inside a top-level one ({@code sync.pair}), each with its own package-info. */
    static java.util.List<PackageInfo> subPackagesOf(String top) {
        Path root = SOURCES.resolve(top);
        try (Stream<Path> dirs = Files.walk(root)) {
            return dirs.filter(d -> Files.isDirectory(d) && !d.equals(root)).sorted()
                    .map(d -> read(top + "." + root.relativize(d).toString().replace(d.getFileSystem()
                            .getSeparator(), "."), d.resolve("package-info.java")))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A package without a package-info has no role and may use nothing, so every rule about it fails loudly. */
    static PackageInfo read(String name, Path file) {
        if (!Files.exists(file)) {
            return new PackageInfo(name, "", Set.of());
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher comment = COMMENT.matcher(text);
        String doc = comment.find() ? comment.group(1).replaceAll("(?m)^\\s*\\* ?", "").trim() : "";
        String flat = doc.replaceAll("\\s+", " ");
        Matcher mayUse = MAY_USE.matcher(flat);
        Set<String> uses = !mayUse.find() ? Set.of("<no May use line>")
                : Arrays.stream(mayUse.group(1).split(",")).map(s -> s.replace("{@code", "").replace("}", "").trim())
                        .filter(s -> !s.isEmpty() && !s.equals("nothing of crmsync"))
                        .collect(Collectors.toCollection(java.util.TreeSet::new));
        int end = flat.indexOf(". ");
        String role = (end < 0 ? flat : flat.substring(0, end + 1)).replaceAll("\\{@(?:code|link) ([^}]*)}", "$1");
        return new PackageInfo(name, role, uses);
    }
}
