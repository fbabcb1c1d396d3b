package org.tilewright.jni;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.bytedeco.javacpp.annotation.Adapter;

/**
 * A {@code std::string} of UTF-8 seen from Java as a {@code String}; always paired with
 * {@code @AsUtf16}, so it crosses JNI as UTF-16 through {@code tilewright::JavaStringAdapter}.
 * Used instead of {@code @StdString}, whose byte-array path segfaults when the Java heap is
 * exhausted (see {@code java_string_adapter.h}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.PARAMETER})
@Adapter("tilewright::JavaStringAdapter")
public @interface JavaString {}
