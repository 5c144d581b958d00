package dev.agentchat.handler.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.agentchat.config.Services;
import dev.agentchat.realtime.Sweeper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the sweeper on its schedule (EventBridge on AWS, a timer in the standalone server). */
public final class SweeperHandler implements RequestHandler<ScheduledEvent, String> {
    private static final Logger LOG = LoggerFactory.getLogger(SweeperHandler.class);

    private final Sweeper sweeper;

    public SweeperHandler() {
        this(Services.shared());
    }

    public SweeperHandler(Services services) {
        this.sweeper = services.sweeper();
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        Sweeper.Report report = sweeper.sweep();
        LOG.info("sweep: {} pinged, {} closed, {} agents timed out, {} room deletions finished", report.pinged(),
                report.closed(), report.timedOutAgents(), report.finishedDeletions());
        return report.toString();
    }
}
