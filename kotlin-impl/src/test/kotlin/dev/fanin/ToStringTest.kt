package dev.fanin

import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith
import java.util.concurrent.TimeoutException
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.seconds

/** The Kotlin handles say what they are and their state, and never list a channel's elements. */
@ExtendWith(NoLeaksExtension::class)
class ToStringTest {

    /** A select loop counts its sources and says whether a wait is in progress, without waiting for it. */
    @Test
    fun selectLoop_sourcesAndState() = runTest {
        val loop = CoroutineSelectLoop(this)
        assertEquals("CoroutineSelectLoop[0 sources, idle]", loop.toString())
        val channel = Channel<String>(1)
        loop.addReceive(channel)
        val fired = async(start = CoroutineStart.UNDISPATCHED) { loop.awaitFired() }
        assertEquals("CoroutineSelectLoop[1 source, waiting]", loop.toString())
        channel.send("a")
        fired.await()
        assertEquals("CoroutineSelectLoop[1 source, idle]", loop.toString())
        loop.closeAndJoin()
        assertEquals("CoroutineSelectLoop[1 source, closed]", loop.toString())
    }

    /** A ticker gives its period and whether it runs. */
    @Test
    fun ticker_periodAndState() = runTest {
        val ticker = CoroutineTicker(1.hours, backgroundScope)
        assertEquals("CoroutineTicker[every 1h, running]", ticker.toString())
        ticker.stop()
        assertEquals("CoroutineTicker[every 1h, stopped]", ticker.toString())
    }

    /** A work queue counts its unfinished items and never lists them. */
    @Test
    fun workQueue_unfinishedAndStateWithoutElements() = runTest {
        val queue = CoroutineWorkQueue<Any>()
        assertEquals("CoroutineWorkQueue[0 unfinished, open]", queue.toString())
        queue.send(object {
            override fun toString(): String = throw IllegalStateException("an element's toString")
        })
        assertEquals("CoroutineWorkQueue[1 unfinished, open]", queue.toString())
        queue.close()
        assertEquals("CoroutineWorkQueue[1 unfinished, closed for send]", queue.toString())
        queue.receive()
        queue.itemDone()
        assertEquals("CoroutineWorkQueue[0 unfinished, closed]", queue.toString())
    }

    /** A task group's scope gives its phase, its running tasks and its failures. */
    @Test
    fun taskGroupScope_phaseRunningAndFailures() = runTest {
        val gate = CompletableDeferred<Unit>()
        var scope: TaskGroupScope? = null
        assertThrowsSuspending<TaskGroupException> {
            taskGroup(OnFailure.KEEP_RUNNING) {
                scope = this
                assertEquals("TaskGroupScope[open, 0 running, 0 failed]", toString())
                fork { gate.await() }
                val failing = fork { throw IllegalStateException("boom") }
                runCurrent()
                assertEquals(true, failing.isCompleted)
                assertEquals("TaskGroupScope[open, 1 running, 1 failed]", toString())
                gate.complete(Unit)
            }
        }
        assertEquals("TaskGroupScope[ended, 0 running, 1 failed]", scope.toString())
    }

    /** A timeout scope gives its phase and the timeout last armed. */
    @Test
    fun timeoutScope_phaseAndTimeout() = runTest {
        var finished: TimeoutScope? = null
        timeoutScope(5.seconds) {
            finished = this
            assertEquals("TimeoutScope[active, timeout 5s]", toString())
            reschedule(10.seconds)
            assertEquals("TimeoutScope[active, timeout 10s]", toString())
        }
        assertEquals("TimeoutScope[done, timeout 10s]", finished.toString())

        var expired: TimeoutScope? = null
        assertThrowsSuspending<TimeoutException> {
            timeoutScope(1.seconds) {
                expired = this
                delay(2.seconds)
            }
        }
        assertEquals("TimeoutScope[expired, timeout 1s]", expired.toString())
    }
}
