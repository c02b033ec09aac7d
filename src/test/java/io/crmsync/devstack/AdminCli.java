package io.crmsync.devstack;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * {@code make crmsync ARGS="…"}: the admin API from the command line, of a running {@code make run} or of a deployed
 * stack. Each command is one HTTP request to the admin-api Function URL; the answer is printed (JSON pretty-printed,
 * a mappings.yaml or a CSV as is), and the exit status is 0 for a 2xx answer, 1 for an error answer, 2 for a usage
 * error. {@code page} instead serves the health page locally through a {@link SigningProxy}.
 *
 * <p>Environment: {@code CRMSYNC_ADMIN_URL} (default http://127.0.0.1:&lt;CRMSYNC_RUN_PORT_BASE + 4&gt;, the port
 * {@code make run} gives the admin API). A deployed Function URL ({@code https://<id>.lambda-url.<region>.on.aws/},
 * AuthType AWS_IAM) is called with SigV4 signatures made from the AWS SDK's default credentials (AWS_PROFILE,
 * AWS_ACCESS_KEY_ID…, the shared config files).
 */
public final class AdminCli {

    /** The admin API's port is {@code make run}'s port base plus this. */
    static final int PORT_OFFSET = 4;

    static final String USAGE = """
            usage: make crmsync ARGS="<command>"
              tenants list | tenants create <id> | tenants get <id>
              connect <id> hubspot [<private app token>]       (no token: prints the install URL to open)
              connect <id> salesforce [--sandbox] [--client-id X --client-secret Y]   (prints the URL to open)
              connect <id> salesforce-jwt [--sandbox] <username> <key.pem> [--client-id X]
              connections <id>
              settings get <id> | settings put <id> <settings.json>
              allocation get <id> | allocation put <id> <allocation.json>
              mappings recommended | mappings get <id>
              mappings validate|plan <id> <mappings.yaml>
              mappings apply <id> <mappings.yaml> <planId>     (the planId that plan printed)
              reimport <id>
              resync <id> hubspot <contact|company|deal|…> <record id>…
              resync <id> salesforce <Lead|Contact|Account|Opportunity|Task> <record id>…
              resync <id> list <HubSpot list id> [after]
              health <id> | errors-csv <id> | history <id> <hubspot:<type>:<id>|salesforce:<Type>:<id>>
              page [port]        the health page at http://127.0.0.1:<port, 8787>/, signed for a deployed stack
              dead-letters | dead-letters redrive
              openapi
            CRMSYNC_ADMIN_URL=https://<id>.lambda-url.<region>.on.aws/ reaches a deployed stack, signed (SigV4)
            with your AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY…)""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final String YAML_TYPE = "application/yaml";

    private AdminCli() {
    }

    /**
     * One admin API request; {@code body} null for none. {@code secrets} are values the user passed (a token, a
     * client secret, a key) that are never printed: not by {@link #toString}, not in what the CLI echoes.
     */
    record Request(String method, String path, String contentType, String body, String accept, List<String> secrets) {

        Request {
            secrets = List.copyOf(secrets);
        }

        Request(String method, String path, String contentType, String body, String accept) {
            this(method, path, contentType, body, accept, List.of());
        }

        static Request get(String path) {
            return new Request("GET", path, null, null, JSON_TYPE);
        }

        static Request json(String method, String path, JsonNode body) {
            return json(method, path, body, List.of());
        }

        static Request json(String method, String path, JsonNode body, List<String> secrets) {
            return new Request(method, path, JSON_TYPE, body == null ? null : body.toString(), JSON_TYPE, secrets);
        }

        /** Without the body, which may hold a secret. */
        @Override
        public String toString() {
            return method + " " + path + (body == null ? "" : " (" + contentType + ", " + body.length() + " chars)");
        }
    }

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    /** No AWS credentials to sign with; the message says where they are looked for, never a key. */
    static final class MissingCredentialsException extends RuntimeException {
        MissingCredentialsException(String message) {
            super(message);
        }
    }

    /**
     * SigV4 for a Lambda Function URL with AuthType AWS_IAM: service {@code lambda}, the region of the URL, the
     * payload's SHA-256 in {@code x-amz-content-sha256} (Lambda wants it for requests with a body) and signed.
     */
    record FunctionUrlSigner(AwsCredentialsProvider credentials, String region, Clock clock) {

        static final String SERVICE = "lambda";
        private static final Pattern FUNCTION_URL_HOST =
                Pattern.compile("[a-z0-9]+\\.lambda-url\\.([a-z0-9-]+)\\.on\\.aws", Pattern.CASE_INSENSITIVE);

        /** Whether requests to this URL need signing: Function URLs live under {@code on.aws}. */
        static boolean isFunctionUrl(URI url) {
            String host = url.getHost();
            return host != null && host.toLowerCase(Locale.ROOT).endsWith(".on.aws");
        }

        /** {@code eu-west-1} from {@code https://<id>.lambda-url.eu-west-1.on.aws/}. */
        static String regionOf(URI url) {
            Matcher host = FUNCTION_URL_HOST.matcher(url.getHost() == null ? "" : url.getHost());
            if (!host.matches()) {
                throw new IllegalArgumentException("cannot tell the AWS region from " + url.getHost()
                        + ": a Function URL's host is <id>.lambda-url.<region>.on.aws");
            }
            return host.group(1).toLowerCase(Locale.ROOT);
        }

        /** Signs for the Function URL at {@code url} with the SDK's default credentials chain. */
        static FunctionUrlSigner forUrl(URI url) {
            return new FunctionUrlSigner(DefaultCredentialsProvider.builder().build(), regionOf(url),
                    Clock.systemUTC());
        }

        /**
         * The headers to send with a request to {@code uri} that carries {@code headers} and {@code body}: those,
         * plus x-amz-date, x-amz-content-sha256, x-amz-security-token (session credentials) and authorization, all
         * named in lower case. The host header is left out: the HTTP client sends the same value itself (and refuses
         * to be given it).
         */
        Map<String, String> sign(String method, URI uri, Map<String, String> headers, byte[] body) {
            SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
            headers.forEach(request::putHeader);
            request.putHeader("x-amz-content-sha256", sha256Hex(body));
            AwsCredentialsIdentity identity = resolve();
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                    .request(request.build())
                    .payload(body.length == 0 ? null : ContentStreamProvider.fromByteArrayUnsafe(body))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                    .putProperty(HttpSigner.SIGNING_CLOCK, clock)).request();
            Map<String, String> out = new LinkedHashMap<>();
            signed.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("host")) {
                    out.put(name.toLowerCase(Locale.ROOT), String.join(",", values));
                }
            });
            return out;
        }

        private AwsCredentialsIdentity resolve() {
            try {
                return credentials.resolveCredentials();
            } catch (SdkClientException e) {
                throw new MissingCredentialsException("no AWS credentials to sign the admin API requests with"
                        + " (a deployed Function URL takes SigV4): set AWS_PROFILE (after `aws sso login`, or use"
                        + " eval \"$(aws configure export-credentials --format env)\"), or AWS_ACCESS_KEY_ID and"
                        + " AWS_SECRET_ACCESS_KEY.\nThe SDK said: " + e.getMessage());
            }
        }

        static String sha256Hex(byte[] body) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }

    /**
     * Where the admin API answers and how requests to it are made: signed when {@code signer} is set (a deployed
     * Function URL), as they are for {@code make run}'s local one otherwise.
     */
    record AdminApi(URI base, FunctionUrlSigner signer) {

        /** The admin API at {@code url}, signed with the default AWS credentials when it is a Function URL. */
        static AdminApi at(String url) {
            URI base;
            try {
                base = new URI(url.replaceAll("/+$", ""));
            } catch (URISyntaxException e) {
                base = null;
            }
            if (base == null || base.getHost() == null || !List.of("http", "https").contains(base.getScheme())) {
                throw new IllegalArgumentException("CRMSYNC_ADMIN_URL is not an http(s) URL: " + url);
            }
            return new AdminApi(base, FunctionUrlSigner.isFunctionUrl(base) ? FunctionUrlSigner.forUrl(base) : null);
        }

        /**
         * The HTTP request for {@code pathAndQuery} (raw, already encoded) with the given headers and body, signed
         * if this API needs it.
         */
        HttpRequest httpRequest(String method, String pathAndQuery, Map<String, String> headers, byte[] body) {
            URI uri = URI.create(base + pathAndQuery);
            Map<String, String> sent = signer == null ? headers : signer.sign(method, uri, headers, body);
            HttpRequest.Builder http = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(150))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            sent.forEach(http::header);
            return http.build();
        }

        HttpRequest httpRequest(Request request) {
            Map<String, String> headers = new LinkedHashMap<>();
            if (request.contentType() != null) {
                headers.put("content-type", request.contentType());
            }
            headers.put("accept", request.accept());
            return httpRequest(request.method(), request.path(), headers,
                    request.body() == null ? new byte[0] : request.body().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** What a 403 from the deployed admin Function URL (AuthType AWS_IAM) means. */
    static final String FORBIDDEN = "The admin API's Function URL refused the signed request (403). It is"
            + " IAM-authorised: the identity whose AWS credentials signed it needs an IAM policy allowing both"
            + " lambda:InvokeFunctionUrl and lambda:InvokeFunction on the admin-api function (function URLs need both"
            + " since October 2025; lambda:InvokeFunctionUrl alone is refused), and the credentials must be for the"
            + " stack's account; CRMSYNC_ADMIN_URL must be the stack's AdminApiUrl.";

    public static void main(String[] args) throws InterruptedException {
        // The classpath's JBoss LogManager wants to be JUL's before anything logs (the JDK HTTP client, the SDK).
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        }
        List<String> arguments = List.of(args);
        String base = System.getenv().getOrDefault("CRMSYNC_ADMIN_URL", "http://127.0.0.1:"
                + (Integer.parseInt(System.getenv().getOrDefault("CRMSYNC_RUN_PORT_BASE", "4280")) + PORT_OFFSET));
        Request request = null;
        int pagePort = 0;
        try {
            if (!arguments.isEmpty() && arguments.get(0).equals("page")) {
                pagePort = pagePort(arguments.subList(1, arguments.size()));
            } else {
                request = request(arguments);
            }
        } catch (UsageException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        AdminApi api;
        try {
            api = AdminApi.at(base);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (request == null) {
            servePage(api, pagePort);
            return;
        }
        HttpResponse<String> response;
        try {
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(api.httpRequest(request), HttpResponse.BodyHandlers.ofString());
        } catch (MissingCredentialsException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        } catch (ConnectException e) {
            System.err.println("nothing answers at " + base + ": start the stack with `make run` (or set"
                    + " CRMSYNC_ADMIN_URL)");
            System.exit(2);
            return;
        } catch (IOException e) {
            System.err.println("admin API call failed: " + e);
            System.exit(2);
            return;
        }
        String contentType = response.headers().firstValue("content-type").orElse(null);
        System.out.print(redact(render(response.statusCode(), contentType, response.body()), request.secrets()));
        if (response.statusCode() == 403 && api.signer() != null) {
            System.err.println(FORBIDDEN);
        }
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }

    /** {@code page [port]}: the proxy's port, 8787 when not given. */
    static int pagePort(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            return SigningProxy.DEFAULT_PORT;
        }
        if (args.size() > 1) {
            throw new UsageException("page takes at most a port");
        }
        try {
            int port = Integer.parseInt(args.get(0));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new UsageException("page [port]: a port is 1 to 65535, not " + args.get(0));
        }
    }

    private static void servePage(AdminApi api, int port) throws InterruptedException {
        SigningProxy proxy;
        try {
            proxy = SigningProxy.start(api, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                    port);
        } catch (IOException e) {
            System.err.println("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage() + " (try `page <port>`)");
            System.exit(2);
            return;
        }
        System.out.println("health page of " + api.base() + (api.signer() == null ? "" : " (signed, SigV4)"));
        System.out.println("open " + proxy.address() + " (Ctrl-C to stop)");
        Runtime.getRuntime().addShutdownHook(new Thread(proxy::close));
        new CountDownLatch(1).await();
    }

    /** {@code text} with every secret the user passed masked: an error answer must not echo one either. */
    static String redact(String text, List<String> secrets) {
        String out = text;
        for (String secret : secrets) {
            if (!secret.isEmpty()) {
                out = out.replace(secret, "****");
                // A JSON answer would show it escaped (a PEM's line breaks as \n).
                String escaped = JSON.getNodeFactory().textNode(secret).toString();
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

    /** The request a command line stands for. */
    static Request request(List<String> args) throws UsageException {
        if (args.isEmpty()) {
            throw new UsageException("no command");
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        return switch (command) {
            case "tenants" -> tenants(rest);
            case "settings", "allocation" -> config(command, rest);
            case "mappings" -> mappings(rest);
            case "connect" -> connect(rest);
            case "connections" -> Request.get(tenant(only(rest, 1, "connections <id>"), 0) + "/connections");
            case "health" -> Request.get(tenant(only(rest, 1, "health <id>"), 0) + "/health");
            case "errors-csv" -> new Request("GET", tenant(only(rest, 1, "errors-csv <id>"), 0) + "/errors.csv",
                    null, null, "text/csv");
            case "history" -> Request.get(tenant(only(rest, 2, "history <id> <record>"), 0)
                    + "/records/history?record=" + URLEncoder.encode(arg(rest, 1, "record (hubspot:<type>:<id> or"
                            + " salesforce:<Type>:<id>)"), StandardCharsets.UTF_8));
            case "reimport" -> Request.json("POST", tenant(rest, 0) + "/reimport", null);
            case "resync" -> resync(rest);
            case "dead-letters" -> rest.isEmpty() ? Request.get("/dead-letters")
                    : expect(rest, 1, "dead-letters redrive").equals("redrive")
                            ? Request.json("POST", "/dead-letters/redrive", null)
                            : fail("dead-letters takes nothing or redrive");
            case "openapi" -> Request.get("/openapi.json");
            default -> fail("unknown command " + command);
        };
    }

    private static Request tenants(List<String> args) throws UsageException {
        String action = expect(args, 1, "tenants list|create|get");
        return switch (action) {
            case "list" -> Request.get("/tenants");
            case "create" -> Request.json("POST", "/tenants", JSON.createObjectNode().put("id", arg(args, 1, "id")));
            case "get" -> Request.get(tenant(args, 1));
            default -> fail("tenants list|create|get, not " + action);
        };
    }

    private static Request config(String what, List<String> args) throws UsageException {
        String action = expect(args, 2, what + " get|put <id>");
        String path = tenant(args, 1) + "/" + what;
        return switch (action) {
            case "get" -> Request.get(path);
            case "put" -> new Request("PUT", path, JSON_TYPE, file(arg(args, 2, what + ".json")), JSON_TYPE);
            default -> fail(what + " get|put, not " + action);
        };
    }

    private static Request mappings(List<String> args) throws UsageException {
        String action = expect(args, 1, "mappings recommended|get|validate|plan|apply");
        return switch (action) {
            case "recommended" -> new Request("GET", "/mappings/recommended", null, null, YAML_TYPE);
            case "get" -> new Request("GET", tenant(args, 1) + "/mappings", null, null, YAML_TYPE);
            case "validate", "plan" -> new Request("POST", tenant(args, 1) + "/mappings/" + action,
                    YAML_TYPE, file(arg(args, 2, "mappings.yaml")), JSON_TYPE);
            case "apply" -> {
                String yaml = file(arg(args, 2, "mappings.yaml"));
                if (args.size() < 4) {
                    throw new UsageException("mappings apply needs the planId `mappings plan` printed for this file:"
                            + " review the plan first, then apply what you reviewed");
                }
                yield new Request("POST", tenant(args, 1) + "/mappings/apply?reviewed="
                        + URLEncoder.encode(args.get(3), StandardCharsets.UTF_8), YAML_TYPE, yaml, JSON_TYPE);
            }
            default -> fail("mappings recommended|get|validate|plan|apply, not " + action);
        };
    }

    private static Request resync(List<String> args) throws UsageException {
        String path = tenant(args, 0) + "/resync";
        String side = arg(args, 1, "hubspot|salesforce|list");
        ObjectNode body = JSON.createObjectNode();
        switch (side) {
            case "hubspot", "salesforce" -> {
                ObjectNode records = body.putObject(side).put("type", arg(args, 2, "object type"));
                ArrayNode ids = records.putArray("ids");
                if (args.size() < 4) {
                    throw new UsageException("resync " + side + " needs at least one record id");
                }
                args.subList(3, args.size()).forEach(ids::add);
            }
            case "list" -> {
                body.put("hubspotList", arg(args, 2, "HubSpot list id"));
                if (args.size() > 3) {
                    body.put("after", args.get(3));
                }
            }
            default -> fail("resync <id> hubspot|salesforce|list, not " + side);
        }
        return Request.json("POST", path, body);
    }

    /**
     * {@code connect <id> hubspot|salesforce|salesforce-jwt …}. The token, client secret and key go in the body
     * only, and into the request's secrets so nothing printed shows them; no usage error quotes an argument that
     * could be one.
     */
    private static Request connect(List<String> args) throws UsageException {
        String path = tenant(args, 0) + "/connect/";
        String how = arg(args, 1, "hubspot|salesforce|salesforce-jwt");
        List<String> rest = args.subList(2, args.size());
        ObjectNode body = JSON.createObjectNode();
        List<String> secrets = new ArrayList<>();
        switch (how) {
            case "hubspot" -> {
                if (rest.size() > 1) {
                    throw new UsageException("connect <id> hubspot takes at most one argument, a private app token");
                }
                if (rest.size() == 1) {
                    body.put("privateAppToken", secret(rest.get(0), "private app token", secrets));
                }
                return Request.json("POST", path + "hubspot", body, secrets);
            }
            case "salesforce" -> {
                Options options = Options.parse(rest, List.of("--client-id", "--client-secret"));
                if (!options.positional().isEmpty()) {
                    throw new UsageException("connect <id> salesforce takes only --sandbox, --client-id X and"
                            + " --client-secret Y");
                }
                if (options.values().containsKey("--client-secret") && !options.values().containsKey("--client-id")) {
                    throw new UsageException("--client-secret goes with --client-id: the consumer secret of that"
                            + " connected app");
                }
                body.put("sandbox", options.sandbox());
                if (options.values().containsKey("--client-id")) {
                    body.put("clientId", options.values().get("--client-id"));
                }
                if (options.values().containsKey("--client-secret")) {
                    body.put("clientSecret", secret(options.values().get("--client-secret"), "client secret",
                            secrets));
                }
            }
            case "salesforce-jwt" -> {
                Options options = Options.parse(rest, List.of("--client-id"));
                if (options.positional().size() != 2) {
                    throw new UsageException("connect <id> salesforce-jwt [--sandbox] <username> <key.pem>"
                            + " [--client-id X]");
                }
                body.put("sandbox", options.sandbox());
                ObjectNode jwt = body.putObject("jwtBearer");
                if (options.values().containsKey("--client-id")) {
                    jwt.put("clientId", options.values().get("--client-id"));
                }
                jwt.put("username", options.positional().get(0));
                jwt.put("privateKeyPem", secret(file(options.positional().get(1)), "key.pem", secrets));
            }
            default -> throw new UsageException("connect <id> hubspot|salesforce|salesforce-jwt, not " + how);
        }
        return Request.json("POST", path + "salesforce", body, secrets);
    }

    /** {@code --sandbox}, options with a value, and the other arguments in order. */
    private record Options(boolean sandbox, Map<String, String> values, List<String> positional) {

        static Options parse(List<String> args, List<String> withValue) throws UsageException {
            boolean sandbox = false;
            Map<String, String> values = new LinkedHashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (arg.equals("--sandbox")) {
                    sandbox = true;
                } else if (withValue.contains(arg)) {
                    if (i + 1 >= args.size() || args.get(i + 1).isBlank()) {
                        throw new UsageException(arg + " needs a value");
                    }
                    if (values.put(arg, args.get(++i)) != null) {
                        throw new UsageException(arg + " is given twice");
                    }
                } else if (arg.startsWith("--")) {
                    // Only option names are quoted back: an argument not known could be a secret misplaced.
                    throw new UsageException("unknown option; expected --sandbox"
                            + withValue.stream().map(o -> ", " + o).reduce("", String::concat));
                } else {
                    positional.add(arg);
                }
            }
            return new Options(sandbox, values, positional);
        }
    }

    private static String secret(String value, String what, List<String> secrets) throws UsageException {
        if (value.isBlank()) {
            throw new UsageException("the " + what + " is empty");
        }
        secrets.add(value);
        return value;
    }

    /** {@code args}, after checking it holds exactly {@code count} arguments. */
    private static List<String> only(List<String> args, int count, String usage) throws UsageException {
        if (args.size() != count) {
            throw new UsageException("usage: " + usage);
        }
        return args;
    }

    private static String tenant(List<String> args, int index) throws UsageException {
        return "/tenants/" + URLEncoder.encode(arg(args, index, "tenant id"), StandardCharsets.UTF_8);
    }

    private static String arg(List<String> args, int index, String what) throws UsageException {
        if (args.size() <= index || args.get(index).isBlank()) {
            throw new UsageException("missing " + what);
        }
        return args.get(index);
    }

    /** The first argument, after checking there are at least {@code count}. */
    private static String expect(List<String> args, int count, String usage) throws UsageException {
        if (args.size() < count) {
            throw new UsageException("usage: " + usage);
        }
        return args.get(0);
    }

    private static String file(String name) throws UsageException {
        try {
            return Files.readString(Path.of(name), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("no file " + name);
        } catch (IOException e) {
            throw new UsageException("cannot read " + name + ": " + e.getMessage());
        }
    }

    private static Request fail(String message) throws UsageException {
        throw new UsageException(message);
    }
}
