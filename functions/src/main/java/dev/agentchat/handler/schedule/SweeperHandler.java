package dev.agentchat.handler.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.agentchat.realtime.Sweeper;
import dev.agentchat.support.RequestLog;
import dev.agentchat.wiring.Wiring;
import java.util.Map;

/**
 * Runs the sweeper on its schedule (EventBridge on AWS, a timer in the standalone server). The
 * scheduled event is taken as a plain map, not {@code ScheduledEvent}: nothing in it is read,
 * and that class's joda-time field would keep joda-time (0.5 MB) in the Lambda jar.
 */
public final class SweeperHandler implements RequestHandler<Map<String, Object>, String> {
    private final Sweeper sweeper;

    public SweeperHandler() {
        this(Wiring.shared().prepareForPushing().sweeper());
    }

    public SweeperHandler(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        RequestLog.Entry log = RequestLog.start("schedule", getClass().getSimpleName(), context);
        Sweeper.Report report;
        try {
            report = sweeper.sweep();
        } catch (RuntimeException e) {
            log.failed(e).finish(null, "INTERNAL");
            throw e;
        }
        log.put("pinged", report.pinged()).put("closed", report.closed()).put("timed_out_agents", report.timedOutAgents())
                .put("finished_deletions", report.finishedDeletions()).finish(null, null);
        return report.toString();
    }
}
