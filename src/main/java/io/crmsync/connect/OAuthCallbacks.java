package io.crmsync.connect;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.crmsync.lambda.HttpRequestEvent;
import io.crmsync.lambda.HttpResponseEvent;

/**
 * The OAuth callback: where HubSpot and Salesforce send the user's browser back after they approved
 * crmsync ({@code GET <url>/hubspot?code=…&state=…}, {@code GET <url>/salesforce?code=…&state=…}). Its Function URL
 * is public, because a browser redirect cannot sign requests; what protects it is the state, which only the admin
 * API hands out, is bound to one tenant and is used once. The page it answers names the tenant and account, never
 * a token, and the query string (which holds the code) is never logged.
 */
public final class OAuthCallbacks {

    private static final Logger LOG = Logger.getLogger(OAuthCallbacks.class);

    private final List<OAuthCallback> callbacks;

    public OAuthCallbacks(List<OAuthCallback> callbacks) {
        this.callbacks = List.copyOf(callbacks);
    }

    public HttpResponseEvent handle(HttpRequestEvent request) {
        if (!"GET".equalsIgnoreCase(request.method())) {
            return page(405, "Only GET is accepted", "The CRM sends the browser here with a GET.");
        }
        String path = request.rawPath() == null ? "" : request.rawPath();
        String crm = path.substring(path.lastIndexOf('/') + 1);
        Optional<OAuthCallback> callback = callbacks.stream().filter(c -> c.crm().equals(crm)).findFirst();
        if (callback.isEmpty()) {
            return page(404, "Unknown callback", "This address ends in /hubspot or /salesforce.");
        }
        Optional<String> error = request.queryParameter("error");
        if (error.isPresent()) {
            // The user denied access, or the CRM refused the request: its own words, escaped.
            LOG.infof("oauth-callback %s: the CRM answered error=%s", crm, loggable(error.get()));
            return page(400, "Not connected", crmName(crm) + " answered: " + error.get() + request
                    .queryParameter("error_description").map(d -> " (" + d + ")").orElse(""));
        }
        String state = request.queryParameter("state").orElse("");
        String code = request.queryParameter("code").orElse("");
        if (state.isBlank() || code.isBlank()) {
            return page(400, "Not connected", "The address lacks its code or state: start again from the admin API.");
        }
        try {
            String message = callback.get().finish(state, code);
            LOG.infof("oauth-callback %s: connected", crm);
            return page(200, "Connected", message);
        } catch (ConnectException e) {
            // The message may quote the caller's state (its tenant part is named before the state is verified).
            LOG.infof("oauth-callback %s: refused: %s", crm, oneLine(e.getMessage()));
            return page(400, "Not connected", e.getMessage());
        }
    }

    /** OAuth's error codes (RFC 6749 4.1.2.1) are short tokens; anything else is the caller's text, not a CRM's code. */
    private static final java.util.regex.Pattern ERROR_CODE = java.util.regex.Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /**
     * The caller's {@code error} parameter as it may be logged: itself when it is an OAuth error code, otherwise
     * {@code <invalid>}, so nobody can forge log lines (CR/LF) or smuggle control characters or text into the log.
     */
    static String loggable(String error) {
        return ERROR_CODE.matcher(error).matches() ? error : "<invalid>";
    }

    /** Text for one log line: control characters and Unicode line/paragraph separators become {@code ?}. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder line = new StringBuilder(text.length());
        text.codePoints().forEach(c -> line.appendCodePoint(Character.isISOControl(c) || c == 0x2028 || c == 0x2029
                ? '?' : c));
        return line.toString();
    }

    private static String crmName(String crm) {
        return "hubspot".equals(crm) ? "HubSpot" : "Salesforce";
    }

    /** A small HTML page for the user's browser; every text is escaped. */
    static HttpResponseEvent page(int status, String title, String message) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>crmsync: " + escape(title)
                + "</title></head><body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto\">"
                + "<h1>" + escape(title) + "</h1><p>" + escape(message) + "</p></body></html>";
        return new HttpResponseEvent(status, Map.of("content-type", "text/html; charset=utf-8",
                "cache-control", "no-store", "referrer-policy", "no-referrer"), html);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
