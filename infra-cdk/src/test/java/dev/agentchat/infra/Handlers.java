package dev.agentchat.infra;

import dev.agentchat.Access;
import dev.agentchat.Routes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** Every handler the route table declares, with what it may touch: the tests' list of expectations. */
final class Handlers {
    record Declared(String name, Class<?> handler, Access access) {
    }

    private Handlers() {
    }

    static List<Declared> all() {
        List<Declared> all = new ArrayList<>();
        Routes.HTTP.forEach(r -> all.add(new Declared(r.routeKey(), r.handler(), r.access())));
        Routes.WEBSOCKET.forEach(r -> all.add(new Declared("ws " + r.routeKey(), r.handler(), r.access())));
        all.add(new Declared("$default", Routes.UNMATCHED_HANDLER, Routes.UNMATCHED_ACCESS));
        all.add(new Declared("stream", Routes.STREAM_HANDLER, Routes.STREAM_ACCESS));
        all.add(new Declared("sweeper", Routes.SWEEPER_HANDLER, Routes.SWEEPER_ACCESS));
        return all;
    }

    /** Arguments (name, declared) for parameterized tests named by route. */
    static Stream<Arguments> arguments() {
        return all().stream().map(d -> Arguments.of(d.name(), d));
    }
}
