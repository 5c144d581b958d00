package dev.agentchat.standalone.fuzz;

import dev.agentchat.Routes;
import dev.agentchat.Routes.HttpRoute;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentchat.handler.http.BanAgentHandler;
import dev.agentchat.handler.http.CreateInviteHandler;
import dev.agentchat.handler.http.CreateRoomHandler;
import dev.agentchat.handler.http.HeartbeatHandler;
import dev.agentchat.handler.http.LoginHandler;
import dev.agentchat.handler.http.LogoutHandler;
import dev.agentchat.handler.http.PublicJoinHandler;
import dev.agentchat.handler.http.SendMessageHandler;
import dev.agentchat.handler.http.SignupHandler;
import dev.agentchat.handler.http.UpdateRoomHandler;
import dev.agentchat.handler.mcp.McpHandler;
import dev.agentchat.standalone.fuzz.FuzzTarget.Auth;
import dev.agentchat.standalone.fuzz.FuzzTarget.Fixture;
import dev.agentchat.standalone.support.Api;
import dev.agentchat.standalone.support.RunningServer;
import dev.agentchat.standalone.support.ServerUnderTest;
import dev.agentchat.standalone.support.StoredState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property-based fuzzing of the REST API over real HTTP (issue #7): arbitrary bodies on every
 * route of {@link Routes#HTTP}, arbitrary query parameters on the read route, arbitrary path
 * segments wherever a route takes one. Whatever comes in: never a 5xx, every 4xx in the
 * contract's error shape, and a refused request leaves every table as it was.
 *
 * <p>Each try gets a room of its own on one shared server, and tries are bounded to keep the
 * class well under a minute; seeds are fixed (see {@link FuzzTries}).
 */
@RunningServer(env = {FuzzTarget.ROOMS_FOR_EVERY_TRY, FuzzTarget.NO_SWEEPS})
class HttpFuzzTest {
    private static final Pattern PARAM = Pattern.compile("\\{([a-z_]+)}");
    /** A wait the server would honour (1–25 s) turns a fuzz try into a long-poll: not what is tested here. */
    private static final Pattern HONOURED_WAIT = Pattern.compile("\\s*\\+?0*([1-9]|1[0-9]|2[0-5])\\s*");
    private static final List<String> READ_PARAMS = List.of("after_seq", "since", "before_seq", "limit", "wait");

    private static FuzzTarget target;

    record BodyTry(HttpRoute route, byte[] body, Auth auth, boolean claimed) {
    }

    record QueryTry(String query, Auth auth, boolean claimed) {
    }

    /** A route with some of its path parameters replaced: a null segment keeps the fixture's real id. */
    record PathTry(HttpRoute route, List<String> segments, Auth auth, boolean claimed) {
    }

    @BeforeAll
    static void start(ServerUnderTest server) {
        target = new FuzzTarget(server);
    }

    @TestFactory
    Stream<DynamicTest> anyBody_onEveryRoute_isNeverA5xxAndRefusalsStoreNothing() {
        return FuzzTries.tries("anyBody", 7041962315L, 45,
                random -> new BodyTry(FuzzInputs.pick(random, Routes.HTTP), FuzzInputs.body(random), auth(random),
                        random.nextBoolean()),
                t -> t.route().routeKey() + " as " + t.auth() + (t.claimed() ? "+claimed" : "") + ": "
                        + FuzzInputs.summary(t.body(), 60),
                t -> {
                    Fixture fixture = target.fixture(t.claimed());
                    StoredState.Snapshot before = target.stored();
                    Api.Res res = target.api.requestBytes(t.route().method(), fixture.path(t.route()),
                            fixture.bearer(t.auth()), t.body());
                    FuzzTarget.assertHandled(res, before, target.stored(), t.route().routeKey() + " as " + t.auth()
                            + " body " + FuzzInputs.summary(t.body(), 400));
                    if (t.route().handler() == LogoutHandler.class && t.auth() == Auth.OWNER && res.status() < 300) {
                        target.sessionEnded();
                    }
                });
    }

    /** The routes whose handlers read a JSON body (the others never look at one). */
    private static final List<Class<?>> READ_A_BODY = List.of(SignupHandler.class, LoginHandler.class,
            CreateRoomHandler.class, CreateInviteHandler.class, SendMessageHandler.class, HeartbeatHandler.class,
            UpdateRoomHandler.class, PublicJoinHandler.class, BanAgentHandler.class, McpHandler.class);

    @TestFactory
    Stream<DynamicTest> anyAlteringJson_onEveryRouteThatReadsABody_isNeverAcceptedAndStoresNothing() {
        List<HttpRoute> reading = Routes.HTTP.stream().filter(r -> READ_A_BODY.contains(r.handler())).toList();
        return FuzzTries.tries("anyAlteringJson", 9077310245L, 30,
                random -> new BodyTry(FuzzInputs.pick(random, reading), FuzzInputs.malformedObject(random), auth(random),
                        random.nextBoolean()),
                t -> t.route().routeKey() + " as " + t.auth() + (t.claimed() ? "+claimed" : "") + ": "
                        + FuzzInputs.summary(t.body(), 60),
                t -> {
                    Fixture fixture = target.fixture(t.claimed());
                    StoredState.Snapshot before = target.stored();
                    Api.Res res = target.api.requestBytes(t.route().method(), fixture.path(t.route()),
                            fixture.bearer(t.auth()), t.body());
                    String shown = t.route().routeKey() + " as " + t.auth() + " body " + FuzzInputs.summary(t.body(), 400);
                    assertTrue(res.status() >= 400, () -> "accepted " + shown + ": " + res);
                    FuzzTarget.assertHandled(res, before, target.stored(), shown);
                });
    }

    @TestFactory
    Stream<DynamicTest> anyQuery_onTheReadRoute_isNeverA5xxAndRefusalsStoreNothing() {
        return FuzzTries.tries("anyQuery", 1820573994L, 30,
                random -> new QueryTry(query(random), auth(random), random.nextBoolean()),
                t -> "read as " + t.auth() + (t.claimed() ? "+claimed" : "") + " ?" + FuzzInputs.summary(t.query(), 60),
                t -> {
                    Fixture fixture = target.fixture(t.claimed());
                    StoredState.Snapshot before = target.stored();
                    Api.Res res = target.api.read(fixture.roomId(), fixture.bearer(t.auth()), t.query());
                    FuzzTarget.assertHandled(res, before, target.stored(), "read as " + t.auth() + " ?" + t.query());
                });
    }

    @TestFactory
    Stream<DynamicTest> anyPathSegment_onEveryRouteWithParameters_isNeverA5xxAndRefusalsStoreNothing() {
        List<HttpRoute> withParameters = Routes.HTTP.stream().filter(r -> r.path().contains("{")).toList();
        return FuzzTries.tries("anyPathSegment", 5519060127L, 35,
                random -> new PathTry(FuzzInputs.pick(random, withParameters), segments(random), auth(random),
                        random.nextBoolean()),
                t -> t.route().routeKey() + " as " + t.auth() + " with " + FuzzInputs.summary(
                        String.valueOf(t.segments()), 60),
                t -> {
                    Fixture fixture = target.fixture(t.claimed());
                    String path = path(t, fixture);
                    StoredState.Snapshot before = target.stored();
                    Api.Res res = target.api.requestBytes(t.route().method(), path, fixture.bearer(t.auth()),
                            new byte[0]);
                    FuzzTarget.assertHandled(res, before, target.stored(), t.route().method() + " " + path + " as "
                            + t.auth());
                });
    }

    private static Auth auth(Random random) {
        return FuzzInputs.pick(random, Arrays.asList(Auth.values()));
    }

    /** The route's path with the first parameters replaced by the try's segments, in order. */
    private static String path(PathTry t, Fixture fixture) {
        Matcher params = PARAM.matcher(t.route().path().substring("/api".length()));
        StringBuilder path = new StringBuilder();
        int i = 0;
        while (params.find()) {
            String fuzzed = i < t.segments().size() ? t.segments().get(i) : null;
            params.appendReplacement(path, Matcher.quoteReplacement(fuzzed == null ? fixture.real(params.group(1)) : fuzzed));
            i++;
        }
        params.appendTail(path);
        return path.toString();
    }

    /** One or two segments, at least one of them fuzzed. */
    private static List<String> segments(Random random) {
        List<String> segments = new ArrayList<>();
        segments.add(FuzzInputs.pathSegment(random));
        if (random.nextBoolean()) {
            segments.add(random.nextInt(4) == 0 ? null : FuzzInputs.pathSegment(random));
            if (random.nextBoolean()) {
                segments.set(0, null);
            }
        }
        return segments;
    }

    /** Up to four parameters, mostly the read route's own names, never an honoured long-poll wait. */
    private static String query(Random random) {
        List<String> pairs = new ArrayList<>();
        for (int i = random.nextInt(5); i > 0; i--) {
            String name = random.nextInt(7) < 6 ? FuzzInputs.pick(random, READ_PARAMS) : Api.enc(FuzzInputs.text(random));
            String value = FuzzInputs.queryValue(random);
            if (name.equals("wait") && HONOURED_WAIT.matcher(decodeLoosely(value)).matches()) {
                value = "0";
            }
            pairs.add(name + "=" + value);
        }
        return String.join("&", pairs);
    }

    /** Decodes percent-escapes the way the server does, for the wait check only (bad escapes stay). */
    private static String decodeLoosely(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }
}
