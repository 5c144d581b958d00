package dev.agentchat.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch Embedded Metric Format lines for what one invocation counted: JSON objects that
 * CloudWatch Logs turns into metrics of namespace {@link Metric#NAMESPACE}, written by hand on
 * the project's JSON codec (the EMF library and Powertools' metrics would load a logging stack
 * and, outside Lambda, a background thread, for what is one line of JSON).
 *
 * <p>One line holds every dimensionless metric; {@link Metric#MESSAGES_SENT} has a
 * {@link Metric#TRANSPORT_DIMENSION} dimension whose value is a field of the line, so each
 * transport that sent gets a line of its own. Metrics that counted nothing are left out.
 */
public final class Emf {
    private Emf() {
    }

    public static List<String> lines(Metrics.Snapshot counted, long timestampMillis) {
        List<String> lines = new ArrayList<>();
        if (counted.isEmpty()) {
            return lines;
        }
        ObjectNode plain = Json.object();
        ArrayNode definitions = Json.array();
        for (Metric metric : Metric.values()) {
            if (metric == Metric.MESSAGES_SENT) {
                continue;
            }
            long count = counted.count(metric);
            if (count == 0) {
                continue;
            }
            definitions.addObject().put("Name", metric.cloudWatchName()).put("Unit", metric.unit());
            if (metric == Metric.FAN_OUT_LAG) {
                ArrayNode values = plain.putArray(metric.cloudWatchName());
                counted.lagSamples().forEach(values::add);
            } else {
                plain.put(metric.cloudWatchName(), count);
            }
        }
        if (!definitions.isEmpty()) {
            lines.add(Json.write(line(timestampMillis, definitions, false).setAll(plain)));
        }
        for (Metric.Transport transport : Metric.Transport.values()) {
            long sent = counted.sent(transport);
            if (sent == 0) {
                continue;
            }
            ArrayNode definition = Json.array();
            definition.addObject().put("Name", Metric.MESSAGES_SENT.cloudWatchName())
                    .put("Unit", Metric.MESSAGES_SENT.unit());
            ObjectNode line = line(timestampMillis, definition, true);
            line.put(Metric.TRANSPORT_DIMENSION, transport.label());
            line.put(Metric.MESSAGES_SENT.cloudWatchName(), sent);
            lines.add(Json.write(line));
        }
        return lines;
    }

    /** The {@code _aws} metadata: when, which namespace, which dimensions, which metrics. */
    private static ObjectNode line(long timestampMillis, ArrayNode definitions, boolean byTransport) {
        ObjectNode line = Json.object();
        ObjectNode aws = line.putObject("_aws").put("Timestamp", timestampMillis);
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", Metric.NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        if (byTransport) {
            dimensionSet.add(Metric.TRANSPORT_DIMENSION);
        }
        directive.set("Metrics", definitions);
        return line;
    }
}
