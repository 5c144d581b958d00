package dev.agentchat.standalone;

import dev.agentchat.support.Metric;
import dev.agentchat.support.Metrics;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /metrics}: the counters the functions report to CloudWatch as EMF, here since this
 * process started, in Prometheus' text exposition format (version 0.0.4). Written by hand from
 * the one {@link Metrics} registry rather than through Micrometer: a second registry would have
 * to be fed from the first, and the format is a few lines per metric.
 */
final class MetricsEndpoint implements HttpHandler {
    static final String PATH = "/metrics";
    private static final String PREFIX = "agentchat_";

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender().send(render(Metrics.process().totals()), StandardCharsets.UTF_8);
    }

    static String render(Metrics.Snapshot totals) {
        StringBuilder out = new StringBuilder();
        for (Metric metric : Metric.values()) {
            String name = PREFIX + metric.prometheusName();
            boolean lag = metric == Metric.FAN_OUT_LAG;
            out.append("# HELP ").append(name).append(' ').append(metric.help()).append('\n');
            out.append("# TYPE ").append(name).append(lag ? " summary" : " counter").append('\n');
            if (lag) {
                out.append(name).append("_sum ").append(totals.lagSumMillis()).append('\n');
                out.append(name).append("_count ").append(totals.count(metric)).append('\n');
            } else if (metric == Metric.MESSAGES_SENT) {
                for (Metric.Transport transport : Metric.Transport.values()) {
                    out.append(name).append("{transport=\"").append(transport.label()).append("\"} ")
                            .append(totals.sent(transport)).append('\n');
                }
            } else {
                out.append(name).append(' ').append(totals.count(metric)).append('\n');
            }
        }
        return out.toString();
    }
}
