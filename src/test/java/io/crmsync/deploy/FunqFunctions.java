package io.crmsync.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import io.quarkus.funqy.Funq;

/** The Funqy function names compiled into a class directory: each {@code @Funq} method's value, or its name. */
final class FunqFunctions {

    static final Path CLASSES = Path.of("target", "classes");

    private FunqFunctions() {
    }

    static Set<String> in(Path classes) {
        List<String> classNames;
        try (Stream<Path> files = Files.walk(classes)) {
            classNames = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> classes.relativize(f).toString())
                    .filter(name -> !name.endsWith("module-info.class") && !name.endsWith("package-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace(classes.getFileSystem().getSeparator(), "."))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classes.toAbsolutePath(), e);
        }
        Set<String> functions = new TreeSet<>();
        ClassLoader loader = FunqFunctions.class.getClassLoader();
        for (String className : classNames) {
            Class<?> type;
            try {
                // Not initialised: only the declared methods and their annotations are read.
                type = Class.forName(className, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(className + " is under " + classes + " but not on the test class path", e);
            }
            for (Method method : type.getDeclaredMethods()) {
                Funq funq = method.getAnnotation(Funq.class);
                if (funq != null) {
                    functions.add(funq.value().isEmpty() ? method.getName() : funq.value());
                }
            }
        }
        return functions;
    }
}
