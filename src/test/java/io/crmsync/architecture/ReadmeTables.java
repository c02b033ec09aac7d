package io.crmsync.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.deploy.SamTemplate;
import io.crmsync.localaws.iam.Role;
import io.crmsync.localaws.iam.TemplateRoles;

/**
 * The README's architecture sections, made from the tree so they cannot drift: the functions (from template.yaml
 * and the {@code @Funq} classes), how events flow between them (their triggers, and the queues and functions their
 * IAM roles let them reach), and the packages (from each {@code package-info.java}). {@code make readme} rewrites
 * the sections; {@link ReadmeTest} fails while the README differs from what this makes.
 */
public final class ReadmeTables {

    static final Path README = Path.of("README.md");
    static final Path FUNCTIONS = Path.of("src", "main", "java", "io", "crmsync", "functions");
    private static final Pattern FUNQ = Pattern.compile("@Funq\\(\"([^\"]+)\"\\)");

    /** A deployed function: its Funqy export, template id, trigger, description and the class serving it. */
    record Function(String export, String logicalId, String trigger, String description, String javaClass) {
    }

    private final JsonNode template;
    private final TemplateRoles roles;

    ReadmeTables() {
        this.template = SamTemplate.load().root();
        this.roles = TemplateRoles.load(TemplateRoles.Stack.LOCAL);
    }

    /** Writes the generated sections into README.md (make readme). */
    public static void main(String[] args) throws IOException {
        ReadmeTables tables = new ReadmeTables();
        String readme = Files.readString(README);
        String updated = readme;
        for (Map.Entry<String, String> section : tables.sections().entrySet()) {
            updated = replaceSection(updated, section.getKey(), section.getValue());
        }
        if (!updated.equals(readme)) {
            Files.writeString(README, updated);
            System.out.println("README.md: generated sections rewritten");
        } else {
            System.out.println("README.md: generated sections already match the tree");
        }
    }

    /** Section name to its generated Markdown. */
    Map<String, String> sections() {
        Map<String, String> sections = new LinkedHashMap<>();
        sections.put("flow", flowDiagram());
        sections.put("functions", functionTable());
        sections.put("packages", packageTable());
        return sections;
    }

    static String begin(String name) {
        return "<!-- generated:" + name + " by `make readme` from the tree; do not edit -->";
    }

    static String end(String name) {
        return "<!-- end:" + name + " -->";
    }

    static Optional<String> section(String readme, String name) {
        int from = readme.indexOf(begin(name));
        int to = readme.indexOf(end(name));
        if (from < 0 || to < from) {
            return Optional.empty();
        }
        return Optional.of(readme.substring(from + begin(name).length() + 1, to));
    }

    static String replaceSection(String readme, String name, String content) {
        int from = readme.indexOf(begin(name));
        int to = readme.indexOf(end(name));
        if (from < 0 || to < from) {
            throw new IllegalStateException("README.md has no section " + begin(name) + " … " + end(name));
        }
        return readme.substring(0, from + begin(name).length()) + "\n" + content + readme.substring(to);
    }

