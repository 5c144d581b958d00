package dev.agentchat.handler.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.agentchat.realtime.Sweeper;
import dev.agentchat.wiring.Wiring;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sweeper on its schedule (EventBridge on AWS, a timer in the standalone server). */
public final class SweeperHandler implements RequestHandler<ScheduledEvent, String> {
    private static final Logger LOG = LoggerFactory.getLogger(SweeperHandler.class);

    private final Sweeper sweeper;

    public SweeperHandler() {
        this(Wiring.shared().prepareForPushing().sweeper());
    }

    public SweeperHandler(Sweeper sweeper) {
        this.sweeper = sweeper;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        Sweeper.Report report = sweeper.sweep();
        LOG.info("sweep: {} pinged, {} closed, {} agents timed out, {} room deletions finished", report.pinged(),
                report.closed(), report.timedOutAgents(), report.finishedDeletions());
        return report.toString();
    }
}
