package dev.agentchat.bench.coldstart.harness;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The child side of {@code ColdStartBench}: plays the Lambda runtime for exactly one cold
 * invocation. It runs on a class path of the shaded Lambda jar plus this package's classes
 * only, so it may use nothing but the JDK and what the shaded jar holds.
 *
 * <pre>java -cp lambda.jar:harness-dir ColdStartHarness &lt;handler class&gt; &lt;http|ser|floor&gt; &lt;event file&gt;</pre>
 *
 * Prints one line, {@code COLDSTART main=… init=… decoded=… done=… classes=… cpu=… result=…}
 * (epoch microseconds; {@code cpu}: the process's CPU time in microseconds, read after
 * {@code done}), then exits. Init ends when the handler is constructed (Lambda's init phase:
 * class loading, static initialisers, constructor); the event is decoded after that, as the
 * runtime does per invocation, and {@code done} is when {@code handleRequest} returned.
 */
public final class ColdStartHarness {
    private ColdStartHarness() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long main = micros();
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>)
                Class.forName(args[0]).getConstructor().newInstance();
        long init = micros();
        Object event = decode(args[1], Path.of(args[2]));
        long decoded = micros();
        Object result = handler.handleRequest(event, new BenchContext());
        long done = micros();
        // Counted after the clock stopped: loading the management classes costs time itself.
        int classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
        // All of this process's threads (JIT and GC included) until now: on a loaded machine the
        // wall clock mostly measures the neighbours, this does not.
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000;
        System.out.println("COLDSTART main=" + main + " init=" + init + " decoded=" + decoded + " done=" + done
                + " classes=" + classes + " cpu=" + cpu + " result=" + describe(result));
        System.out.flush();
        System.exit(0);
    }

    private static long micros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static Object decode(String kind, Path file) throws IOException, ClassNotFoundException {
        switch (kind) {
            case "http":
                return httpEvent(properties(file));
            case "floor":
                return properties(file);
            case "ser":
                try (InputStream in = new FileInputStream(file.toFile());
                     ObjectInputStream objects = new ObjectInputStream(in)) {
                    return objects.readObject();
                }
            default:
                throw new IllegalArgumentException("unknown event kind " + kind);
        }
    }

    static Properties properties(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    /**
     * An HTTP API (payload 2.0) event from a flat description: {@code method}, {@code routeKey},
     * {@code rawPath}, {@code rawQueryString}, {@code body}, and {@code header.}, {@code path.},
     * {@code query.} prefixed entries. (The event class is not serialisable, and decoding JSON
     * here would load Jackson early and bill it to the wrong phase.)
     */
    public static APIGatewayV2HTTPEvent httpEvent(Properties p) {
        Map<String, String> headers = prefixed(p, "header.");
        Map<String, String> path = prefixed(p, "path.");
        Map<String, String> query = prefixed(p, "query.");
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(p.getProperty("routeKey"))
                .withRawPath(p.getProperty("rawPath"))
                .withRawQueryString(p.getProperty("rawQueryString", ""))
                .withHeaders(headers)
                .withPathParameters(path.isEmpty() ? null : path)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withBody(p.getProperty("body"))
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey(p.getProperty("routeKey"))
                        .withStage("$default")
                        .withRequestId("cold-" + System.nanoTime())
                        .withDomainName("bench.local")
                        .withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(p.getProperty("method"))
                                .withPath(p.getProperty("rawPath"))
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1")
                                .build())
                        .build())
                .build();
    }

    private static Map<String, String> prefixed(Properties p, String prefix) {
        Map<String, String> out = new HashMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(prefix)) {
                out.put(name.substring(prefix.length()), p.getProperty(name));
            }
        }
        return out;
    }

    /** What the parent checks: the status, the failures, or the text the handler returned. */
    public static String describe(Object result) {
        if (result instanceof APIGatewayV2HTTPResponse http) {
            String body = http.getBody() == null ? "" : http.getBody();
            return "status=" + http.getStatusCode() + " body=" + oneLine(body.substring(0, Math.min(200, body.length())));
        }
        if (result instanceof APIGatewayV2WebSocketResponse ws) {
            return "status=" + ws.getStatusCode() + " body=" + oneLine(ws.getBody() == null ? "" : ws.getBody());
        }
        if (result instanceof StreamsEventResponse stream) {
            return "failures=" + stream.getBatchItemFailures().size();
        }
        return oneLine(String.valueOf(result));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    /** The runtime's per-invocation context; the handlers read nothing from it but the request id. */
    public static final class BenchContext implements Context {
        @Override
        public String getAwsRequestId() {
            return "cold-start";
        }

        @Override
        public String getLogGroupName() {
            return "bench";
        }

        @Override
        public String getLogStreamName() {
            return "bench";
        }

        @Override
        public String getFunctionName() {
            return "bench";
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:bench";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.err.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.err.write(message, 0, message.length);
                }
            };
        }
    }
}
