package dev.agentchat;

import dev.agentchat.config.Services;
import dev.agentchat.handler.http.CreateInviteHandler;
import dev.agentchat.handler.http.CreateRoomHandler;
import dev.agentchat.handler.http.GetRoomHandler;
import dev.agentchat.handler.http.HealthHandler;
import dev.agentchat.handler.http.HeartbeatHandler;
import dev.agentchat.handler.http.ListRoomsHandler;
import dev.agentchat.handler.http.LoginHandler;
import dev.agentchat.handler.http.LogoutHandler;
import dev.agentchat.handler.http.MeHandler;
import dev.agentchat.handler.http.ReadMessagesHandler;
import dev.agentchat.handler.http.SendMessageHandler;
import dev.agentchat.handler.http.SignupHandler;
import dev.agentchat.http.HttpHandler;
import java.util.List;
import java.util.function.Function;

/**
 * The one route table: every HTTP route, the Lambda handler class that serves it, and how to
 * build that handler around given services. The CDK stack makes one function per route from
 * it; the standalone server dispatches by it. Nothing else maps routes.
 */
public final class Routes {

    /**
     * One HTTP API route.
     *
     * @param method  HTTP method
     * @param path    path template with {@code {param}} segments, as API Gateway writes it
     * @param handler the Lambda handler class
     * @param factory builds the handler around the given services (the standalone server and tests)
     */
    public record HttpRoute(String method, String path, Class<? extends HttpHandler> handler,
                            Function<Services, HttpHandler> factory) {
        /** API Gateway's route key, e.g. {@code POST /api/rooms}. */
        public String routeKey() {
            return method + " " + path;
        }
    }

    public static final List<HttpRoute> HTTP = List.of(
            new HttpRoute("GET", "/api/health", HealthHandler.class, s -> new HealthHandler()),
            new HttpRoute("POST", "/api/auth/signup", SignupHandler.class, SignupHandler::new),
            new HttpRoute("POST", "/api/auth/login", LoginHandler.class, LoginHandler::new),
            new HttpRoute("POST", "/api/auth/logout", LogoutHandler.class, LogoutHandler::new),
            new HttpRoute("GET", "/api/me", MeHandler.class, MeHandler::new),
            new HttpRoute("GET", "/api/rooms", ListRoomsHandler.class, ListRoomsHandler::new),
            new HttpRoute("POST", "/api/rooms", CreateRoomHandler.class, CreateRoomHandler::new),
            new HttpRoute("GET", "/api/rooms/{room}", GetRoomHandler.class, GetRoomHandler::new),
            new HttpRoute("POST", "/api/rooms/{room}/invites", CreateInviteHandler.class, CreateInviteHandler::new),
            new HttpRoute("POST", "/api/rooms/{room}/messages", SendMessageHandler.class, SendMessageHandler::new),
            new HttpRoute("GET", "/api/rooms/{room}/messages", ReadMessagesHandler.class, ReadMessagesHandler::new),
            new HttpRoute("POST", "/api/rooms/{room}/heartbeat", HeartbeatHandler.class, HeartbeatHandler::new));

    private Routes() {
    }
}
