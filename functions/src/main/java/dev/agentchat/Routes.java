package dev.agentchat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketResponse;
import dev.agentchat.handler.http.AcceptHumanInviteHandler;
import dev.agentchat.handler.http.ArchiveRoomHandler;
import dev.agentchat.handler.http.BanAgentHandler;
import dev.agentchat.handler.http.CreateHumanInviteHandler;
import dev.agentchat.handler.http.CreateInviteHandler;
import dev.agentchat.handler.http.CreateRoomHandler;
import dev.agentchat.handler.http.DeleteRoomHandler;
import dev.agentchat.handler.http.DeleteWebhookHandler;
import dev.agentchat.handler.http.ExportRoomHandler;
import dev.agentchat.handler.http.GetRoomHandler;
import dev.agentchat.handler.http.GetWebhookHandler;
import dev.agentchat.handler.http.HealthHandler;
import dev.agentchat.handler.http.HeartbeatHandler;
import dev.agentchat.handler.http.KickAgentHandler;
import dev.agentchat.handler.http.LeaveAsHumanHandler;
import dev.agentchat.handler.http.LeaveRoomHandler;
import dev.agentchat.handler.http.ListBansHandler;
import dev.agentchat.handler.http.ListHumanLinksHandler;
import dev.agentchat.handler.http.ListHumansHandler;
import dev.agentchat.handler.http.ListInvitesHandler;
import dev.agentchat.handler.http.ListRoomsHandler;
import dev.agentchat.handler.http.LoginHandler;
import dev.agentchat.handler.http.LogoutHandler;
import dev.agentchat.handler.http.MeHandler;
import dev.agentchat.handler.http.OpenApiHandler;
import dev.agentchat.handler.http.PauseRoomHandler;
import dev.agentchat.handler.http.PublicJoinHandler;
import dev.agentchat.handler.http.PublicPreviewHandler;
import dev.agentchat.handler.http.PublicRoomsHandler;
import dev.agentchat.handler.http.ReadMessagesHandler;
import dev.agentchat.handler.http.RedactMessageHandler;
import dev.agentchat.handler.http.RemoveHumanHandler;
import dev.agentchat.handler.http.ResumeRoomHandler;
import dev.agentchat.handler.http.RevokeHumanLinkHandler;
import dev.agentchat.handler.http.RevokeInviteHandler;
import dev.agentchat.handler.http.SendMessageHandler;
import dev.agentchat.handler.http.SetWebhookHandler;
import dev.agentchat.handler.http.SignupHandler;
import dev.agentchat.handler.http.TestWebhookHandler;
import dev.agentchat.handler.http.UnarchiveRoomHandler;
import dev.agentchat.handler.http.UnbanAgentHandler;
import dev.agentchat.handler.http.UnmatchedRouteHandler;
import dev.agentchat.handler.http.UpdateRoomHandler;
import dev.agentchat.handler.mcp.McpHandler;
import dev.agentchat.handler.schedule.SweeperHandler;
import dev.agentchat.handler.queue.WebhookDeliveryHandler;
import dev.agentchat.handler.stream.FanOutHandler;
import dev.agentchat.handler.stream.WakeHandler;
import dev.agentchat.handler.ws.ConnectHandler;
import dev.agentchat.handler.ws.DefaultHandler;
import dev.agentchat.handler.ws.DisconnectHandler;
import dev.agentchat.handler.ws.JoinHandler;
import dev.agentchat.handler.ws.LeaveHandler;
import dev.agentchat.handler.ws.PingHandler;
import dev.agentchat.handler.ws.PongHandler;
import dev.agentchat.handler.ws.SendHandler;
import dev.agentchat.handler.ws.WatchHandler;
import dev.agentchat.http.HttpHandler;
import dev.agentchat.mcp.McpOrigins;
import dev.agentchat.store.Tables;
import dev.agentchat.wiring.Wiring;
import dev.agentchat.ws.WsOrigins;
import java.util.List;
import java.util.function.Function;

/**
 * The one route table: every HTTP (MCP included) and WebSocket route, the Lambda handler class that serves
 * it, and how to build that handler from a {@link Wiring}; plus the stream and schedule
 * handlers. The CDK stack makes one function per route from
 * it; the standalone server dispatches by it. Nothing else maps routes.
 */
public final class Routes {

