package io.crmsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The house rules, checked on the compiled main classes. Each package's {@code package-info.java} says which
 * packages it may use; the code is held to that, and those statements together must form layers (no cycle, so
 * no dependency runs upward). On top, fixed rules the package-infos cannot loosen: the core uses no adapter and
 * no AWS, HTTP, Quarkus or Lambda type; nothing but the functions' wiring knows the functions. Zero exceptions.
 */
class ArchitectureTest {

    static final String ROOT = "io.crmsync";
    /** The sync core: plain Java, unit-tested without a server. */
    static final Set<String> CORE = Set.of("sync", "mapping", "reconcile", "budget", "activity", "tenant", "crm",
            "notice");
    /** What talks to the outside world: AWS services and the two CRMs. */
    static final Set<String> ADAPTERS = Set.of("store", "queue", "hubspot", "salesforce", "secrets", "crmhttp");
    /** The top: composition and entry points, used by nobody. */
    static final Set<String> ENTRY_POINTS = Set.of("functions", "cli");
    /** Past this a class does too much to read in one go: split it by responsibility. */
    static final int MAX_LINES = 400;

    static JavaClasses classes;
    static Map<String, PackageInfo> packages;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(ROOT);
        packages = PackageInfo.all();
    }

    static String[] inside(Set<String> names) {
        return names.stream().map(p -> ROOT + "." + p + "..").toArray(String[]::new);
    }

    @Test
    void everyPackageSaysWhatItIsAndWhatItMayUse() {
        assertThat(packages).isNotEmpty();
        packages.values().forEach(p -> {
            assertThat(p.role()).as(p.name() + "/package-info.java: a first sentence saying what the package is")
                    .isNotBlank();
            assertThat(packages.keySet()).as(p.name() + "/package-info.java \"May use:\" names existing packages")
                    .containsAll(p.mayUse());
            PackageInfo.subPackagesOf(p.name()).forEach(sub -> assertThat(sub.role())
                    .as(sub.name() + "/package-info.java: a first sentence saying what the package is").isNotBlank());
        });
        Set<String> fixed = new TreeSet<>(CORE);
        fixed.addAll(ADAPTERS);
        fixed.addAll(ENTRY_POINTS);
        assertThat(packages.keySet()).as("packages this test classifies").containsAll(fixed);
    }

    @Test
    void eachPackageUsesOnlyWhatItsPackageInfoAllows() {
        for (PackageInfo from : packages.values()) {
            Set<String> others = new TreeSet<>(packages.keySet());
            others.remove(from.name());
            others.removeAll(from.mayUse());
            if (!others.isEmpty()) {
                noClasses().that().resideInAPackage(ROOT + "." + from.name() + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(inside(others))
                        .as(from.name() + " uses only " + from.mayUse() + " (its package-info)")
                        .check(classes);
            }
        }
    }

    @Test
    void theAllowedUsesFormLayersSoNothingRunsUpward() {
        List<String> cycles = new ArrayList<>();
        for (String start : packages.keySet()) {
            Deque<String> todo = new ArrayDeque<>(packages.get(start).mayUse());
            Set<String> seen = new TreeSet<>();
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (next.equals(start)) {
                    cycles.add(start);
                    break;
                }
                if (seen.add(next) && packages.containsKey(next)) {
                    todo.addAll(packages.get(next).mayUse());
                }
            }
        }
        assertThat(cycles).as("packages that may reach themselves through their allowed uses").isEmpty();
    }

    @Test
    void theCoreUsesNoAdapterAndNoEntryPoint() {
        Set<String> forbidden = new TreeSet<>(ADAPTERS);
        forbidden.addAll(ENTRY_POINTS);
        forbidden.addAll(Set.of("ingest", "admin", "adminhttp", "connect", "health", "lambda"));
        noClasses().that().resideInAnyPackage(inside(CORE)).should().dependOnClassesThat()
                .resideInAnyPackage(inside(forbidden))
                .as("the core " + CORE + " uses no adapter, feature, Lambda event type or entry point")
                .check(classes);
    }

    @Test
    void theCoreIsPlainJava() {
        noClasses().that().resideInAnyPackage(inside(CORE)).should().dependOnClassesThat()
                .resideInAnyPackage("software.amazon..", "io.quarkus..", "io.vertx..", "jakarta.ws.rs..",
                        "org.eclipse.microprofile.rest.client..", "java.net.http..", "com.amazonaws..")
                .as("the core uses no AWS SDK, Quarkus, Vert.x or HTTP type").check(classes);
    }

    @Test
    void nothingButTheEntryPointsKnowsTheEntryPoints() {
        noClasses().that().resideOutsideOfPackages(inside(ENTRY_POINTS)).should().dependOnClassesThat()
                .resideInAnyPackage(inside(ENTRY_POINTS)).check(classes);
    }

    @Test
    void noTwoMainClassesShareAName() {
        Map<String, List<String>> byName = new TreeMap<>();
        classes.stream().filter(c -> c.isTopLevelClass() && !c.getSimpleName().equals("package-info"))
                .forEach(c -> byName.computeIfAbsent(c.getSimpleName(), n -> new ArrayList<>()).add(c.getName()));
        assertThat(byName.values().stream().filter(names -> names.size() > 1).collect(Collectors.toList()))
                .as("one name, one concept: rename one of each").isEmpty();
    }

    @Test
    void noMainSourceFileIsOver400Lines() throws IOException {
        Map<String, Long> tooLong = new TreeMap<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                long lines = lineCount(f);
                if (lines > MAX_LINES) {
                    tooLong.put(f.toString(), lines);
                }
            });
        }
        assertThat(tooLong).as("main source files over " + MAX_LINES + " lines").isEmpty();
    }

    static long lineCount(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
