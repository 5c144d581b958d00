package dev.agentchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ContentSecurityPolicyTest {

    @Test
    void allowingApisAt_whenSourcesGiven_addsThemToConnectSrcOnly() {
        String csp = ContentSecurityPolicy.allowingApisAt("https://api.example.com", "wss://ws.example.com");

        assertTrue(csp.contains("; connect-src 'self' https://api.example.com wss://ws.example.com; "), csp);
        assertTrue(csp.startsWith("default-src 'self'; script-src 'self'; style-src 'self'; "), csp);
        assertTrue(csp.endsWith("; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"), csp);
    }

    @Test
    void allowingApisAt_whenNoSources_allowsTheSiteItself() {
        assertTrue(ContentSecurityPolicy.allowingApisAt().contains("; connect-src 'self'; "));
    }

    @Test
    void allowingApisAt_whenASourceCarriesASeparator_refusesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ContentSecurityPolicy.allowingApisAt("https:; script-src *"));
        assertEquals("apiSources: not one CSP source: 'https:; script-src *'", e.getMessage());
    }

    @Test
    void connectTo_isTheDirectiveAlone_andRefusesWhatCouldLeaveAMetaAttribute() {
        assertEquals("connect-src 'self' https://api.example.com wss://ws.example.com",
                ContentSecurityPolicy.connectTo("https://api.example.com", "wss://ws.example.com"));
        assertThrows(IllegalArgumentException.class, () -> ContentSecurityPolicy.connectTo("https://a\"><script>"));
        assertThrows(IllegalArgumentException.class, () -> ContentSecurityPolicy.connectTo("https://a; script-src *"));
    }
}
