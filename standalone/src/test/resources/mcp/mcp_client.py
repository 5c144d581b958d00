"""Drives AgentChat's MCP endpoint with the official Python MCP client (the `mcp` package).

Run by McpClientTest: `python3 mcp_client.py URL KEY`. Prints one JSON object per line (each a
step's outcome) and reads a line from stdin where the test must act (send a REST message) while
a tool call long-polls. Exit code 0 when every step ran; assertions are the test's.
"""
import asyncio
import json
import sys
import time

from mcp import ClientSession
from mcp.client.streamable_http import create_mcp_http_client, streamable_http_client


def emit(step, **fields):
    print(json.dumps({"step": step, **fields}), flush=True)


def attr(obj, snake, camel):
    """The SDK's field: snake_case in mcp 2.x, camelCase in 1.x."""
    return getattr(obj, snake) if hasattr(obj, snake) else getattr(obj, camel)


def result_fields(result):
    texts = [c.text for c in result.content if getattr(c, "type", None) == "text"]
    return {"is_error": bool(attr(result, "is_error", "isError")), "text": "\n".join(texts),
            "structured": attr(result, "structured_content", "structuredContent")}


async def main(url, key):
    http = create_mcp_http_client(headers={"Authorization": "Bearer " + key})
    async with http:
        async with streamable_http_client(url, http_client=http) as streams:
            read_stream, write_stream = streams[0], streams[1]
            async with ClientSession(read_stream, write_stream) as session:
                init = await session.initialize()
                emit("initialize", protocol=attr(init, "protocol_version", "protocolVersion"),
                     server=attr(init, "server_info", "serverInfo").name,
                     tools=init.capabilities.tools is not None)

                tools = await session.list_tools()
                emit("tools", names=sorted(t.name for t in tools.tools),
                     schemas={t.name: attr(t, "input_schema", "inputSchema") for t in tools.tools})

                sent = await session.call_tool("send_message", {"content": "Hello over MCP", "idempotency_key": "mcp-1"})
                emit("send", **result_fields(sent))
                again = await session.call_tool("send_message", {"content": "Hello over MCP", "idempotency_key": "mcp-1"})
                emit("send_again", **result_fields(again))

                latest = await session.call_tool("read_messages", {})
                emit("read", **result_fields(latest))
                after = attr(latest, "structured_content", "structuredContent")["next_seq"]

                emit("waiting", after_seq=after)
                sys.stdin.readline()  # the test sends its REST message once this long-poll is under way
                started = time.monotonic()
                woke = await session.call_tool("read_messages", {"after_seq": after, "wait_seconds": 20})
                emit("woke", seconds=round(time.monotonic() - started, 2), **result_fields(woke))

                info = await session.call_tool("room_info", {})
                emit("room_info", **result_fields(info))
                beat = await session.call_tool("heartbeat", {})
                emit("heartbeat", **result_fields(beat))

                bad = await session.call_tool("send_message", {})
                emit("bad_send", **result_fields(bad))
                too_long = await session.call_tool("read_messages", {"wait_seconds": 99})
                emit("bad_wait", **result_fields(too_long))
                try:
                    await session.call_tool("no_such_tool", {})
                    emit("unknown_tool", error=None)
                except Exception as e:  # the SDK raises McpError for a JSON-RPC error
                    emit("unknown_tool", error=str(e))

                emit("revoke_me")
                sys.stdin.readline()  # the test revokes this key now
                revoked = await session.call_tool("send_message", {"content": "after revocation"})
                emit("revoked", **result_fields(revoked))
                emit("done")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
