package io.crmsync.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a CloudFormation / SAM template written in YAML into a Jackson tree, turning the short-form
 * intrinsic functions into their long form: {@code !Ref X} becomes {@code {"Ref": "X"}}, {@code !GetAtt A.Arn}
 * becomes {@code {"Fn::GetAtt": ["A", "Arn"]}}, {@code !Sub "..."} becomes {@code {"Fn::Sub": "..."}}, and so on.
 *
 * <p>Why not jackson-dataformat-yaml: it accepts the tags but drops them. With 2.21 it reads
 * {@code !Ref ChangeQueue} as the plain string {@code "ChangeQueue"} and {@code !GetAtt ChangeDeadLetterQueue.Arn}
 * as {@code "ChangeDeadLetterQueue.Arn"}, so a reference could not be told from a literal (a redrive target
 * written as a literal string would pass). SnakeYAML, which jackson-dataformat-yaml brings along, lets us
 * register a constructor per tag; unknown tags still fail, and duplicate keys are refused as CloudFormation does.
 */
final class CloudFormationYaml {

    /** Short-form tag (without "!") to the long-form key CloudFormation uses. */
    private static final Map<String, String> INTRINSICS = Map.ofEntries(
            Map.entry("Ref", "Ref"),
            Map.entry("Condition", "Condition"),
            Map.entry("GetAtt", "Fn::GetAtt"),
            Map.entry("Sub", "Fn::Sub"),
            Map.entry("Join", "Fn::Join"),
            Map.entry("Select", "Fn::Select"),
            Map.entry("Split", "Fn::Split"),
            Map.entry("If", "Fn::If"),
            Map.entry("Equals", "Fn::Equals"),
            Map.entry("Not", "Fn::Not"),
            Map.entry("And", "Fn::And"),
            Map.entry("Or", "Fn::Or"),
            Map.entry("FindInMap", "Fn::FindInMap"),
            Map.entry("Base64", "Fn::Base64"),
            Map.entry("Cidr", "Fn::Cidr"),
            Map.entry("ImportValue", "Fn::ImportValue"),
            Map.entry("GetAZs", "Fn::GetAZs"),
            Map.entry("Transform", "Fn::Transform"),
            Map.entry("ToJsonString", "Fn::ToJsonString"),
            Map.entry("Length", "Fn::Length"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private CloudFormationYaml() {
    }

    static JsonNode load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    static JsonNode parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(yaml);
        return JSON.valueToTree(document);
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            INTRINSICS.forEach((tag, function) -> yamlConstructors.put(new Tag("!" + tag), new Intrinsic(function)));
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String function;

            Intrinsic(String function) {
                this.function = function;
            }

            @Override
            public Object construct(Node node) {
                Object argument;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    // Short-form GetAtt takes "Resource.Attribute"; logical ids cannot contain dots.
                    int dot = text.indexOf('.');
                    argument = "Fn::GetAtt".equals(function) && dot > 0
                            ? List.of(text.substring(0, dot), text.substring(dot + 1))
                            : text;
                } else if (node instanceof SequenceNode sequence) {
                    argument = constructSequence(sequence);
                } else {
                    argument = constructMapping((MappingNode) node);
                }
                Map<String, Object> intrinsic = new LinkedHashMap<>();
                intrinsic.put(function, argument);
                return intrinsic;
            }
        }
    }
}
