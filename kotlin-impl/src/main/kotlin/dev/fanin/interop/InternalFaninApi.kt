package dev.fanin.interop

/**
 * Marks the bridge between Fanin's engine and its Java facade.
 *
 * The bridge is public only because the Java facade lives in another Maven module; the JPMS
 * descriptor exports it to `dev.fanin.java` alone. It may change in any release. Use `dev.fanin`
 * from Kotlin and `dev.fanin.java` from Java instead.
 *
 * @suppress
 */
@RequiresOptIn(
    level = RequiresOptIn.Level.ERROR,
    message = "Fanin's engine bridge is internal; use dev.fanin (Kotlin) or dev.fanin.java (Java).",
)
@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.PROPERTY)
public annotation class InternalFaninApi
