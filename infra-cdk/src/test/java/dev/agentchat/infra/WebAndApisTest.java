package dev.agentchat.infra;

import dev.agentchat.http.ResponseHeaders;
import static dev.agentchat.infra.SynthesizedStack.apiOf;
import static dev.agentchat.infra.SynthesizedStack.at;
import static dev.agentchat.infra.SynthesizedStack.map;
import static dev.agentchat.infra.SynthesizedStack.props;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.resources;
import static dev.agentchat.infra.SynthesizedStack.strings;
import static dev.agentchat.infra.SynthesizedStack.theRefOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.ContentSecurityPolicy;
import dev.agentchat.Routes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Match;

/** The private bucket behind CloudFront, its generated config.json, CORS, stage throttling, and the outputs. */
class WebAndApisTest {

    @Test
    void webBucket_blocksAllPublicAccess_andOnlyCloudFrontMayRead() {
        Map<String, Map<String, Object>> buckets = resources("AWS::S3::Bucket");
        assertEquals(1, buckets.size());
        Map<String, Object> bucket = props(buckets.values().iterator().next());
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), bucket.get("PublicAccessBlockConfiguration"));

        for (Map<String, Object> policy : resources("AWS::S3::BucketPolicy").values()) {
            for (Object statement : (List<?>) at(props(policy), "PolicyDocument", "Statement")) {
                if ("Allow".equals(at(statement, "Effect"))) {
                    Object principal = at(statement, "Principal");
                    assertFalse(String.valueOf(principal).contains("AWS=*") || "*".equals(principal),
                            "the bucket policy allows everyone: " + statement);
                    if (strings(at(statement, "Action")).contains("s3:GetObject")) {
                        assertEquals("cloudfront.amazonaws.com", at(statement, "Principal", "Service"));
                        assertNotNull(at(statement, "Condition", "StringEquals", "AWS:SourceArn"),
                                "reads must be limited to this distribution");
                    }
                }
            }
        }
    }

    @Test
    void distribution_usesOriginAccessControl_redirectsToHttps_andSendsSecurityHeaders() {
        Map<String, Map<String, Object>> distributions = resources("AWS::CloudFront::Distribution");
        assertEquals(1, distributions.size());
        Map<String, Object> config = map(props(distributions.values().iterator().next()).get("DistributionConfig"));
        assertNotNull(at(config, "Origins", 0, "OriginAccessControlId"), "origin access control");
        assertEquals("redirect-to-https", at(config, "DefaultCacheBehavior", "ViewerProtocolPolicy"));
        assertEquals("index.html", config.get("DefaultRootObject"));

        String headersId = theRefOfType(at(config, "DefaultCacheBehavior", "ResponseHeadersPolicyId"),
                "AWS::CloudFront::ResponseHeadersPolicy");
        Map<String, Object> security = map(at(props(SynthesizedStack.resource(headersId)),
                "ResponseHeadersPolicyConfig", "SecurityHeadersConfig"));
        String csp = String.valueOf(at(security, "ContentSecurityPolicy", "ContentSecurityPolicy"));
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertNotNull(at(security, "StrictTransportSecurity", "AccessControlMaxAgeSec"));
        assertEquals("DENY", at(security, "FrameOptions", "FrameOption"));
        assertEquals(true, at(security, "ContentTypeOptions", "Override"));
    }

    @Test
    void webDeployment_uploadsTheSiteAndAConfigJsonNamingBothApis() {
        Map<String, Map<String, Object>> deployments = resources("Custom::CDKBucketDeployment");
        assertEquals(1, deployments.size());
        Map<String, Object> deployment = props(deployments.values().iterator().next());
        assertEquals(3, ((List<?>) deployment.get("SourceObjectKeys")).size(),
                "web-static + config.json + index.html with its meta policy");
        List<?> sourceMarkers = (List<?>) deployment.get("SourceMarkers");
        Set<String> markerRefs = refs(sourceMarkers.get(1));
        assertTrue(markerRefs.containsAll(Set.of(apiOf("HTTP"), apiOf("WEBSOCKET"))), "config.json: " + markerRefs);
        String markers = String.valueOf(sourceMarkers.get(1));
        assertTrue(markers.contains("/api") && markers.contains("/prod"), markers);
        // index.html's meta policy names both APIs' origins exactly (the header can only use a wildcard).
        Set<String> pageRefs = refs(sourceMarkers.get(2));
        assertTrue(pageRefs.containsAll(Set.of(apiOf("HTTP"), apiOf("WEBSOCKET"))), "index.html: " + pageRefs);
        assertFalse(String.valueOf(sourceMarkers.get(2)).contains("*"), String.valueOf(sourceMarkers.get(2)));
        assertNotNull(deployment.get("DistributionId"), "the deployment invalidates the CDN");
        // Browsers revalidate the page's modules (no mix of old and new after a deploy); the edge caches them.
        assertEquals(Map.of("cache-control", "max-age=0, s-maxage=86400"), deployment.get("SystemMetadata"));
    }

    @Test
    void thePage_getsTheConnectPolicyBeforeAnythingLoads_fromTheRealIndexHtml() throws Exception {
        String html = Files.readString(Path.of("").toAbsolutePath().getParent().resolve("web-static/index.html"));
        String policy = ContentSecurityPolicy.connectTo("https://a.example", "wss://b.example");
        String page = WebSite.withConnectPolicy(html, policy);
        String meta = "<meta http-equiv=\"Content-Security-Policy\" content=\"connect-src 'self' https://a.example"
                + " wss://b.example\">";
        assertTrue(page.contains(meta), page);
        int metaAt = page.indexOf(meta);
        assertTrue(metaAt < page.indexOf("<script") && metaAt < page.indexOf("<link"), "meta policy first");
        assertEquals(html, page.replace("\n  " + meta, ""), "nothing else changes");
        assertThrows(IllegalStateException.class, () -> WebSite.withConnectPolicy("<html></html>", policy));
    }

    @Test
    void httpApi_allowsTheWebOriginAndEveryMethodOfTheRouteTable() {
        Map<String, Object> cors = map(props(SynthesizedStack.resource(apiOf("HTTP"))).get("CorsConfiguration"));
        String distribution = resources("AWS::CloudFront::Distribution").keySet().iterator().next();
        assertTrue(refs(cors.get("AllowOrigins")).contains(distribution), "CORS origins: " + cors.get("AllowOrigins"));
        assertFalse(strings(cors.get("AllowOrigins")).contains("*"));
        assertTrue(strings(cors.get("AllowMethods")).containsAll(
                Routes.HTTP.stream().map(Routes.HttpRoute::method).collect(Collectors.toSet())));
        assertTrue(strings(cors.get("AllowHeaders")).containsAll(List.of("authorization", "content-type")));
    }

    @Test
    void httpApi_exposesTheHeadersTheUiReads_soACrossOriginPageSeesThem() {
        Map<String, Object> cors = map(props(SynthesizedStack.resource(apiOf("HTTP"))).get("CorsConfiguration"));
        Set<String> exposed = strings(cors.get("ExposeHeaders")).stream()
                .map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        // Named literally: the UI's transcript download and 429 handling read exactly these.
        for (String header : List.of("retry-after", "content-disposition", "x-export-next-seq", "x-export-has-more",
                "x-export-events", "idempotent-replayed")) {
            assertTrue(exposed.contains(header), () -> header + " is not exposed: " + exposed);
        }
        assertEquals(ResponseHeaders.EXPOSED.size(), exposed.size(), exposed::toString);
    }

    @Test
    void stages_areThrottled_andTheWebSocketStageIsProd() {
        Map<String, String> stageByApi = resources("AWS::ApiGatewayV2::Stage").values().stream()
                .collect(Collectors.toMap(s -> theRefOfType(props(s).get("ApiId"), "AWS::ApiGatewayV2::Api"),
                        s -> String.valueOf(props(s).get("StageName"))));
        assertEquals(Map.of(apiOf("HTTP"), "$default", apiOf("WEBSOCKET"), "prod"), stageByApi);
        for (Map<String, Object> stage : resources("AWS::ApiGatewayV2::Stage").values()) {
            assertNotNull(at(props(stage), "DefaultRouteSettings", "ThrottlingRateLimit"));
            assertNotNull(at(props(stage), "DefaultRouteSettings", "ThrottlingBurstLimit"));
            assertEquals(true, props(stage).get("AutoDeploy"));
        }
    }

    @Test
    void outputs_giveTheWebRestAndWebSocketUrls() {
        SynthesizedStack.template().hasOutput("WebUrl", Match.objectLike(Map.of()));
        SynthesizedStack.template().hasOutput("RestApiUrl", Match.objectLike(Map.of()));
        SynthesizedStack.template().hasOutput("WebSocketUrl", Match.objectLike(Map.of()));
        Map<String, Object> outputs = map(SynthesizedStack.json().get("Outputs"));
        assertTrue(refs(outputs.get("RestApiUrl")).contains(apiOf("HTTP")));
        assertTrue(String.valueOf(outputs.get("RestApiUrl")).contains("/api"));
        assertTrue(refs(outputs.get("WebSocketUrl")).contains(apiOf("WEBSOCKET")));
        assertTrue(String.valueOf(outputs.get("WebSocketUrl")).contains("/prod"));
        assertTrue(refs(outputs.get("WebUrl")).containsAll(resources("AWS::CloudFront::Distribution").keySet()));
    }
}
