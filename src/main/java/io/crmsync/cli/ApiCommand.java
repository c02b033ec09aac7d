package io.crmsync.cli;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that is one admin API request: it says which, {@link CrmsyncCli#send} makes it and prints the answer. */
abstract class ApiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** The request this command line stands for; a {@link UsageException} when it stands for none. */
    abstract ApiRequest request();

    @Override
    public Integer call() {
        return CrmsyncCli.of(spec).send(request());
    }

    UsageException usage(String message) {
        return new UsageException(spec.commandLine(), message);
    }

    /** {@code /tenants/<id>}, the id encoded. */
    String tenantPath(String id) {
        return "/tenants/" + URLEncoder.encode(nonBlank(id, "tenant id"), StandardCharsets.UTF_8);
    }

    String nonBlank(String value, String what) {
        if (value == null || value.isBlank()) {
            throw usage("missing " + what);
        }
        return value;
    }

    /** The file's text; a usage error when it cannot be read. */
    String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw usage("no file " + file);
        } catch (IOException e) {
            throw usage("cannot read " + file + ": " + e.getMessage());
        }
    }
}
