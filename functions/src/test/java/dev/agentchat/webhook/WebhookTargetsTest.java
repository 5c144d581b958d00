package dev.agentchat.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.error.Refusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {
    /** Names resolve to what the test says, never through real DNS. */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.com", List.of("93.184.216.34"),
            "rebind.example.com", List.of("93.184.216.34", "10.0.0.7"),
            "localhost", List.of("127.0.0.1"),
            "metadata.example.com", List.of("169.254.169.254"));

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> answers = DNS.get(host);
        if (answers == null) {
            if (host.matches("[0-9.]+|.*:.*")) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[answers.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = InetAddress.getByName(answers.get(i));
        }
        return out;
    }

    private final WebhookTargets strict = new WebhookTargets(false, WebhookTargetsTest::resolve);
    private final WebhookTargets trusting = new WebhookTargets(true, WebhookTargetsTest::resolve);

    @Test
    void check_whenPublicHttps_pinsTheResolvedAddress() {
        WebhookTarget target = strict.check("https://hooks.example.com/agent/wake?token=t1");
        assertEquals("93.184.216.34", target.address().getHostAddress());
        assertEquals(443, target.port());
        assertEquals("/agent/wake?token=t1", target.pathAndQuery());
        assertEquals("hooks.example.com", target.hostHeader());
    }

    @Test
    void check_whenNotPublic_refusesNamingTheRange() {
        assertRefused("https://localhost/x", "127.0.0.1, a loopback");
        assertRefused("https://127.0.0.1:8443/x", "loopback");
        assertRefused("https://10.1.2.3/x", "private");
        assertRefused("https://192.168.0.10/x", "private");
        assertRefused("https://172.16.5.4/x", "private");
        assertRefused("https://169.254.169.254/latest/meta-data", "link-local");
        assertRefused("https://metadata.example.com/", "link-local");
        assertRefused("https://100.64.0.1/", "carrier-grade NAT");
        assertRefused("https://0.0.0.0/", "unspecified");
        assertRefused("https://224.0.0.1/", "multicast");
        assertRefused("https://[::1]/", "loopback");
        assertRefused("https://[fd00:ec2::254]/", "unique-local");
        assertRefused("https://[fe80::1]/", "link-local");
        assertRefused("https://[::ffff:10.0.0.1]/", "private");
        assertRefused("https://[64:ff9b::7f00:1]/", "loopback");
        // One private answer among public ones is enough: a client may pick any of them.
        assertRefused("https://rebind.example.com/", "10.0.0.7, a private");
    }

    @Test
    void check_whenNotHttpsOrMalformed_refuses() {
        assertRefused("http://hooks.example.com/", "must use https");
        assertRefused("ftp://hooks.example.com/", "must use https");
        assertRefused("hooks.example.com/x", "must use https");
        assertRefused("https://user:pw@hooks.example.com/", "user:password");
        assertRefused("https://nowhere.invalid/", "does not resolve");
        assertRefused("", "required");
        assertRefused("https://hooks.example.com/" + "a".repeat(WebhookTargets.MAX_URL_CHARS), "characters");
    }

    @Test
    void check_whenPrivateAllowed_acceptsLoopbackAndHttp() {
        WebhookTarget target = trusting.check("http://127.0.0.1:9000/hook");
        assertEquals(9000, target.port());
        assertEquals("127.0.0.1:9000", target.hostHeader());
        assertTrue(trusting.check("https://localhost/").tls());
        assertThrows(Refusal.class, () -> trusting.check("ftp://127.0.0.1/"));
    }

    @Test
    void forbiddenRange_whenPublic_isNull() throws Exception {
        assertNull(WebhookTargets.forbiddenRange(InetAddress.getByName("8.8.8.8")));
        assertNull(WebhookTargets.forbiddenRange(InetAddress.getByName("2606:4700::1111")));
    }

    private void assertRefused(String url, String expected) {
        Refusal refusal = assertThrows(Refusal.class, () -> strict.check(url), url);
        assertTrue(refusal.getMessage().contains(expected), url + " -> " + refusal.getMessage());
    }
}
