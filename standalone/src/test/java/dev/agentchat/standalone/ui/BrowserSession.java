package dev.agentchat.standalone.ui;

import dev.agentchat.standalone.AgentChatServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** One headless browser per UI test class, on the class's running server, signed out after each test. */
abstract class BrowserSession {
    static UiHarness ui;

    @BeforeAll
    static void openBrowser(AgentChatServer server) throws Exception {
        ui = UiHarness.open(server);
    }

    @AfterAll
    static void closeBrowser() {
        if (ui != null) {
            ui.close();
            ui = null;
        }
    }

    @AfterEach
    void forgetSession() {
        ui.signOutLocally();
    }
}
