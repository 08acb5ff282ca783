/**
 * Helpers of the Java facade shared by its classes. Not API: this package is not exported.
 */
@NullMarked
package dev.fanin.java.internal;

import org.jspecify.annotations.NullMarked;
