package io.dpsbatch.emulator;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test of the class (or the one method) a running embedded DPS emulator:
 * declare a {@link DpsEmulator} parameter on the test or a {@code @BeforeEach} method.
 * The emulator is started on the first such parameter, in a state folder of its own, and
 * closed when the test ends.
 * <p>
 * Tests get fast settings unless they say otherwise: devices assigned after 100 ms,
 * {@code Retry-After} 1 (DPS says 3) and no registration quota. {@link #value} adds or
 * replaces {@code emulator.*} settings, as {@code "name=value"} with or without the
 * {@code emulator.} prefix; a method's settings apply on top of its class's.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(EmulatorExtension.class)
public @interface WithEmulator {

	/** {@code emulator.*} settings, for example {@code "assignment-delay=0ms"}. */
	String[] value() default {};

}