    /**
     * One HTTP API route.
     *
     * @param method  HTTP method
     * @param path    path template with {@code {param}} segments, as API Gateway writes it
     * @param handler the Lambda handler class
     * @param access  what the handler touches (its IAM permissions on AWS)
     * @param callers whose credentials the handler accepts
     * @param factory builds the handler from a wiring (the standalone server, tests); Lambda calls its no-arg constructor
     */
    public record HttpRoute(String method, String path, Class<? extends HttpHandler> handler, Access access,
                            Callers callers, Function<Wiring, HttpHandler> factory) {
        /** API Gateway's route key, e.g. {@code POST /api/rooms}. */
        public String routeKey() {
            return method + " " + path;
        }
    }

    public static final List<HttpRoute> HTTP = List.of(
            new HttpRoute("GET", "/api/health", HealthHandler.class,
                    Access.NONE, Callers.PUBLIC,
                    w -> new HealthHandler()),
            // The per-address sign-up throttle keeps its cells in the limits table.
            new HttpRoute("POST", "/api/auth/signup", SignupHandler.class,
                    Access.NONE.write(Tables.USERS, Tables.LIMITS), Callers.PUBLIC,
                    w -> new SignupHandler(w.auth())),
            new HttpRoute("POST", "/api/auth/login", LoginHandler.class,
                    Access.NONE.read(Tables.USERS).write(Tables.SESSIONS, Tables.LIMITS), Callers.PUBLIC,
                    w -> new LoginHandler(w.auth())),
            new HttpRoute("POST", "/api/auth/logout", LogoutHandler.class,
                    Access.HUMAN.delete(Tables.SESSIONS).read(Tables.CONNECTIONS).and(Access.SOCKETS),
                    Callers.HUMAN,
                    w -> new LogoutHandler(w.authenticator(), w.auth())),
            new HttpRoute("GET", "/api/me", MeHandler.class,
                    Access.HUMAN, Callers.HUMAN,
                    w -> new MeHandler(w.authenticator())),
            new HttpRoute("GET", "/api/rooms", ListRoomsHandler.class,
                    Access.HUMAN.read(Tables.ROOMS, Tables.HUMANS).on(Tables.ROOMS, Access.Action.BATCH_GET),
                    Callers.HUMAN,
                    w -> new ListRoomsHandler(w.authenticator(), w.rooms())),
            new HttpRoute("POST", "/api/rooms", CreateRoomHandler.class,
                    Access.HUMAN.write(Tables.USERS, Tables.ROOMS, Tables.KEYS, Tables.HUMANS), Callers.HUMAN,
                    w -> new CreateRoomHandler(w.config(), w.authenticator(), w.rooms())),
            new HttpRoute("GET", "/api/rooms/{room}", GetRoomHandler.class,
                    Access.LIMITED_AGENT, Callers.ROOM_VIEWER,
                    w -> new GetRoomHandler(w.roomAccess(), w.rooms(), w.rateLimiter())),
            // for_human adds a human link to the invite.
            new HttpRoute("POST", "/api/rooms/{room}/invites", CreateInviteHandler.class,
                    Access.AGENT.write(Tables.HUMAN_INVITES), Callers.ROOM_ADMIN,
                    w -> new CreateInviteHandler(w.config(), w.roomAccess(), w.invites(), w.humans())),
            new HttpRoute("POST", "/api/rooms/{room}/messages", SendMessageHandler.class,
                    Access.LIMITED_AGENT.write(Tables.IDEMPOTENCY), Callers.ROOM_VIEWER,
                    w -> new SendMessageHandler(w.roomAccess(), w.messages())),
            new HttpRoute("GET", "/api/rooms/{room}/messages", ReadMessagesHandler.class,
                    Access.LIMITED_AGENT, Callers.ROOM_VIEWER,
                    w -> new ReadMessagesHandler(w.roomAccess(), w.messages(), w.rateLimiter(),
                            w.config().limits().longPollMaxSeconds(), w.search())),
            new HttpRoute("GET", "/api/rooms/{room}/export", ExportRoomHandler.class,
                    Access.LIMITED_AGENT, Callers.ROOM_RECORDS,
                    w -> new ExportRoomHandler(w.roomAccess(), w.exporter(), w.rateLimiter())),
            // Redaction also rewrites the copy of the message an idempotency record keeps for replays.
            new HttpRoute("DELETE", "/api/rooms/{room}/messages/{seq}", RedactMessageHandler.class,
                    Access.AGENT.write(Tables.IDEMPOTENCY), Callers.ROOM_ADMIN,
                    w -> new RedactMessageHandler(w.roomAccess(), w.redactor())),
            // A heartbeat's name is a rename, rate-limited.
            new HttpRoute("POST", "/api/rooms/{room}/heartbeat", HeartbeatHandler.class,
                    Access.LIMITED_AGENT, Callers.ROOM_AGENT,
                    w -> new HeartbeatHandler(w.roomAccess(), w.heartbeats(),
                            w.config().limits().agentTimeoutSeconds())),
            // An agent's own webhook (SPEC §13): stored on its key item; the test also POSTs out.
            new HttpRoute("PUT", "/api/rooms/{room}/webhook", SetWebhookHandler.class,
                    Access.AGENT, Callers.ROOM_AGENT,
                    w -> new SetWebhookHandler(w.roomAccess(), w.webhooks())),
            new HttpRoute("GET", "/api/rooms/{room}/webhook", GetWebhookHandler.class,
                    Access.AGENT, Callers.ROOM_AGENT,
                    w -> new GetWebhookHandler(w.roomAccess(), w.webhooks())),
            new HttpRoute("DELETE", "/api/rooms/{room}/webhook", DeleteWebhookHandler.class,
                    Access.AGENT, Callers.ROOM_AGENT,
                    w -> new DeleteWebhookHandler(w.roomAccess(), w.webhooks())),
            new HttpRoute("POST", "/api/rooms/{room}/webhook/test", TestWebhookHandler.class,
                    Access.AGENT, Callers.ROOM_AGENT,
                    w -> new TestWebhookHandler(w.roomAccess(), w.webhooks())),
            new HttpRoute("POST", "/api/rooms/{room}/leave", LeaveRoomHandler.class,
                    Access.AGENT.and(Access.SOCKETS), Callers.ROOM_AGENT,
                    w -> new LeaveRoomHandler(w.roomAccess(), w.realtime())),
            new HttpRoute("GET", "/api/rooms/{room}/invites", ListInvitesHandler.class,
                    Access.AGENT, Callers.ROOM_ADMIN,
                    w -> new ListInvitesHandler(w.roomAccess(), w.moderation())),
            new HttpRoute("DELETE", "/api/rooms/{room}/invites/{key_id}", RevokeInviteHandler.class,
                    Access.AGENT.and(Access.SOCKETS), Callers.ROOM_ADMIN,
                    w -> new RevokeInviteHandler(w.roomAccess(), w.moderation())),
            new HttpRoute("POST", "/api/rooms/{room}/agents/{agent}/kick", KickAgentHandler.class,
                    Access.AGENT.and(Access.SOCKETS), Callers.ROOM_ADMIN,
                    w -> new KickAgentHandler(w.roomAccess(), w.moderation())),
            new HttpRoute("POST", "/api/rooms/{room}/agents/{agent}/ban", BanAgentHandler.class,
                    Access.AGENT.and(Access.SOCKETS), Callers.ROOM_ADMIN,
                    w -> new BanAgentHandler(w.roomAccess(), w.moderation())),
            new HttpRoute("GET", "/api/rooms/{room}/bans", ListBansHandler.class,
                    Access.AGENT, Callers.ROOM_ADMIN,
                    w -> new ListBansHandler(w.roomAccess(), w.moderation())),
            new HttpRoute("DELETE", "/api/rooms/{room}/bans/{banned}", UnbanAgentHandler.class,
                    Access.AGENT, Callers.ROOM_ADMIN,
                    w -> new UnbanAgentHandler(w.roomAccess(), w.moderation())),
            new HttpRoute("POST", "/api/rooms/{room}/pause", PauseRoomHandler.class,
                    Access.ROOM_HUMAN.read(Tables.KEYS).write(Tables.ROOMS, Tables.EVENTS), Callers.ROOM_MODERATOR,
                    w -> new PauseRoomHandler(w.roomAccess(), w.loopGuard())),
            new HttpRoute("POST", "/api/rooms/{room}/resume", ResumeRoomHandler.class,
                    Access.ROOM_HUMAN.read(Tables.KEYS).write(Tables.ROOMS, Tables.EVENTS), Callers.ROOM_MODERATOR,
                    w -> new ResumeRoomHandler(w.roomAccess(), w.loopGuard())),
            new HttpRoute("POST", "/api/rooms/{room}/archive", ArchiveRoomHandler.class,
                    Access.ROOM_HUMAN.read(Tables.KEYS).write(Tables.ROOMS, Tables.EVENTS), Callers.ROOM_OWNER,
                    w -> new ArchiveRoomHandler(w.roomAccess(), w.archiver())),
            new HttpRoute("POST", "/api/rooms/{room}/unarchive", UnarchiveRoomHandler.class,
                    Access.ROOM_HUMAN.read(Tables.KEYS).write(Tables.ROOMS, Tables.EVENTS), Callers.ROOM_OWNER,
                    w -> new UnarchiveRoomHandler(w.roomAccess(), w.archiver())),
            new HttpRoute("POST", "/api/rooms/{room}/humans", CreateHumanInviteHandler.class,
                    Access.AGENT.write(Tables.HUMAN_INVITES), Callers.ROOM_OWNER,
                    w -> new CreateHumanInviteHandler(w.config(), w.roomAccess(), w.humans())),
            // SPEC §10: the owner and moderators list the room's humans; members do not.
            new HttpRoute("GET", "/api/rooms/{room}/humans", ListHumansHandler.class,
                    Access.AGENT, Callers.ROOM_MODERATOR,
                    w -> new ListHumansHandler(w.roomAccess(), w.humans())),
            // Before /humans/{user}: API Gateway prefers the literal segment, the standalone router the first match.
            new HttpRoute("DELETE", "/api/rooms/{room}/humans/me", LeaveAsHumanHandler.class,
                    Access.ROOM_HUMAN.read(Tables.KEYS, Tables.ROOMS).delete(Tables.HUMANS).and(Access.SOCKETS),
                    Callers.ROOM_HUMAN,
                    w -> new LeaveAsHumanHandler(w.roomAccess(), w.humans())),
            new HttpRoute("DELETE", "/api/rooms/{room}/humans/{user}", RemoveHumanHandler.class,
                    Access.AGENT.delete(Tables.HUMANS).and(Access.SOCKETS), Callers.ROOM_MODERATOR,
                    w -> new RemoveHumanHandler(w.roomAccess(), w.humans())),
            new HttpRoute("GET", "/api/rooms/{room}/human-links", ListHumanLinksHandler.class,
                    Access.ROOM_HUMAN.read(Tables.KEYS, Tables.ROOMS, Tables.HUMAN_INVITES), Callers.ROOM_OWNER,
                    w -> new ListHumanLinksHandler(w.roomAccess(), w.humans())),
            new HttpRoute("DELETE", "/api/rooms/{room}/human-links/{invite}", RevokeHumanLinkHandler.class,
                    Access.ROOM_HUMAN.read(Tables.KEYS, Tables.ROOMS).write(Tables.HUMAN_INVITES), Callers.ROOM_OWNER,
                    w -> new RevokeHumanLinkHandler(w.roomAccess(), w.humans())),
            // Accepting a for_human link also makes the human the agent key's principal.
            new HttpRoute("POST", "/api/humans/accept", AcceptHumanInviteHandler.class,
                    Access.ROOM_HUMAN.read(Tables.ROOMS).write(Tables.HUMAN_INVITES, Tables.HUMANS, Tables.KEYS),
                    Callers.HUMAN,
                    w -> new AcceptHumanInviteHandler(w.authenticator(), w.humans())),
            new HttpRoute("PATCH", "/api/rooms/{room}", UpdateRoomHandler.class,
                    Access.AGENT, Callers.ROOM_SETTINGS,
                    w -> new UpdateRoomHandler(w.roomAccess(), w.roomAdmin())),
            new HttpRoute("DELETE", "/api/rooms/{room}", DeleteRoomHandler.class,
                    Access.AGENT.and(Access.SOCKETS).and(Access.ROOM_DELETION),
                    Callers.ROOM_SETTINGS,
                    w -> new DeleteRoomHandler(w.roomAccess(), w.roomAdmin())),
            new HttpRoute("POST", "/api/rooms/{room}/join", PublicJoinHandler.class,
                    // The joiner's join event goes into the same transaction as its key.
                    Access.NONE.write(Tables.ROOMS, Tables.KEYS).on(Tables.EVENTS, Access.Action.PUT), Callers.PUBLIC,
                    w -> new PublicJoinHandler(w.config(), w.publicRooms())),
            new HttpRoute("GET", "/api/public-rooms", PublicRoomsHandler.class,
                    Access.NONE.read(Tables.ROOMS), Callers.PUBLIC,
                    w -> new PublicRoomsHandler(w.publicRooms())),
            new HttpRoute("GET", "/api/public-rooms/{room}/messages", PublicPreviewHandler.class,
                    Access.HUMAN.read(Tables.ROOMS, Tables.EVENTS).write(Tables.LIMITS), Callers.HUMAN,
                    w -> new PublicPreviewHandler(w.authenticator(), w.publicRooms(), w.rateLimiter())),
            new HttpRoute("GET", "/api/openapi.json", OpenApiHandler.class,
                    Access.NONE, Callers.PUBLIC,
                    w -> new OpenApiHandler(w.config())),
            // MCP tools do what the send, read, room and heartbeat routes do, so it touches what they touch.
            new HttpRoute("POST", "/api/mcp", McpHandler.class,
                    Access.LIMITED_AGENT.write(Tables.IDEMPOTENCY), Callers.AGENT,
                    w -> new McpHandler(w.authenticator(), new McpOrigins(w.config()), w.roomAccess(), w.messages(),
                            w.rooms(), w.heartbeats(), w.rateLimiter(), w.config().limits().longPollMaxSeconds(),
                            w.config().limits().agentTimeoutSeconds())));

