package dev.fanin.contract

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue

/**
 * Cancels [call] from outside once [started] have started, and checks what every form promises:
 * the call ends as [Observed.Cancelled], each of [started] saw its cancellation and has stopped.
 * Kotlin and the blocking form return only once the tasks have stopped; the future form reports its
 * cancellation at once and the tasks stop soon after (differences table: cancellation; Fanin's
 * class Javadoc: "The future reports its outcome at once, while the tasks may take a moment to stop").
 */
fun cancelFromOutside(form: Form, scenario: Scenario, call: Call, vararg started: Task): Ended {
    scenario.awaitStarted(*started)
    call.cancel()
    val ended = call.await()
    assertEquals(Observed.Cancelled, ended.observed, "$form")
    if (form != Form.FUTURE) assertEquals(emptyList<String>(), ended.unstoppedAtReturn, "$form: tasks still running when the call returned")
    assertEquals(emptyList<String>(), scenario.awaitStartedStopped(), "$form: tasks never stopped")
    started.forEach { assertTrue(it.sawCancellation, "$form: $it was not cancelled") }
    return ended
}

/** Asserts that the call ended as [expected] and that no task it started was still running when it returned. */
fun assertEnded(form: Form, expected: Observed, ended: Ended) {
    assertEquals(expected, ended.observed, "$form")
    assertEquals(emptyList<String>(), ended.unstoppedAtReturn, "$form: tasks still running when the call returned")
}
