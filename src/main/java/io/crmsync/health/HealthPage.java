package io.crmsync.health;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The health page: one self-contained HTML file (inline CSS and JS, nothing fetched from elsewhere), read once,
 * with a Content-Security-Policy that allows exactly its own inline scripts (by hash) and requests to its own
 * origin — so the page works as it stands and nothing injected into it could run.
 */
public final class HealthPage {

    static final String RESOURCE = "health/page.html";

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern INLINE_STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    private final String html;
    private final String contentSecurityPolicy;

    private HealthPage(String html) {
        this.html = html;
        this.contentSecurityPolicy = "default-src 'none'; script-src " + hashes(INLINE_SCRIPT, html)
                + "; style-src " + hashes(INLINE_STYLE, html) + "; connect-src 'self'; img-src 'self' data:;"
                + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    }

    /** The page as packaged in the function. */
    public static HealthPage load() {
        try (InputStream in = HealthPage.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new HealthPage(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public String html() {
        return html;
    }

    public String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    /** The CSP sources allowing each of the page's inline blocks of one kind, by hash. */
    private static String hashes(Pattern blocks, String html) {
        List<String> hashes = new ArrayList<>();
        Matcher block = blocks.matcher(html);
        while (block.find()) {
            hashes.add("'sha256-" + sha256(block.group(1)) + "'");
        }
        return hashes.isEmpty() ? "'none'" : String.join(" ", hashes);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
