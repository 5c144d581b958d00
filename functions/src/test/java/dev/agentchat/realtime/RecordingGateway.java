package dev.agentchat.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A Management API double: records frames per connection; chosen connections are gone or failing. */
final class RecordingGateway implements ConnectionGateway {
    final Map<String, List<String>> sent = new ConcurrentHashMap<>();
    final Set<String> gone = ConcurrentHashMap.newKeySet();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final Set<String> closed = ConcurrentHashMap.newKeySet();

    @Override
    public void send(String connectionId, String frame) {
        if (gone.contains(connectionId)) {
            throw new ConnectionGone(connectionId);
        }
        if (failing.contains(connectionId)) {
            throw new IllegalStateException("500 from the Management API");
        }
        sent.computeIfAbsent(connectionId, id -> java.util.Collections.synchronizedList(new ArrayList<>())).add(frame);
    }

    @Override
    public void close(String connectionId) {
        closed.add(connectionId);
    }

    List<String> framesTo(String connectionId) {
        return sent.getOrDefault(connectionId, List.of());
    }
}
