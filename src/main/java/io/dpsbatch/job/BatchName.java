package io.dpsbatch.job;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Value;

/**
 * The running job's batch name ({@value BatchJobs#BATCH} job parameter), injected into a
 * parameter of a step-scoped bean method. Spring reads {@link Value} through this
 * annotation, so every step's beans name the parameter one way.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Value("#{jobParameters['" + BatchJobs.BATCH + "']}")
public @interface BatchName {

}
