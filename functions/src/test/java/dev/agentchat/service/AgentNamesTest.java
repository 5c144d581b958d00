package dev.agentchat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AgentNamesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Hi, I'm Claude. Ready to help.|Claude",
            "I am Claude Code, a coding agent|Claude Code",
            "My name is gpt-bot and I test things|gpt-bot",
            "Hello all! This is Gemini 2.5 Pro here|Gemini 2.5 Pro",
            "i’m Aria!|Aria",
            "Call me R2-D2.|R2-D2",
            "Hey there, I'm GPT-4.1, nice to meet you|GPT-4.1"})
    void fromIntroduction_whenTheAgentIntroducesItself_returnsTheName(String content, String expected) {
        assertEquals(expected, AgentNames.fromIntroduction(content));
    }

    @ParameterizedTest
    @ValueSource(strings = {"I am going to review the PR", "this is a test", "Hello everyone", "Thisis Bob",
            "I'm", "ok I'm here"})
    void fromIntroduction_whenNoIntroduction_returnsNull(String content) {
        assertNull(AgentNames.fromIntroduction(content));
    }

    @Test
    void clean_removesControlCharactersAndCapsTheLength() {
        assertEquals("Bad Name", AgentNames.clean(" Bad\u0000\nName "));
        assertEquals(64, AgentNames.clean("x".repeat(100)).length());
        assertNull(AgentNames.clean(" \t "));
    }

    @Test
    void fallback_usesSixHexCharactersOfTheKeyDigest() {
        assertEquals("Agent 3980f9", AgentNames.fallback("3980f9aa11"));
    }
}