    /**
     * One WebSocket API route, selected by {@code $request.body.type}.
     *
     * @param routeKey {@code $connect}, {@code $disconnect}, {@code $default} or a frame type
     */
    public record WsRoute(String routeKey, Class<? extends RequestHandler<APIGatewayV2WebSocketEvent,
            APIGatewayV2WebSocketResponse>> handler, Access access,
                          Function<Wiring, RequestHandler<APIGatewayV2WebSocketEvent,
                                  APIGatewayV2WebSocketResponse>> factory) {
    }

    public static final String CONNECT = "$connect";
    public static final String DISCONNECT = "$disconnect";
    public static final String DEFAULT = "$default";

    public static final List<WsRoute> WEBSOCKET = List.of(
            new WsRoute(CONNECT, ConnectHandler.class, Access.SOCKETS,
                    w -> new ConnectHandler(w.realtime(), new WsOrigins(w.config()))),
            new WsRoute(DISCONNECT, DisconnectHandler.class, Access.SOCKETS, w -> new DisconnectHandler(w.realtime())),
            new WsRoute(DEFAULT, DefaultHandler.class, Access.SOCKETS, w -> new DefaultHandler(w.realtime())),
            // A join frame's name is a rename, rate-limited.
            new WsRoute("join", JoinHandler.class, Access.SOCKETS.write(Tables.LIMITS),
                    w -> new JoinHandler(w.realtime())),
            new WsRoute("message", SendHandler.class,
                    Access.SOCKETS.and(Access.ROOM_HUMAN).write(Tables.LIMITS, Tables.IDEMPOTENCY),
                    w -> new SendHandler(w.realtime())),
            new WsRoute("watch", WatchHandler.class, Access.SOCKETS.and(Access.ROOM_HUMAN),
                    w -> new WatchHandler(w.realtime())),
            new WsRoute("leave", LeaveHandler.class, Access.SOCKETS, w -> new LeaveHandler(w.realtime())),
            new WsRoute("ping", PingHandler.class, Access.SOCKETS, w -> new PingHandler(w.realtime())),
            new WsRoute("pong", PongHandler.class, Access.SOCKETS, w -> new PongHandler(w.realtime())));

