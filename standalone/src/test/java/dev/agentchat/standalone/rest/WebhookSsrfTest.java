package dev.agentchat.standalone.rest;

import static dev.agentchat.standalone.support.Api.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * On a deployment that does not allow private targets (the default), webhook URLs that would
 * make the server reach inside its own network are 400s with a message naming why, and nothing
 * is stored.
 */
@RunningServer
class WebhookSsrfTest {
    @Inject
    private static Api api;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://example.com/hook|must use https",
            "https://127.0.0.1:8443/hook|loopback",
            "https://localhost/hook|resolves to 127.0.0.1, a loopback address",
            "https://10.0.0.5/hook|private",
            "https://192.168.1.20/hook|private",
            "https://169.254.169.254/latest/meta-data/|link-local",
            "https://[::1]/hook|loopback",
            "https://[fd00:ec2::254]/hook|unique-local",
            "https://[::ffff:127.0.0.1]/hook|loopback",
            "https://0.0.0.0/hook|unspecified",
            "file:///etc/passwd|must use https"})
    void set_whenUrlIsNotAPublicHttpsTarget_is400NamingWhy(String url, String reason) {
        Api.Human owner = api.newHuman("ssrf");
        String roomId = api.createRoom(owner.token(), "SSRF").id();
        String key = api.invite(roomId, owner.token(), "Probe");
        Api.Res res = api.request("PUT", "/rooms/" + roomId + "/webhook", key, obj("url", url), Map.of());
        Api.assertError(res, 400, "BAD_REQUEST");
        assertTrue(res.json().path("error").path("message").asText().contains(reason), res::toString);
        Api.assertError(api.get("/rooms/" + roomId + "/webhook", key), 404, "NOT_FOUND");
        // Neither the refused PUT nor the 404 GET claimed the key: the room still has no agent.
        assertEquals(0, api.roomInfo(roomId, owner.token()).path("agents").size());
    }
}
