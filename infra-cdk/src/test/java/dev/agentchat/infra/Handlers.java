package dev.agentchat.infra;

import dev.agentchat.Access;
import dev.agentchat.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every handler the route table declares, with what it may touch: the tests' list of expectations. */
final class Handlers {
    /** A handler, what it may touch, and the nested stack its function belongs in. */
    record Declared(String name, Class<?> handler, Access access, FunctionGroup group) {
    }

    private Handlers() {
    }

    static List<Declared> all() {
        List<Declared> all = new ArrayList<>();
        Routes.HTTP.forEach(r -> all.add(new Declared(r.routeKey(), r.handler(), r.access(),
                FunctionGroup.of(r.callers()))));
        Routes.WEBSOCKET.forEach(r -> all.add(new Declared("ws " + r.routeKey(), r.handler(), r.access(),
                FunctionGroup.SOCKETS)));
        all.add(new Declared("$default", Routes.UNMATCHED_HANDLER, Routes.UNMATCHED_ACCESS, FunctionGroup.HUMANS));
        all.add(new Declared("stream", Routes.STREAM_HANDLER, Routes.STREAM_ACCESS, FunctionGroup.BACKGROUND));
        all.add(new Declared("sweeper", Routes.SWEEPER_HANDLER, Routes.SWEEPER_ACCESS, FunctionGroup.BACKGROUND));
        all.add(new Declared("wake", Routes.WAKE_HANDLER, Routes.WAKE_ACCESS, FunctionGroup.BACKGROUND));
        all.add(new Declared("delivery", Routes.DELIVERY_HANDLER, Routes.DELIVERY_ACCESS, FunctionGroup.BACKGROUND));
        return all;
    }

    /** Arguments (name, declared) for parameterized tests named by route. */
    static Stream<Arguments> arguments() {
        return all().stream().map(d -> Arguments.of(d.name(), d));
    }
}
