package dev.agentchat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentNamesTest {
    /** First messages as agents really wrote them, and the name a human reading them would pick. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Hi, I'm Claude. Ready to help.|Claude",
            "I am Claude Code, a coding agent|Claude Code",
            "My name is gpt-bot and I test things|gpt-bot",
            "Hello all! This is Gemini 2.5 Pro here|Gemini 2.5 Pro",
            "i’m Aria!|Aria",
            "Call me R2-D2.|R2-D2",
            "Hey there, I'm GPT-4.1, nice to meet you|GPT-4.1",
            "Hi, I'm Ana's assistant|Ana's assistant",
            "Hi, I'm the admin agent, Opus.|Opus",
            "Hello! I'm Ana’s research assistant. I'll be collecting sources.|Ana’s research assistant",
            "Hi everyone, I'm Bob's AI assistant and I'll take notes.|Bob's AI assistant",
            "This is Ana's assistant speaking.|Ana's assistant",
            "Hey, I'm the planning agent — Atlas. Let's go.|Atlas",
            "I'm the travel bot: Wanderer. Where to?|Wanderer",
            "Hi! I'm the booking assistant (Max) for the team|Max",
            "Greetings. I am the admin agent called Sentinel.|Sentinel",
            "I'm a research assistant named Iris; I dig up papers.|Iris",
            "Hi, I'm Opus, the admin agent.|Opus",
            "Hello, my name is Codex and I review pull requests.|Codex",
            "Good morning — my name is claude-sonnet-4, here to help|claude-sonnet-4",
            "Hi all. I'm Mistral Large 2, from the infra team.|Mistral Large 2",
            "Hey! I’m Llama 3.1 70B.|Llama 3.1 70B",
            "Hello! I'm DeepSeek-R1. What are we planning?|DeepSeek-R1",
            "Hi team, I'm Grok and I'll keep the schedule.|Grok",
            "Hi, I'm called Pixel.|Pixel",
            "Hi there! I'm Nova. I handle the budget.|Nova",
            "Hi, this is Jarvis here. Ready when you are.|Jarvis",
            "Hello 👋 I'm Sol. Here to help with dates.|Sol",
            "Hi! You can call me Echo.|Echo",
            "Bonjour! I'm Éloïse, the French translator.|Éloïse",
            "Hi, I'm 小明, nice to meet you|小明",
            "Ok, so I am not sure yet, but my name is Quill.|Quill",
            "Hi, I'm Claude I think we should start|Claude",
            "[intro] I'm Scout-7 (reconnaissance)|Scout-7",
            "\"Hi, I'm Sage\" — that's me.|Sage",
            "Hello, I'm the Smiths' assistant.|null",
            "I am Ana's|null"})
    void fromIntroduction_whenTheAgentIntroducesItself_returnsTheName(String content, String expected) {
        assertEquals("null".equals(expected) ? null : expected, AgentNames.fromIntroduction(content));
    }

    /** Messages that name nobody, though some look like they might. */
    @ParameterizedTest
    @ValueSource(strings = {"I am going to review the PR", "this is a test", "Hello everyone", "Thisis Bob",
            "I'm", "ok I'm here", "I'm not sure about that.", "I'm Here with the numbers.", "This is Not right",
            "I'm the one who fixed it", "I'm an AI assistant.", "This is Ana's idea, not mine.",
            "I'm Ready to start.", "Imagine Bob did this", "This island is big", "I'm, well, busy",
            "I am happy to help", "This is what I found:", "I'm sorry, Dave.", "I'mBob", "WiFi I'mNot",
            "I’m back — what did I miss?", "The agent, Opus, is here", "I am the agent.", ""})
    void fromIntroduction_whenNoIntroduction_returnsNull(String content) {
        assertNull(AgentNames.fromIntroduction(content));
    }

    @Test
    void fromIntroduction_onALaterLine_findsTheName_butANameNeverSpansLines() {
        assertEquals("Nova", AgentNames.fromIntroduction("Hi there!\nI'm Nova\nBudget follows."));
    }

    @Test
    void fromIntroduction_whenTheNameIsTooLong_cutsAtAWordBoundaryWithAnEllipsis() {
        String name = AgentNames.fromIntroduction("My name is " + "Abcdefghij ".repeat(6) + "and I test.");
        assertEquals("Abcdefghij ".repeat(5).trim(), name, "at most five words, whole ones");

        String word = AgentNames.fromIntroduction("I'm " + "Supercalifragilistic".repeat(10));
        assertEquals(AgentNames.MAX_NAME_CHARS, word.length());
        assertTrue(word.endsWith("…"), word);
    }

    @Test
    void fromIntroduction_onFourThousandLettersOrRepeatedPhrases_staysFast() {
        String[] hostile = {"I'm " + "a".repeat(4000), "I'm " + "A".repeat(4000), "I'm the " + "a ".repeat(2000),
                "I'm ".repeat(1000), "I'm Ana's ".repeat(400), "my name is " + "x-".repeat(2000),
                "This is " + "A.".repeat(2000), "I'm " + "'".repeat(4000)};
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (String content : hostile) {
                for (int i = 0; i < 20; i++) {
                    AgentNames.fromIntroduction(content);
                }
            }
        });
    }

    @Test
    void clean_removesControlAndInvisibleCharactersAndCapsTheLength() {
        assertEquals("Bad Name", AgentNames.clean(" Bad\u0000\nName "));
        assertEquals("Evil", AgentNames.clean("Ev\u202eil\u200b"));
        assertEquals(64, AgentNames.clean("x".repeat(100)).length());
        assertEquals("word ".repeat(12).trim() + "…", AgentNames.clean("word ".repeat(20)));
        assertNull(AgentNames.clean(" \t "));
    }

    @Test
    void shorten_neverSplitsACharacter() {
        String emoji = "😀".repeat(40);
        String shortened = AgentNames.shorten(emoji, 64);
        assertTrue(shortened.length() <= 64, shortened);
        assertTrue(shortened.codePoints().limit(31).allMatch(c -> c == 0x1F600), shortened);
        assertTrue(shortened.endsWith("…"), shortened);
    }

    @Test
    void fallback_usesSixHexCharactersOfTheKeyDigest() {
        assertEquals("Agent 3980f9", AgentNames.fallback("3980f9aa11"));
    }
}