    /**
     * The HTTP API's {@code $default} route: whatever no route above matches (404, or 405 with
     * {@code Allow} where the path exists with other methods). It touches nothing.
     */
    public static final Class<UnmatchedRouteHandler> UNMATCHED_HANDLER = UnmatchedRouteHandler.class;
    public static final Access UNMATCHED_ACCESS = Access.NONE;

    /** The events table's stream consumer. */
    public static final Class<FanOutHandler> STREAM_HANDLER = FanOutHandler.class;
    public static final Access STREAM_ACCESS = Access.SOCKETS;

    /**
     * The events stream's second consumer: finds whom new events wake (SPEC §13) by reading the
     * room's keys, and sends wake jobs to the wake queue (a grant of the stack's, beside this).
     */
    public static final Class<WakeHandler> WAKE_HANDLER = WakeHandler.class;
    public static final Access WAKE_ACCESS = Access.NONE.on(Tables.KEYS, Access.Action.QUERY);

    /**
     * The wake queue's consumer: re-reads the agent's key (its webhook now), records each
     * delivery's result on it, and writes the system note when it disables a webhook.
     */
    public static final Class<WebhookDeliveryHandler> DELIVERY_HANDLER = WebhookDeliveryHandler.class;
    public static final Access DELIVERY_ACCESS = Access.NONE.write(Tables.KEYS, Tables.ROOMS, Tables.EVENTS);

    /** The scheduled sweeper; finishing an abandoned room deletion also deletes its limit cells and idempotency records. */
    public static final Class<SweeperHandler> SWEEPER_HANDLER = SweeperHandler.class;
    public static final Access SWEEPER_ACCESS = Access.SOCKETS.and(Access.ROOM_DELETION)
            // silent agents and stale sockets are found by walking their tables, abandoned
            // deletions by walking the rooms' sparse index of deletions
            .scan(Tables.KEYS, Tables.CONNECTIONS, Tables.ROOMS);

    private Routes() {
    }
}
