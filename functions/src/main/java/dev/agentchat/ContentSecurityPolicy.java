package dev.agentchat;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The web UI's Content-Security-Policy, written once: the standalone server and the CloudFront
 * distribution both send it as a header (a {@code meta} tag cannot carry {@code frame-ancestors},
 * and a second copy drifts).
 */
public final class ContentSecurityPolicy {
    private ContentSecurityPolicy() {
    }

    /**
     * Scripts, styles, fonts and images from the site itself only (no inline script or style, no
     * plugins, no framing, no {@code <base>}, forms only to the site), and network calls to the
     * site and to {@code apiSources}: where the deployment's REST and WebSocket APIs live.
     */
    public static String allowingApisAt(String... apiSources) {
        String connect = connectTo(apiSources);
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                connect,
                "object-src 'none'",
                "base-uri 'none'",
                "form-action 'self'",
                "frame-ancestors 'none'");
    }

    /**
     * The {@code connect-src} directive alone: network calls to the site and to {@code apiSources}.
     * CloudFront's header cannot name the APIs exactly (see infra-cdk's WebSite), so the deployed
     * page adds this as a {@code meta} policy; a browser enforces both, so calls may go only where
     * both allow, i.e. to the deployment's own APIs.
     */
    public static String connectTo(String... apiSources) {
        for (String source : apiSources) {
            // A separator would end the directive and let the caller write others.
            if (source == null || source.isBlank() || source.contains(";") || source.contains(",")
                    || source.contains(" ") || source.contains("\"") || source.contains("<")) {
                throw new IllegalArgumentException("apiSources: not one CSP source: '" + source + "'");
            }
        }
        return Stream.concat(Stream.of("connect-src", "'self'"), Arrays.stream(apiSources))
                .collect(Collectors.joining(" "));
    }
}
