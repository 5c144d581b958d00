package dev.agentchat.infra;

import dev.agentchat.ContentSecurityPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.assets.AssetOptions;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.amazon.awscdk.Stack;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The human UI: {@code web-static/} in a private bucket, served only through CloudFront (origin
 * access control, HTTPS, strict security headers), plus a generated {@code config.json} that
 * tells the page where the APIs are.
 */
public final class WebSite extends Construct {
    private static final String INDEX = "index.html";
    private static final String CHARSET = "<meta charset=\"utf-8\">";

    private final Bucket bucket;
    private final Distribution distribution;

    public WebSite(Construct scope, String id) {
        super(scope, id);
        // The bucket holds nothing that a deploy cannot recreate, so it goes with the stack.
        this.bucket = Bucket.Builder.create(this, "Bucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .autoDeleteObjects(true)
                .build();
        ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .comment("AgentChat UI: CSP without inline script, HSTS, no framing")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(contentSecurityPolicy())
                                .override(true)
                                .build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(365))
                                .includeSubdomains(true)
                                .override(true)
                                .build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder()
                                .frameOption(HeadersFrameOption.DENY)
                                .override(true)
                                .build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.NO_REFERRER)
                                .override(true)
                                .build())
                        .build())
                .build();
        this.distribution = Distribution.Builder.create(this, "Distribution")
                .comment("AgentChat web UI")
                .defaultRootObject("index.html")
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(bucket))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .compress(true)
                        .build())
                .build();
        NagRules.suppress(bucket, "AwsSolutions-S1", "The bucket holds only the UI's static files, readable solely"
                + " through CloudFront's origin access control; every request is one a viewer made of CloudFront.");
        NagRules.suppress(distribution, "AwsSolutions-CFR1", "A product for anyone's agents: no country is to be"
                + " kept out.");
        NagRules.suppress(distribution, "AwsSolutions-CFR2", "The distribution serves static files only (no"
                + " forms, no origin logic); the API, where requests do work, has its own throttles. WAF's monthly"
                + " cost is left to deployments that want it.");
        NagRules.suppress(distribution, "AwsSolutions-CFR3", "Static files only; CloudFront standard logs need a"
                + " bucket with ACLs enabled, which this stack avoids. The API access logs record what agents do.");
        NagRules.suppress(distribution, "AwsSolutions-CFR4", "The default *.cloudfront.net certificate cannot pin a"
                + " minimum TLS version; a custom domain with its own certificate (TLSv1.2_2021) is the way to.");
    }

    /**
     * The UI's one policy, with network calls allowed to this region's API Gateway endpoints.
     * The API hosts are matched by wildcard: naming them exactly would make the distribution
     * depend on the APIs, whose CORS configuration already depends on the distribution. The page
     * itself narrows this to the deployment's own APIs with a {@code meta} policy (see deploy).
     */
    static String contentSecurityPolicy() {
        String apis = "*.execute-api." + Aws.REGION + "." + Aws.URL_SUFFIX;
        return ContentSecurityPolicy.allowingApisAt("https://" + apis, "wss://" + apis);
    }

    /**
     * Uploads the static files, a {@code config.json} with the API locations and an
     * {@code index.html} whose {@code meta} policy allows network calls to exactly these APIs,
     * then invalidates the cache.
     *
     * @param apiOrigins the REST and WebSocket APIs' origins ({@code https://…}, {@code wss://…})
     */
    public void deploy(Path webDir, String apiBase, String wsUrl, List<String> apiOrigins) {
        BucketDeployment.Builder.create(this, "Deployment")
                .sources(List.of(
                        // A config.json left in web-static (e.g. for local testing) must not shadow the
                        // generated one; index.html is uploaded below with its meta policy.
                        Source.asset(webDir.toString(), AssetOptions.builder()
                                .exclude(List.of("config.json", INDEX)).build()),
                        Source.jsonData("config.json", Map.of("apiBase", apiBase, "wsUrl", wsUrl)),
                        // Deploy-time values (the API ids) are filled in when the deployment runs.
                        Source.data(INDEX, withConnectPolicy(read(webDir.resolve(INDEX)),
                                ContentSecurityPolicy.connectTo(apiOrigins.toArray(String[]::new))))))
                .destinationBucket(bucket)
                // Browsers revalidate every file (a 304 when unchanged), so after a deploy none runs
                // cached modules of the old version next to new ones; the edge keeps its copies
                // until the invalidation below.
                .cacheControl(List.of(CacheControl.maxAge(Duration.seconds(0)), CacheControl.sMaxAge(Duration.days(1))))
                .distribution(distribution)
                .distributionPaths(List.of("/*"))
                .prune(true)
                .build();
        // The deployment runs as CDK's own singleton function at the stack's root.
        Stack stack = Stack.of(this);
        for (IConstruct child : stack.getNode().getChildren()) {
            if (child.getNode().getId().startsWith("Custom::CDKBucketDeployment")) {
                String why = "CDK's own BucketDeployment function (runs at deploy time only): its role, runtime and"
                        + " memory are CDK's; its S3 grants are on this stack's asset and site buckets.";
                for (String rule : List.of("AwsSolutions-IAM4", "AwsSolutions-IAM5", "AwsSolutions-L1",
                        "Serverless-LambdaLatestVersion", "Serverless-LambdaTracing", "Serverless-LambdaDLQ",
                        "Serverless-LambdaDefaultMemorySize")) {
                    NagRules.suppress(child, rule, why);
                }
            }
        }
    }

    /**
     * {@code html} with a {@code meta} Content-Security-Policy of {@code policy} right after its
     * charset declaration, before any script or style can load.
     */
    static String withConnectPolicy(String html, String policy) {
        int charset = html.indexOf(CHARSET);
        if (charset < 0) {
            throw new IllegalStateException(INDEX + " has no " + CHARSET + " to put the meta policy after");
        }
        int at = charset + CHARSET.length();
        return html.substring(0, at) + "\n  <meta http-equiv=\"Content-Security-Policy\" content=\"" + policy
                + "\">" + html.substring(at);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web UI's " + file.getFileName(), e);
        }
    }

    /** {@code https://dxxxx.cloudfront.net}, also the origin the HTTP API allows in CORS. */
    public String url() {
        return "https://" + distribution.getDistributionDomainName();
    }
}
