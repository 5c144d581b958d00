package dev.agentchat.handler.stream;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Converts a stream record's image (the events library's types) to the SDK's attribute values. */
final class StreamImages {
    private StreamImages() {
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(
            Map<String, AttributeValue> image) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new HashMap<>();
        image.forEach((name, value) -> item.put(name, toSdk(value)));
        return item;
    }

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue v) {
        var out = software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
        if (v.getS() != null) {
            return out.s(v.getS()).build();
        }
        if (v.getN() != null) {
            return out.n(v.getN()).build();
        }
        if (v.getBOOL() != null) {
            return out.bool(v.getBOOL()).build();
        }
        if (v.getNULL() != null) {
            return out.nul(v.getNULL()).build();
        }
        if (v.getSS() != null) {
            return out.ss(v.getSS()).build();
        }
        if (v.getNS() != null) {
            return out.ns(v.getNS()).build();
        }
        if (v.getM() != null) {
            return out.m(toSdk(v.getM())).build();
        }
        if (v.getL() != null) {
            List<software.amazon.awssdk.services.dynamodb.model.AttributeValue> list =
                    v.getL().stream().map(StreamImages::toSdk).toList();
            return out.l(list).build();
        }
        throw new IllegalArgumentException("unsupported stream attribute value " + v);
    }
}
