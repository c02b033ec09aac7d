package io.crmsync.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What must never appear in any function's log: the secrets a run used (app tokens and client secrets, every
 * grant the tenants' secrets held: access and refresh tokens, keys, PKCE verifiers and OAuth states) and the test
 * data's personal values (email addresses, names). Secrets match anywhere in a line; names match as whole words,
 * case-sensitively, so "Ada" is found but "adapter" is not.
 */
final class LogAudit {

    /** The fields of a tenant's secret (io.crmsync.secrets.CredentialsJson) that hold something secret. */
    static final Set<String> SECRET_FIELDS = Set.of("accessToken", "refreshToken", "clientSecret", "privateKeyPem",
            "codeVerifier", "state");
    /** Any email address: the test data's are all personal, and no log line should carry one. */
    static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

    private final Set<String> secrets = new LinkedHashSet<>();
    private final Set<String> names = new LinkedHashSet<>();
    private final ObjectMapper json = new ObjectMapper();

    LogAudit secrets(String... values) {
        for (String value : values) {
            if (value != null && value.length() >= 8) {
                secrets.add(value);
            }
        }
        return this;
    }

    LogAudit names(String... values) {
        names.addAll(List.of(values));
        return this;
    }

    /** Every secret value a tenant's credentials JSON holds (a PEM key by each of its base64 lines). */
    LogAudit secretsOf(String credentialsJson) {
        try {
            collect(json.readTree(credentialsJson), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    private void collect(JsonNode node, String field) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> collect(f.getValue(), f.getKey()));
        } else if (node.isTextual() && SECRET_FIELDS.contains(field)) {
            if (field.equals("privateKeyPem")) {
                node.asText().lines().filter(l -> !l.startsWith("-----")).forEach(this::secrets);
            } else {
                secrets(node.asText());
            }
        }
    }

    int secretCount() {
        return secrets.size();
    }

    /** Each offending line as {@code file:line: what}, never the secret itself (the report is a log too). */
    List<String> findings(Path logDir) {
        List<Pattern> wholeNames = names.stream().map(n -> Pattern.compile("\\b" + Pattern.quote(n) + "\\b")).toList();
        List<String> findings = new ArrayList<>();
        try (Stream<Path> files = Files.list(logDir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                for (int i = 0; i < lines.size(); i++) {
                    String line = lines.get(i);
                    String where = file.getFileName() + ":" + (i + 1) + ": ";
                    for (String secret : secrets) {
                        if (line.contains(secret)) {
                            findings.add(where + "a secret (" + secret.length() + " characters)");
                        }
                    }
                    if (EMAIL.matcher(line).find()) {
                        findings.add(where + "an email address: " + EMAIL.matcher(line).replaceAll("<email>"));
                    }
                    for (int n = 0; n < wholeNames.size(); n++) {
                        if (wholeNames.get(n).matcher(line).find()) {
                            findings.add(where + "the name of a person in the test data: " + line);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return findings;
    }
}
