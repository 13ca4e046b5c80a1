package io.nearline.common.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a configuration field means, in a sentence an operator understands; the API's
 * description ({@code /api/openapi.json}) shows it for every field of every request and
 * answer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Describe {
  String value();
}
