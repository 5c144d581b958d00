package dev.agentchat.bench.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The cost model's arithmetic, checked against sums done by hand. */
class CostModelTest {
    private static final double EPSILON = 1e-12;

    /** Round prices (a dollar per unit, a cent for the rest) so each line item can be checked by hand. */
    private static final Prices ROUND = new Prices(1.0, 2.0, 0.01, 0.1, 0.1, 0.001, 0.5, 0.25, 0.25, 0, 0.01, 1.0);

    private static final CostInputs SIMPLE = new CostInputs(
            new CostInputs.Call(100, 0, 4, 2, 10),  // REST send: 100 ms, no CPU part, 2 RRU, 10 WRU
            new CostInputs.Call(200, 0, 6, 3, 10),  // WebSocket send
            new CostInputs.Call(300, 0, 6, 3, 10),  // MCP send
            new CostInputs.Call(50, 0, 3, 3, 1),    // wake read
            new CostInputs.Call(40, 0, 4, 4, 1),    // empty read
            new CostInputs.Call(10, 0, 1, 0, 1),    // pong
            20, 10, 4, 0.5,                          // fan-out: 20 ms base, 10 ms per round of 4 pushes, 0.5 RRU
            500, 1e6,                                // event bytes; 1 MB of logs per invocation
            1024, 512, 1024, 2048, 1024,
            25, 100, 1.0, 1000, 2.0,
            10, 2.0, 4,
            60, 5.0, 0.5,
            150, 2.0, 3,
            4);

    private final CostModel model = new CostModel(ROUND, SIMPLE);

    @Test
    void lambdaDuration_stretchesOnlyTheCpuPart_belowAFullVcpu() {
        CostInputs.Call call = new CostInputs.Call(30, 10, 1, 1, 0);
        assertEquals(30, call.lambdaMs(2048), EPSILON);
        assertEquals(20 + 10 * 1769 / 512.0, call.lambdaMs(512), EPSILON);
    }

    @Test
    void restMessage_isTheSend_anEmptyPush_andOneWakeReadPerOtherAgent() {
        // Send: HTTP 0.1 + 0.1 s x 1 GB x 1.0 + request 0.01 + logs 1 MB x 1.0/GB + 2 x 0.25 + 10 x 0.5.
        double send = 0.1 + 0.1 + 0.01 + 0.001 + 0.5 + 5.0;
        // Push path at 2 GB, two consumers of 20 ms (no push rounds): 2 x (0.02 s x 2 GB + 0.01 + 0.001 logs)
        // + 0.5 x 0.25; no socket.
        double push = 2 * (0.04 + 0.01 + 0.001) + 0.125;
        // Wake read at 512 MB: 0.1 + 0.05 s x 0.5 GB + 0.01 + 0.001 + 3 x 0.25 + 1 x 0.5.
        double wake = 0.1 + 0.025 + 0.01 + 0.001 + 0.75 + 0.5;
        assertEquals(send + push + 9 * wake, model.perMessage(CostModel.Transport.REST, 10).total(), 1e-9);
    }

    @Test
    void webSocketMessage_pushesToEveryOtherAgent_inRoundsOfTheFanOutThreads() {
        CostModel.Bill bill = model.perMessage(CostModel.Transport.WEBSOCKET, 10);
        // Frame in + ack out + 9 pushes, 0.1 each.
        assertEquals(11 * 0.1, bill.item(CostModel.WS_MESSAGES), EPSILON);
        // Send 0.2 s x 1 GB; fan-out (20 + 3 rounds x 10 ms) = 0.05 s x 2 GB; wake handler 0.02 s x 2 GB.
        assertEquals(0.2 + 0.1 + 0.04, bill.item(CostModel.LAMBDA_TIME), EPSILON);
        assertEquals(3 * 0.25 + 0.5 * 0.25, bill.item(CostModel.DYNAMO_READS), EPSILON);
    }

