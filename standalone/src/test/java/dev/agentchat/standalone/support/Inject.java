package dev.agentchat.standalone.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of a {@link RunningServer} class to be set from the class's server: a static
 * field before the {@code @BeforeAll} methods run, an instance field when the instance is made.
 * The field's type picks what it gets (see {@link StandaloneServerExtension}).
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Inject {
}
