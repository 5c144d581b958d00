package dev.agentchat.infra;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * What a deployment may choose, read from CDK context ({@code cdk deploy -c key=value}) with
 * defaults for the usual layout: the shaded Lambda jar and the static UI beside this module.
 *
 * @param lambdaJar       the shaded functions jar every function runs from
 * @param webDir          the static UI uploaded to the web bucket
 * @param retainData      whether the tables outlive the stack (true unless told otherwise)
 * @param extraWebOrigins origins besides the CloudFront one that may call the HTTP API from a browser
 * @param alarmEmail      where the alarms send mail (through an SNS topic), if anywhere
 * @param reserveConcurrency whether the fan-out and the sweeper get reserved concurrency (true
 *                        unless told otherwise; an account at Lambda's default quota of 10 can reserve none)
 */
public record Settings(Path lambdaJar, Path webDir, boolean retainData, List<String> extraWebOrigins,
                       Optional<String> alarmEmail, boolean reserveConcurrency) {

    public static final String LAMBDA_JAR = "agentchat:lambdaJar";
    public static final String WEB_DIR = "agentchat:webDir";
    public static final String RETAIN_DATA = "agentchat:retainData";
    public static final String EXTRA_WEB_ORIGINS = "agentchat:extraWebOrigins";
    public static final String ALARM_EMAIL = "agentchat:alarmEmail";
    public static final String RESERVE_CONCURRENCY = "agentchat:reserveConcurrency";

    /**
     * Reads the settings through {@code context} (a context lookup: key to value or null) and
     * checks that the files they name exist.
     */
    public static Settings from(Function<String, Object> context) {
        Path jar = Path.of(string(context, LAMBDA_JAR, defaultLambdaJar().toString()));
        Path web = Path.of(string(context, WEB_DIR, defaults().getProperty("web.dir")));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The Lambda jar " + jar.toAbsolutePath().normalize()
                    + " does not exist: build it with `mvn -q package -DskipTests` in the project root, or pass -c "
                    + LAMBDA_JAR + "=<path to the shaded functions jar>");
        }
        if (!Files.isDirectory(web)) {
            throw new IllegalStateException("The web directory " + web.toAbsolutePath().normalize()
                    + " does not exist: pass -c " + WEB_DIR + "=<path to web-static>");
        }
        boolean retain = bool(context, RETAIN_DATA);
        boolean reserve = bool(context, RESERVE_CONCURRENCY);
        String email = string(context, ALARM_EMAIL, "");
        if (!email.isEmpty() && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new IllegalStateException(ALARM_EMAIL + " takes an e-mail address, got '" + email + "'");
        }
        List<String> origins = Arrays.stream(string(context, EXTRA_WEB_ORIGINS, "").split(","))
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .toList();
        for (String origin : origins) {
            if (!origin.matches("https?://[^/\\s]+")) {
                throw new IllegalStateException(EXTRA_WEB_ORIGINS + " takes origins such as https://example.com"
                        + " (scheme and host, no path), got '" + origin + "'");
            }
        }
        return new Settings(jar, web, retain, origins, email.isEmpty() ? Optional.empty() : Optional.of(email),
                reserve);
    }

    /** Where {@code mvn package} leaves the shaded functions jar, relative to this module. */
    static Path defaultLambdaJar() {
        return Path.of(defaults().getProperty("lambda.jar"));
    }

    /** A true/false setting, true when absent. */
    private static boolean bool(Function<String, Object> context, String key) {
        String value = string(context, key, "true");
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalStateException(key + " must be true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static String string(Function<String, Object> context, String key, String fallback) {
        Object value = context.apply(key);
        return value == null || value.toString().isBlank() ? fallback : value.toString().trim();
    }

    private static Properties defaults() {
        Properties properties = new Properties();
        try (InputStream in = Settings.class.getResourceAsStream("/infra.properties")) {
            if (in == null) {
                throw new IllegalStateException("infra.properties is missing from the classpath");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read infra.properties", e);
        }
        return properties;
    }
}
