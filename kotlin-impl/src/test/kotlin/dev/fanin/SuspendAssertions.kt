package dev.fanin

import org.opentest4j.AssertionFailedError

/**
 * The suspending twin of JUnit's `assertThrows`: runs [block] and returns what it threw, failing
 * if it returned or threw something that is not a [T].
 *
 * Kotlin-API tests compare the type and message of what this returns, not its identity: with
 * assertions on, kotlinx's stack-trace recovery may rethrow a copy of a task's exception.
 */
internal suspend inline fun <reified T : Throwable> assertThrowsSuspending(block: suspend () -> Any?): T {
    val thrown = try {
        val value = block()
        throw AssertionFailedError("expected ${T::class.java.name} to be thrown, but the call returned $value")
    } catch (e: AssertionFailedError) {
        throw e
    } catch (t: Throwable) {
        t
    }
    if (thrown !is T) {
        throw AssertionFailedError("expected ${T::class.java.name} to be thrown, but got $thrown", thrown)
    }
    return thrown
}