    @Test
    void longPollHour_paysTheFunctionForTheWholeHour_plusItsChecks() {
        CostModel.Bill hour = model.idleHour(CostModel.IdleMode.LONG_POLL);
        assertEquals(3600 * 0.5 * 1.0, hour.item(CostModel.LAMBDA_TIME), EPSILON);
        double waits = 3600 / 25.0;
        assertEquals(waits * 0.1, hour.item(CostModel.HTTP_API), EPSILON);
        // Each wait's first look (4 RRU), a head check every 100 ms (1 RRU), an access check a second (2 RRU).
        double reads = waits * 4 + 36_000 * 1.0 + 3600 * 2.0;
        assertEquals(reads * 0.25, hour.item(CostModel.DYNAMO_READS), 1e-9);
        // The limiter's cell and a presence refresh per wait.
        assertEquals(waits * (1 + 2.0) * 0.5, hour.item(CostModel.DYNAMO_WRITES), 1e-9);
        // MCP's wait makes no access checks.
        assertEquals(reads * 0.25 - 3600 * 2.0 * 0.25,
                model.idleHour(CostModel.IdleMode.MCP).item(CostModel.DYNAMO_READS), 1e-9);
    }

    @Test
    void plainPolling_refreshesPresenceEveryThirdPoll_andWebhookIdleIsFree() {
        CostModel.Bill hour = model.idleHour(CostModel.IdleMode.PLAIN_POLLING);
        assertEquals(900 * 0.1, hour.item(CostModel.HTTP_API), EPSILON);
        assertEquals((900 * 1 + 300 * 2.0) * 0.5, hour.item(CostModel.DYNAMO_WRITES), 1e-9);
        assertEquals(0, model.idleHour(CostModel.IdleMode.WEBHOOK).total(), EPSILON);
    }

    @Test
    void publishedPrices_giveTheIssuesFigure_forAnHourOfLongPollingAt1024Mb() {
        CostModel before = new CostModel(Prices.US_EAST_1, CostInputs.RECORDED.withLongPoll(1024, 150, 1.0));
        // 3,600 GB-s at the arm64 price: the $0.048 per agent-hour of issue 18.
        assertEquals(0.048, before.idleHour(CostModel.IdleMode.LONG_POLL).item(CostModel.LAMBDA_TIME), 1e-6);
        CostModel real = new CostModel(Prices.US_EAST_1, CostInputs.RECORDED);
        assertEquals(0.024, real.idleHour(CostModel.IdleMode.LONG_POLL).item(CostModel.LAMBDA_TIME), 1e-6);
        assertTrue(real.idleHour(CostModel.IdleMode.WEBSOCKET).total()
                < real.idleHour(CostModel.IdleMode.PLAIN_POLLING).total());
    }

    @Test
    void wakeUp_isHalfAnInterval_threeCalls_andTheCpuStretchedToTheMemory() {
        // 100 ms interval, 3 calls of 4 ms; the wake read has no CPU part here.
        assertEquals(50 + 12, model.wakeUpMs(), EPSILON);
        CostInputs cpu = SIMPLE.withLongPoll(512, 100, 1.0);
        CostInputs withCpu = new CostInputs(cpu.restSend(), cpu.wsSend(), cpu.mcpSend(),
                new CostInputs.Call(50, 5, 3, 3, 1), cpu.emptyRead(), cpu.pong(), cpu.fanOutBaseMs(), cpu.fanOutPushMs(),
                cpu.fanOutThreads(), cpu.fanOutReadUnits(), cpu.eventItemBytes(), cpu.logBytesPerInvocation(),
                cpu.httpMemoryMb(), cpu.longPollMemoryMb(), cpu.webSocketMemoryMb(), cpu.streamMemoryMb(),
                cpu.scheduleMemoryMb(), cpu.waitSeconds(), cpu.headIntervalMs(), cpu.headReadUnits(), cpu.accessCheckMs(),
                cpu.accessCheckUnits(), cpu.touchEverySeconds(), cpu.touchWriteUnits(), cpu.pollEverySeconds(),
                cpu.sweepEverySeconds(), cpu.sweeperMsPerConnection(), cpu.sweeperReadUnitsPerConnection(),
                cpu.webhookDeliveryMs(), cpu.webhookWriteUnits(), cpu.sqsRequestsPerWake(), cpu.awsCallMs());
        assertEquals(50 + 12 + 5 * 1769 / 512.0, new CostModel(ROUND, withCpu).wakeUpMs(), EPSILON);
    }

    @Test
    void awsSample_scansEveryConnectionOfTheTable() {
        // 1,000 connections x 100 B = 25 pages of 4 KB, half a unit each (eventually consistent).
        CostModel.Bill bill = model.samplePerMessage(10, 1000, 30, 0.05);
        assertEquals(Math.ceil(100_000 / 4096.0) * 0.5 * 0.25, bill.item(CostModel.DYNAMO_READS), EPSILON);
        assertEquals(11 * 0.1, bill.item(CostModel.WS_MESSAGES), EPSILON);
    }
}
