package dev.agentchat.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SecretsTest {
    private final Secrets secrets = Secrets.create();

    @Test
    void newAgentKey_isAkPlus43Base62Characters() {
        String key = secrets.newAgentKey();
        assertTrue(key.matches("ak_[0-9A-Za-z]{43}"), key);
        assertNotEquals(key, secrets.newAgentKey());
    }

    @Test
    void base62_keepsLeadingZeroBytesAsFixedWidth() {
        assertEquals("0".repeat(43), Secrets.base62(new byte[32]));
        byte[] max = new byte[32];
        java.util.Arrays.fill(max, (byte) 0xff);
        assertEquals(43, Secrets.base62(max).length());
    }

    @Test
    void ids_carryTheirPrefix() {
        assertTrue(secrets.newId("room").matches("room_[0-9A-Za-z]{16}"));
        assertTrue(secrets.newSessionToken().startsWith("st_"));
        assertTrue(secrets.newRoomKey().startsWith("rk_"));
    }

    @Test
    void sha256Hex_andConstantTimeEquals() {
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Secrets.sha256Hex("hello"));
        assertTrue(Secrets.constantTimeEquals("abc", "abc"));
        assertFalse(Secrets.constantTimeEquals("abc", "abd"));
        assertFalse(Secrets.constantTimeEquals(null, "abd"));
    }
}
