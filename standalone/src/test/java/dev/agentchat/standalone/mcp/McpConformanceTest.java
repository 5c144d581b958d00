package dev.agentchat.standalone.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.Inject;
import dev.agentchat.standalone.support.RunningServer;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, on Node 22, both
 * fetched by npx) against the standalone server, for the scenarios a product server meets (the
 * others need the SDK's test tools). It sends no credentials: initialize, ping and tools/list are
 * served without a key.
 */
@RunningServer
class McpConformanceTest {
    static final String PACKAGE = "@modelcontextprotocol/conformance@0.1.16";
    @Inject
    private static Api api;

    @ParameterizedTest
    @ValueSource(strings = {"server-initialize", "ping", "tools-list", "dns-rebinding-protection"})
    void scenario_passes(String scenario) {
        ExternalTool.Result result = ExternalTool.run(List.of("npx", "-y", "-p", "node@22", "-p", PACKAGE,
                "conformance", "server", "--url", api.apiBase() + "/mcp", "--scenario", scenario), 300);
        System.out.println("conformance " + scenario + ":\n" + result.output());
        assertEquals(0, result.exit(), () -> "conformance " + scenario + " failed:\n" + result.output());
    }
}
