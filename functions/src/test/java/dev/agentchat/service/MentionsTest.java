package dev.agentchat.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mentions are found by a linear scan over the room's current names and ids. */
class MentionsTest {
    private static final List<Mentions.Candidate> ROOM = List.of(
            new Mentions.Candidate("agt_ana", "Ana"),
            new Mentions.Candidate("agt_anastasia", "Anastasia"),
            new Mentions.Candidate("agt_claude", "Claude"),
            new Mentions.Candidate("agt_claude2", "Claude (2)"),
            new Mentions.Candidate("agt_scout", "Ana's scout"),
            new Mentions.Candidate("usr_alice", "Alice Smith"),
            new Mentions.Candidate("agt_bob", "Bob"),
            new Mentions.Candidate("usr_bob", "bob"),
            new Mentions.Candidate("usr_bobby", "Bobby"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "@Ana what do you think?|agt_ana",
            "hey @ana, and @ANASTASIA too|agt_ana agt_anastasia",
            "@Anastasia|agt_anastasia",
            "@Anabelle is not here|''",
            "ask @Claude (2) and @Claude|agt_claude2 agt_claude",
            "@Claude (2)|agt_claude2",
            "@Claude(2) has no space|agt_claude",
            "@Ana's scout: go|agt_scout",
            "@Ana's idea|agt_ana",
            "mail ana@example.com or x@Ana|''",
            "(@Ana) and [@Claude]|agt_ana agt_claude",
            "@agt_claude2 by id|agt_claude2",
            "@agt_nobody is no one|''",
            "@Alice Smith please decide|usr_alice",
            "@usr_alice by id|usr_alice",
            "@Alice alone is not her name|''",
            "@Ana @ana @agt_ana once|agt_ana",
            "@Bob, a name two share, reaches both|agt_bob usr_bob",
            "@Bobby is one of them only|usr_bobby",
            "@usr_bob by id is one|usr_bob",
            "no mention here|''",
            "@ @@ @|''",
            "trailing @|''",
    })
    void parse_findsTheLongestCurrentNameOrAnId(String content, String expected) {
        List<String> ids = expected.isEmpty() ? List.of() : List.of(expected.split(" "));
        assertEquals(ids, Mentions.parse(content, ROOM));
    }

    @Test
    void parse_withNobodyToMention_findsNothing() {
        assertEquals(List.of(), Mentions.parse("@Ana", List.of()));
    }

    @Test
    void parse_ofHostileContent_staysLinear() {
        String hostile = "@".repeat(4096) + "a@a".repeat(1000) + "@Claude (".repeat(400);
        List<Mentions.Candidate> many = new java.util.ArrayList<>(ROOM);
        for (int i = 0; i < 30; i++) {
            many.add(new Mentions.Candidate("agt_x" + i, "@".repeat(i + 1)));
        }
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> Mentions.parse(hostile, many));
    }
}
