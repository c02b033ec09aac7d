package io.crmsync.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the CLI prints. For people (the default): an answer as the admin API gave it — JSON pretty-printed, a plan
 * line by line with its id, the URL to open for a connect, YAML and CSV as they are — on stdout, {@code HTTP
 * <status>} before an error answer, and messages about no answer on stderr. For scripts ({@code --json}): exactly
 * one compact JSON document on stdout whatever happens — the answer itself on success (a YAML or CSV answer as a
 * JSON string), {@code {"status": <HTTP status or null>, "error": <the error answer, or a message>}} otherwise —
 * and nothing on stderr; the exit status says which.
 */
final class Output {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a 403 from the deployed admin Function URL (AuthType AWS_IAM) means. */
    static final String FORBIDDEN = "The admin API's Function URL refused the signed request (403). It is"
            + " IAM-authorised: the identity whose AWS credentials signed it needs an IAM policy allowing both"
            + " lambda:InvokeFunctionUrl and lambda:InvokeFunction on the admin-api function (function URLs need both"
            + " since October 2025; lambda:InvokeFunctionUrl alone is refused), and the credentials must be for the"
            + " stack's account; the URL (--url or CRMSYNC_ADMIN_URL) must be the stack's AdminApiUrl.";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;

    Output(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    boolean json() {
        return json;
    }

    /** An answer of the admin API; {@code signed} when it came from a deployed Function URL. */
    void answer(int status, String contentType, String body, List<String> secrets, boolean signed) {
        boolean forbidden = status == 403 && signed;
        if (json) {
            out.println(redact(answerJson(status, contentType, body, forbidden), secrets));
        } else {
            out.print(redact(render(status, contentType, body), secrets));
            if (forbidden) {
                err.println(FORBIDDEN);
            }
        }
        flush();
    }

    /** No answer to show: the API could not be reached, or the command could not be carried out. */
    void failure(String message) {
        if (json) {
            out.println(error(null, JsonNodeFactory.instance.textNode(message)));
        } else {
            err.println(message);
        }
        flush();
    }

    /** What a command answering by itself (not the API) says: {@code text} for people, {@code document} for scripts. */
    void note(String text, JsonNode document) {
        out.println(json ? document.toString() : text);
        flush();
    }

    private void flush() {
        out.flush();
        err.flush();
    }

    /** {"status": …, "error": …}: the shape of every failure in JSON. */
    static ObjectNode error(Integer status, JsonNode error) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        if (status == null) {
            document.putNull("status");
        } else {
            document.put("status", status);
        }
        document.set("error", error);
        return document;
    }

    private static String answerJson(int status, String contentType, String body, boolean forbidden) {
        JsonNode answer = parse(contentType, body);
        if (status / 100 == 2) {
            return answer.toString();
        }
        ObjectNode error = error(status, answer);
        if (forbidden) {
            error.put("hint", FORBIDDEN);
        }
        return error.toString();
    }

    /** A JSON answer as it is (null when empty), anything else as one string. */
    private static JsonNode parse(String contentType, String body) {
        boolean jsonType = contentType == null || contentType.toLowerCase(Locale.ROOT).contains("json");
        if (jsonType) {
            try {
                JsonNode answer = JSON.readTree(body);
                return answer == null ? JsonNodeFactory.instance.nullNode() : answer;
            } catch (IOException e) {
                // Not JSON after all: shown as text below.
            }
        }
        return JsonNodeFactory.instance.textNode(body);
    }

    /** {@code text} with every secret the user passed masked: an error answer must not echo one either. */
    static String redact(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "****");
                // A JSON answer would show it escaped (a PEM's line breaks as \n).
                String escaped = JsonNodeFactory.instance.textNode(secret).toString();
                out = out.replace(escaped.substring(1, escaped.length() - 1), "****");
            }
        }
        return out;
    }

    /** What to print for an answer of this content type: JSON as {@link #render(int, String)}, anything else as is. */
    static String render(int status, String contentType, String body) {
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            String text = body.endsWith("\n") || body.isEmpty() ? body : body + "\n";
            return status / 100 == 2 ? text : "HTTP " + status + "\n" + text;
        }
        return render(status, body);
    }

    /**
     * What to print: YAML as is; JSON pretty, with a plan's lines and the command that applies it, or the URL to open
     * and what happens next for a connect answer.
     */
    static String render(int status, String body) {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            return body.endsWith("\n") ? body : body + "\n";
        }
        if (answer == null) {
            return "HTTP " + status + "\n";
        }
        StringBuilder out = new StringBuilder();
        if (status / 100 != 2) {
            out.append("HTTP ").append(status).append('\n');
        }
        String openUrl = answer.path("installUrl").asText(answer.path("authorizeUrl").asText(""));
        if (status / 100 == 2 && !openUrl.isEmpty()) {
            out.append("Open this URL in a browser:\n\n  ").append(openUrl).append("\n\n");
            out.append(answer.path("next").asText("")).append('\n');
            out.append("Then `connections <tenant id>` shows the connection.\n");
            return out.toString();
        }
        if (answer.path("plan").isArray() && answer.hasNonNull("planId")) {
            answer.path("plan").forEach(line -> out.append("  ").append(line.asText()).append('\n'));
            out.append("planId: ").append(answer.path("planId").asText()).append('\n');
        }
        out.append(answer.toPrettyString()).append('\n');
        return out.toString();
    }
}
