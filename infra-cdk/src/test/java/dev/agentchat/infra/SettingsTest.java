package dev.agentchat.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaultLambdaJar_isTheShadedJarOfThisVersionBesideThisModule() {
        String jar = Settings.defaultLambdaJar().toString().replace('\\', '/');
        assertTrue(jar.matches("\\.\\./functions/target/agentchat-functions-[0-9][^$]*-lambda\\.jar"), jar);
    }

    @Test
    void from_whenTheJarIsMissing_saysHowToBuildIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Settings.from(Map.of(Settings.LAMBDA_JAR, dir.resolve("nope.jar").toString())::get));
        assertTrue(e.getMessage().contains("nope.jar") && e.getMessage().contains("mvn"), e.getMessage());
    }

    @Test
    void from_readsEveryOption() throws IOException {
        Path jar = Files.writeString(dir.resolve("fn.jar"), "x");
        Map<String, Object> context = new HashMap<>();
        context.put(Settings.LAMBDA_JAR, jar.toString());
        context.put(Settings.WEB_DIR, dir.toString());
        context.put(Settings.RETAIN_DATA, "false");
        context.put(Settings.EXTRA_WEB_ORIGINS, "http://localhost:8080, https://chat.example.com");
        context.put(Settings.ALARM_EMAIL, "ops@example.com");
        context.put(Settings.RESERVE_CONCURRENCY, "false");
        Settings settings = Settings.from(context::get);
        assertEquals(java.util.Optional.of("ops@example.com"), settings.alarmEmail());
        assertEquals(false, settings.reserveConcurrency());
        assertEquals(jar, settings.lambdaJar());
        assertEquals(dir, settings.webDir());
        assertEquals(false, settings.retainData());
        assertEquals(List.of("http://localhost:8080", "https://chat.example.com"), settings.extraWebOrigins());
    }

    @Test
    void from_whenRetainDataIsNotABoolean_namesTheSetting() throws IOException {
        Path jar = Files.writeString(dir.resolve("fn.jar"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Settings.from(
                Map.<String, Object>of(Settings.LAMBDA_JAR, jar.toString(), Settings.RETAIN_DATA, "yes")::get));
        assertTrue(e.getMessage().contains(Settings.RETAIN_DATA) && e.getMessage().contains("yes"), e.getMessage());
    }

    @Test
    void from_whenAnOriginHasAPath_refusesIt() throws IOException {
        Path jar = Files.writeString(dir.resolve("fn.jar"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Settings.from(
                Map.<String, Object>of(Settings.LAMBDA_JAR, jar.toString(),
                        Settings.EXTRA_WEB_ORIGINS, "https://example.com/app")::get));
        assertTrue(e.getMessage().contains("https://example.com/app"), e.getMessage());
    }

    @Test
    void from_withoutAlarmOptions_mailsNobody_andReservesConcurrency() throws IOException {
        Path jar = Files.writeString(dir.resolve("fn.jar"), "x");
        Settings settings = Settings.from(Map.<String, Object>of(Settings.LAMBDA_JAR, jar.toString())::get);
        assertEquals(java.util.Optional.empty(), settings.alarmEmail());
        assertEquals(true, settings.reserveConcurrency());
    }

    @Test
    void from_whenTheAlarmEmailIsNoAddress_refusesIt() throws IOException {
        Path jar = Files.writeString(dir.resolve("fn.jar"), "x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Settings.from(
                Map.<String, Object>of(Settings.LAMBDA_JAR, jar.toString(), Settings.ALARM_EMAIL, "ops at example")::get));
        assertTrue(e.getMessage().contains(Settings.ALARM_EMAIL), e.getMessage());
    }
}
