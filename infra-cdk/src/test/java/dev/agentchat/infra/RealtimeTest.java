package dev.agentchat.infra;

import static dev.agentchat.infra.SynthesizedStack.at;
import static dev.agentchat.infra.SynthesizedStack.functionOf;
import static dev.agentchat.infra.SynthesizedStack.props;
import static dev.agentchat.infra.SynthesizedStack.refs;
import static dev.agentchat.infra.SynthesizedStack.resource;
import static dev.agentchat.infra.SynthesizedStack.resources;
import static dev.agentchat.infra.SynthesizedStack.tableOf;
import static dev.agentchat.infra.SynthesizedStack.theRefOfType;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentchat.Routes;
import dev.agentchat.store.Tables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The events stream feeds the fan-out as SPEC §7 says; the sweeper runs every minute. */
class RealtimeTest {

    @Test
    void streamMapping_feedsOnlyInsertsOfTheEventsTable_toTheFanOutAlias() throws Exception {
        Map<String, Object> mapping = theStreamMapping();
        assertEquals(List.of(tableOf(Tables.EVENTS.envVar())), List.copyOf(refs(mapping.get("EventSourceArn"))));
        assertTrue(String.valueOf(mapping.get("EventSourceArn")).contains("StreamArn"));
        String alias = theRefOfType(mapping.get("FunctionName"), "AWS::Lambda::Alias");
        assertTrue(refs(props(resource(alias)).get("FunctionName")).contains(functionOf(Routes.STREAM_HANDLER)));

        List<?> filters = (List<?>) at(mapping, "FilterCriteria", "Filters");
        assertEquals(1, filters.size());
        Object pattern = new ObjectMapper().readValue(String.valueOf(at(filters.get(0), "Pattern")), Map.class);
        assertEquals(Map.of("eventName", List.of("INSERT")), pattern);
    }

    @Test
    void streamMapping_reportsPartialFailures_bisects_andRetriesABoundedNumberOfTimes() {
        Map<String, Object> mapping = theStreamMapping();
        assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"));
        assertEquals(true, mapping.get("BisectBatchOnFunctionError"));
        int retries = ((Number) mapping.get("MaximumRetryAttempts")).intValue();
        assertTrue(retries >= 0 && retries <= 10, "retries must be bounded, got " + retries);
        assertTrue(((Number) mapping.get("MaximumRecordAgeInSeconds")).intValue() > 0, "record age must be bounded");
    }

    @Test
    void streamMapping_isTunedForLatency() {
        Map<String, Object> mapping = theStreamMapping();
        assertTrue(((Number) mapping.get("BatchSize")).intValue() <= 25, "batch size " + mapping.get("BatchSize"));
        assertEquals(0, ((Number) mapping.get("MaximumBatchingWindowInSeconds")).intValue());
        assertEquals("LATEST", mapping.get("StartingPosition"));
    }

    @Test
    void streamMapping_sendsGivenUpRecordsToAQueue_thatTheFanOutMayWrite() {
        Map<String, Object> mapping = theStreamMapping();
        String queue = theRefOfType(at(mapping, "DestinationConfig", "OnFailure", "Destination"), "AWS::SQS::Queue");
        boolean maySend = SynthesizedStack.statementsOf(functionOf(Routes.STREAM_HANDLER)).stream()
                .anyMatch(s -> SynthesizedStack.strings(s.get("Action")).contains("sqs:SendMessage")
                        && refs(s.get("Resource")).contains(queue));
        assertTrue(maySend, "the fan-out's role cannot send to the on-failure queue");
    }

    @Test
    void sweeper_runsEveryMinute_throughItsAlias_withoutRetries() {
        Map<String, Map<String, Object>> rules = resources("AWS::Events::Rule");
        assertEquals(1, rules.size());
        Map<String, Object> rule = props(rules.values().iterator().next());
        assertEquals("rate(1 minute)", rule.get("ScheduleExpression"));
        String alias = theRefOfType(rule.get("Targets"), "AWS::Lambda::Alias");
        assertTrue(refs(props(resource(alias)).get("FunctionName")).contains(functionOf(Routes.SWEEPER_HANDLER)));

        List<Map<String, Object>> configs = resources("AWS::Lambda::EventInvokeConfig").values().stream()
                .filter(c -> refs(props(c).get("Qualifier")).contains(alias))
                .toList();
        assertEquals(1, configs.size());
        assertEquals(0, ((Number) props(configs.get(0)).get("MaximumRetryAttempts")).intValue());
    }

    private static Map<String, Object> theStreamMapping() {
        return SynthesizedStack.mappingOf(Routes.STREAM_HANDLER);
    }
}
