package dev.agentchat.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendScheduleTest {
    // 2 rooms × 3 agents, 10 msg/s for 1.2 s after 0.4 s of warm-up at 5 msg/s, half over REST.
    private static final LoadSettings SETTINGS =
            new LoadSettings(2, 3, 10, 1.2, 0.5, 0.4, 5, 3, 2, 0, false, 100, 0, "memory", false);

    @Test
    void plan_spreadsRoomsSendersAndRestEvenly() {
        SendSchedule schedule = new SendSchedule(SETTINGS, 0);
        int total = SETTINGS.total();
        assertEquals(2 + 12, total);
        int[] restByRoom = new int[2];
        int[] sentByRoom = new int[2];
        Set<String> senders = new HashSet<>();
        for (int i = 0; i < total; i++) {
            SentMessage m = schedule.plan(i);
            assertEquals(i, m.id);
            assertEquals(i % 2, m.room, "rooms take turns");
            assertEquals(i < 2, m.warmup);
            sentByRoom[m.room]++;
            restByRoom[m.room] += m.rest ? 1 : 0;
            senders.add(m.room + "/" + m.sender);
        }
        assertEquals(7, sentByRoom[0]);
        assertEquals(7, sentByRoom[1]);
        // Half of 7 is 3 or 4: the odd room starts half a step ahead, so the rooms round apart.
        assertEquals(3, restByRoom[0]);
        assertEquals(4, restByRoom[1]);
        assertEquals(6, senders.size(), "every agent of every room sends");
    }

    @Test
    void plan_withOneSenderPerRoom_onlyTheFirstAgentSends() {
        LoadSettings one = new LoadSettings(1, 9, 20, 1, 0, 0, 20, 3, 2, 0, false, 25, 1, "memory", false);
        SendSchedule schedule = new SendSchedule(one, 0);
        for (int i = 0; i < one.total(); i++) {
            SentMessage m = schedule.plan(i);
            assertEquals(0, m.sender, "message " + i);
            assertFalse(m.rest, "rest-fraction 0: every send over the WebSocket");
        }
        assertEquals(8, one.receivers());
    }

    @Test
    void dueNanos_warmUpAtItsRate_thenTheMeasuredRate() {
        SendSchedule schedule = new SendSchedule(SETTINGS, 1_000);
        assertEquals(1_000, schedule.dueNanos(0));
        assertEquals(1_000 + 200_000_000L, schedule.dueNanos(1), "5 msg/s during the warm-up");
        assertEquals(1_000 + 400_000_000L, schedule.measureStart());
        assertEquals(schedule.measureStart(), schedule.dueNanos(2));
        assertEquals(schedule.measureStart() + 100_000_000L, schedule.dueNanos(3), "10 msg/s measured");
    }

    @Test
    void content_carriesTheIdBack_andOtherContentHasNone() {
        String content = SentMessage.content(42, 123_456_789L, 3);
        assertEquals("bench|42|123456789|xxx", content);
        assertEquals(42, SentMessage.idIn(content));
        assertEquals(-1, SentMessage.idIn("hello"));
        assertEquals(-1, SentMessage.idIn("bench|x|1"));
        assertFalse(SentMessage.idIn("bench|7") >= 0, "no end marker: not ours");
        assertEquals(0, SentMessage.idIn(SentMessage.content(0, 0, 0)));
    }
}