    List<Function> functions() {
        Map<String, String> classes = funqClasses();
        List<Function> functions = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if (!"AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                return;
            }
            String export = properties.path("Environment").path("Variables").path("QUARKUS_FUNQY_EXPORT").asText();
            functions.add(new Function(export, resource.getKey(), trigger(resource.getKey(), properties),
                    properties.path("Description").asText(), classes.getOrDefault(export, "(none)")));
        });
        return functions;
    }

    /** Funqy export name to the class in the functions package that declares it. */
    static Map<String, String> funqClasses() {
        Map<String, String> classes = new TreeMap<>();
        try (Stream<Path> files = Files.list(FUNCTIONS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher funq = FUNQ.matcher(Files.readString(file));
                while (funq.find()) {
                    classes.put(funq.group(1), file.getFileName().toString().replace(".java", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return classes;
    }

    /** What starts the function: its Function URL, its SQS event source, or the rules and schedules aimed at it. */
    String trigger(String functionId, JsonNode properties) {
        List<String> triggers = new ArrayList<>();
        JsonNode url = properties.path("FunctionUrlConfig");
        if (!url.isMissingNode()) {
            triggers.add("Function URL (" + url.path("AuthType").asText() + ")");
        }
        properties.path("Events").fields().forEachRemaining(event -> {
            JsonNode eventProperties = event.getValue().path("Properties");
            triggers.add(event.getValue().path("Type").asText() + " "
                    + referenced(eventProperties.path("Queue")).orElse(event.getKey()));
        });
        template.path("Resources").fields().forEachRemaining(resource -> {
            String type = resource.getValue().path("Type").asText();
            JsonNode properties2 = resource.getValue().path("Properties");
            if ("AWS::Events::Rule".equals(type)) {
                for (JsonNode target : properties2.path("Targets")) {
                    if (referenced(target.path("Arn")).filter(functionId::equals).isPresent()) {
                        triggers.add("EventBridge rule " + resource.getKey());
                    }
                }
            } else if ("AWS::Scheduler::Schedule".equals(type)
                    && referenced(properties2.path("Target").path("Arn")).filter(functionId::equals).isPresent()) {
                triggers.add("schedule " + properties2.path("ScheduleExpression").asText());
            }
        });
        return triggers.isEmpty() ? "direct invoke (operators)" : String.join(", ", triggers);
    }

    /** The logical id a !Ref or !GetAtt names (an alias reference names its function). */
    static Optional<String> referenced(JsonNode value) {
        if (value.has("Ref")) {
            return Optional.of(value.get("Ref").asText().replace(".Alias", ""));
        }
        if (value.has("Fn::GetAtt")) {
            JsonNode getAtt = value.get("Fn::GetAtt");
            return Optional.of(getAtt.isArray() ? getAtt.get(0).asText() : getAtt.asText().split("\\.")[0]);
        }
        return Optional.empty();
    }

    String functionTable() {
        StringBuilder table = new StringBuilder("| function | started by | what | class |\n|---|---|---|---|\n");
        for (Function f : functions()) {
            table.append("| `").append(f.export()).append("` | ").append(f.trigger()).append(" | ")
                    .append(f.description().replace("|", "\\|")).append(" | `functions.").append(f.javaClass())
                    .append("` |\n");
        }
        return table.toString();
    }

    /** Triggers into functions, and what each function's role lets it send to or invoke. */
    String flowDiagram() {
        List<Function> functions = functions();
        List<String> queues = new ArrayList<>();
        template.path("Resources").fields().forEachRemaining(resource -> {
            if ("AWS::SQS::Queue".equals(resource.getValue().path("Type").asText())) {
                queues.add(resource.getKey());
            }
        });
        StringBuilder diagram = new StringBuilder("```mermaid\nflowchart LR\n");
        diagram.append("  HubSpot([HubSpot])\n  Salesforce([Salesforce])\n  Operator([operator: crmsync CLI])\n")
                .append("  Scheduler([EventBridge Scheduler])\n");
        for (String queue : queues) {
            diagram.append("  ").append(queue).append("[(").append(queue).append(")]\n");
        }
        for (Function f : functions) {
            diagram.append("  ").append(f.logicalId()).append("[").append(f.export()).append("]\n");
        }
        for (Function f : functions) {
            for (String source : sourcesOf(f)) {
                diagram.append("  ").append(source).append(" --> ").append(f.logicalId()).append("\n");
            }
            Role role = roles.roleOf(f.export());
            for (String queue : queues) {
                if (role.decide("sqs:SendMessage", roles.arnOf(queue)) == Role.Decision.ALLOWED) {
                    diagram.append("  ").append(f.logicalId()).append(" -- send --> ").append(queue).append("\n");
                }
            }
        }
        template.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode properties = resource.getValue().path("Properties");
            if ("AWS::Serverless::Function".equals(resource.getValue().path("Type").asText())) {
                properties.path("Events").fields().forEachRemaining(event -> referenced(
                        event.getValue().path("Properties").path("Queue")).ifPresent(queue -> diagram.append("  ")
                                .append(queue).append(" -- event source --> ").append(resource.getKey())
                                .append("\n")));
            }
            JsonNode redrive = properties.path("RedrivePolicy").path("deadLetterTargetArn");
            referenced(redrive).ifPresent(dlq -> diagram.append("  ").append(resource.getKey())
                    .append(" -. redrive .-> ").append(dlq).append("\n"));
            for (JsonNode target : properties.path("Targets")) {
                referenced(target.path("DeadLetterConfig").path("Arn")).ifPresent(dlq -> diagram.append("  ")
                        .append(resource.getKey()).append(" -. failed events .-> ").append(dlq).append("\n"));
            }
        });
        return diagram.append("```\n").toString();
    }

    /** Who reaches the function from outside, read from its trigger. */
    static List<String> sourcesOf(Function f) {
        List<String> sources = new ArrayList<>();
        String trigger = f.trigger();
        if (trigger.contains("Function URL (AWS_IAM)") || trigger.startsWith("direct invoke")) {
            sources.add("Operator");
        }
        if (trigger.contains("Function URL (NONE)")) {
            sources.add(f.export().startsWith("salesforce") ? "Salesforce" : f.export().startsWith("hubspot")
                    ? "HubSpot" : "Operator");
        }
        if (trigger.contains("EventBridge rule")) {
            sources.add("Salesforce");
        }
        if (trigger.contains("schedule")) {
            sources.add("Scheduler");
        }
        return sources.stream().distinct().collect(Collectors.toList());
    }

    String packageTable() {
        StringBuilder table = new StringBuilder("| package | what | may use |\n|---|---|---|\n");
        Map<String, PackageInfo> packages = PackageInfo.all();
        for (PackageInfo p : packages.values()) {
            table.append("| `").append(p.name()).append("` | ").append(p.role().replace("|", "\\|")).append(" | ")
                    .append(p.mayUse().isEmpty() ? "—" : p.mayUse().stream().map(u -> "`" + u + "`")
                            .collect(Collectors.joining(", ")))
                    .append(" |\n");
            for (PackageInfo sub : PackageInfo.subPackagesOf(p.name())) {
                table.append("| `").append(sub.name()).append("` | ").append(sub.role().replace("|", "\\|"))
                        .append(" | (part of `").append(p.name()).append("`) |\n");
            }
        }
        return table.toString();
    }
}
