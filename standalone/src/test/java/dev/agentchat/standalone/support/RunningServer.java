package dev.agentchat.standalone.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test class against one standalone server of its own on 127.0.0.1, port 0, over an
 * in-memory DynamoDB Local: started before the class's {@code @BeforeAll} methods, stopped after
 * its {@code @AfterAll} methods. Fields marked {@link Inject} and parameters of the types
 * {@link StandaloneServerExtension} knows are filled in from it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(StandaloneServerExtension.class)
public @interface RunningServer {
    /**
     * Settings on top of {@link StandaloneServerExtension#generousEnv()}, each {@code NAME=value}
     * (a later entry wins): the limits a class needs to meet, sweep and timeout periods.
     */
    String[] env() default {};
}
