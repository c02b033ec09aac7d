package io.crmsync.mapping;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a tree that remembers the line of every node, so errors about a value can say where it
 * is (Jackson's own trees forget locations). Scalars keep their text as written: "true", "007" and "1e3"
 * stay strings, which is what HubSpot and Salesforce values are.
 */
sealed interface YamlNode {

    int line();

    /** What the node is, for "expected a mapping, found a list" messages. */
    String description();

    record Scalar(String text, int line) implements YamlNode {
        @Override
        public String description() {
            return "a value";
        }
    }

    record Null(int line) implements YamlNode {
        @Override
        public String description() {
            return "nothing";
        }
    }

    record Sequence(List<YamlNode> items, int line) implements YamlNode {
        @Override
        public String description() {
            return "a list";
        }
    }

    /** Keys in file order, each with the line it is on. */
    record Mapping(Map<String, Entry> entries, int line) implements YamlNode {
        @Override
        public String description() {
            return "a mapping";
        }
    }

    record Entry(String key, int keyLine, YamlNode value) {
    }

    /** Thrown for YAML that cannot be read at all; carries the line Jackson reports. */
    final class SyntaxError extends Exception {
        private final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    /** Reads one YAML document; an empty document is {@link Null}. */
    static YamlNode read(String yaml) throws SyntaxError {
        try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Null(1);
            }
            YamlNode root = readValue(parser);
            if (parser.nextToken() != null) {
                throw new SyntaxError(line(parser), "only one YAML document is allowed (found another after ---)");
            }
            return root;
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new SyntaxError(line, "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new SyntaxError(0, "cannot read the YAML: " + e.getMessage());
        }
    }

    private static YamlNode readValue(JsonParser parser) throws IOException, SyntaxError {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Entry> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    parser.nextToken();
                    YamlNode value = readValue(parser);
                    if (entries.putIfAbsent(key, new Entry(key, keyLine, value)) != null) {
                        throw new SyntaxError(keyLine, "\"" + key + "\" appears twice (first on line "
                                + entries.get(key).keyLine() + ")");
                    }
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readValue(parser));
                }
                return new Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new Null(line);
            }
            default -> {
                if (token.isScalarValue()) {
                    return new Scalar(parser.getText(), line);
                }
                throw new SyntaxError(line, "unexpected " + token);
            }
        }
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }
}
