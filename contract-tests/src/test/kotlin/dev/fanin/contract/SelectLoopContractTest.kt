package dev.fanin.contract

import dev.fanin.CoroutineSelectLoop
import dev.fanin.java.Channel
import dev.fanin.java.SelectLoop
import dev.fanin.testing.NoLeaksExtension
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertThrows
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Timeout
import org.junit.jupiter.api.extension.ExtendWith
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.LockSupport

/**
 * The select loop (`CoroutineSelectLoop` in Kotlin, `SelectLoop` in Java; the futures form waits with
 * `awaitFiredAsync`): one contract, three forms.
 */
@ExtendWith(NoLeaksExtension::class)
@Timeout(60)
class SelectLoopContractTest {
    /** A loop over one receive source, in the form's own shape. */
    private class Loop(form: Form, channel: Channel<String>) : AutoCloseable {
        val kotlin = if (form == Form.KOTLIN) CoroutineSelectLoop() else null
        val java = if (form == Form.KOTLIN) null else SelectLoop.open()
        private val kotlinSource = kotlin?.addReceive(channel.asKotlinChannel())
        private val javaSource = java?.addReceive(channel)

        /**
         * The next wait, in [form], as the value its receive source fired with ("valueIf"). The
         * futures form returns `awaitFiredAsync`'s own future, so that cancelling it withdraws the wait.
         */
        fun nextValue(): Op<List<*>> = Op(
            kotlin = { kotlin!!.awaitFired() },
            future = { java!!.awaitFiredAsync() },
            blocking = { java!!.awaitFired() },
            normalize = { fired ->
                when (val only = fired.single()) {
                    is CoroutineSelectLoop.Fired<*> -> only.valueIf(kotlinSource!!)
                    is SelectLoop.Fired<*> -> only.valueIf(javaSource!!).orElse(null)
                    else -> error("not a firing: $only")
                }
            },
        )

        override fun close() {
            kotlin?.close()
            java?.close()
        }
    }

    /** An element sent after a wait was cancelled goes to the next wait: the cancelled one took nothing. */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun selectLoop_waitCancelled_nextWaitGetsTheElement(form: Form) {
        val channel = Channel.buffered<String>(1)
        Loop(form, channel).use { loop ->
            val waiting = form.start(null, loop.nextValue())
            waiting.cancel()
            assertEquals(Observed.Cancelled, waiting.await().observed, "$form")
            channel.send("x")
            assertEnded(form, Observed.Value("x"), form.run(null, loop.nextValue()))
        }
    }

    /**
     * A failed firing from a source gives no value (null in Kotlin, empty in Java), as a firing from
     * another source does: the closed channel's firing reads as "no value", the loop's way to see the
     * end of a channel.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun selectLoop_channelClosed_valueIfGivesNoValue(form: Form) {
        val channel = Channel.buffered<String>(1)
        Loop(form, channel).use { loop ->
            channel.close(Boom.of("producer failed"))
            assertEnded(form, Observed.Value(null), form.run(null, loop.nextValue()))
        }
    }

    /**
     * Closing waits until the work in flight has stopped: its clean-up has run when the close returns.
     * // differences table: closing a select loop — Kotlin's close() cannot suspend; closeAndJoin() waits.
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun selectLoop_close_waitsForWorkInFlight(form: Form) {
        val started = CountDownLatch(1)
        val cleanedUp = CompletableFuture<Unit>()
        if (form == Form.KOTLIN) {
            val loop = CoroutineSelectLoop()
            loop.addWork {
                started.countDown()
                try {
                    awaitCancellation()
                } finally {
                    withContext(NonCancellable) { started.await() }
                    cleanedUp.complete(Unit)
                }
            }
            assertTrue(started.await(HANG_SECONDS, TimeUnit.SECONDS))
            runBlocking { loop.closeAndJoin() }
        } else {
            val loop = SelectLoop.open()
            loop.addWork {
                started.countDown()
                try {
                    CountDownLatch(1).await()
                } finally {
                    cleanedUp.complete(Unit)
                }
            }
            assertTrue(started.await(HANG_SECONDS, TimeUnit.SECONDS))
            loop.close()
        }
        assertTrue(cleanedUp.isDone, "$form: the work's clean-up had not run when close returned")
    }

    /**
     * A channel has at most one receive source in a loop, as it has at most one receive clause in a
     * select: a second is rejected at add with IllegalArgumentException naming the argument. The
     * same future (Kotlin: the same deferred) added twice fires on both sources, each once, from a
     * wait that has to block (it is parked, or suspended in its select, when the future completes).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun selectLoop_sameChannelTwiceRejected_sameFutureTwiceBothFire(form: Form) {
        val channel = Channel.buffered<String>(1)
        val future = CompletableFuture<String>()
        val deferred = CompletableDeferred<String>()
        val kotlin = if (form == Form.KOTLIN) CoroutineSelectLoop() else null
        val java = if (form == Form.KOTLIN) null else SelectLoop.open()
        try {
            kotlin?.addReceive(channel.asKotlinChannel())
            java?.addReceive(channel)
            val rejected = assertThrows(IllegalArgumentException::class.java) {
                kotlin?.addReceive(channel.asKotlinChannel())
                java?.addReceive(channel)
            }
            assertTrue(rejected.message!!.startsWith("channel already has a receive source in this loop"), "$form: ${rejected.message}")
            repeat(2) {
                kotlin?.addDeferred(deferred)
                java?.addFuture(future)
            }
            val bothFired = Op<List<Any?>>(
                kotlin = {
                    coroutineScope {
                        // UNDISPATCHED: runs until the wait suspends in its select, then completes.
                        val first = async(start = CoroutineStart.UNDISPATCHED) { kotlin!!.awaitFired() }
                        deferred.complete("x")
                        val fired: List<Any?> = first.await()
                        if (fired.size < 2) fired + kotlin!!.awaitFired() else fired
                    }
                },
                future = {
                    // An incomplete future from awaitFiredAsync: its wait is suspended in its select.
                    val first = java!!.awaitFiredAsync()
                    future.complete("x")
                    first.thenCompose { fired ->
                        if (fired.size < 2) java.awaitFiredAsync().thenApply { fired + it } else CompletableFuture.completedFuture(fired)
                    }
                },
                blocking = {
                    val caller = Thread.currentThread()
                    val completer = Thread({
                        awaitParkedInFanin(caller)
                        future.complete("x")
                    }, "contract-completer")
                    completer.start()
                    val fired: List<Any?> = java!!.awaitFired()
                    completer.join()
                    if (fired.size < 2) fired + java.awaitFired() else fired
                },
                normalize = { fired ->
                    fired.map {
                        when (it) {
                            is CoroutineSelectLoop.Fired<*> -> "${it.index}=${it.value()}"
                            is SelectLoop.Fired<*> -> "${it.index()}=${it.value()}"
                            else -> error("not a firing: $it")
                        }
                    }.sorted()
                },
            )
            assertEnded(form, Observed.Value(listOf("1=x", "2=x")), form.run(null, bothFired))
        } finally {
            kotlin?.close()
            java?.close()
        }
    }

    /**
     * A loop over two channels that close at different times (one before the first wait, one while
     * a wait is in progress), added with `addReceiveUntilClosed`: every element once, a normal close
     * fires nothing, and a wait returns an empty list once both have left (adr/0018).
     */
    @ParameterizedTest
    @EnumSource(Form::class)
    fun selectLoop_untilClosed_channelsCloseAtDifferentTimes_everyElementThenEmpty(form: Form) {
        val early = Channel.buffered<String>(2)
        val late = Channel.rendezvous<String>()
        early.send("e1")
        early.send("e2")
        early.close()
        val kotlin = if (form == Form.KOTLIN) CoroutineSelectLoop() else null
        val java = if (form == Form.KOTLIN) null else SelectLoop.open()
        kotlin?.addReceiveUntilClosed(early.asKotlinChannel())
        kotlin?.addReceiveUntilClosed(late.asKotlinChannel())
        java?.addReceiveUntilClosed(early)
        java?.addReceiveUntilClosed(late)
        fun values(fired: List<Any?>): List<Any?> = fired.map {
            when (it) {
                is CoroutineSelectLoop.Fired<*> -> it.value()
                is SelectLoop.Fired<*> -> it.value()
                else -> error("not a firing: $it")
            }
        }
        fun chain(received: MutableList<Any?>): CompletableFuture<List<Any?>> = java!!.awaitFiredAsync().thenCompose { fired ->
            if (fired.isEmpty()) CompletableFuture.completedFuture(received) else chain(received.apply { addAll(values(fired)) })
        }
        val untilEmpty = Op<List<Any?>>(
            kotlin = {
                val received = mutableListOf<Any?>()
                while (true) received.addAll(values(kotlin!!.awaitFired().ifEmpty { break }))
                received
            },
            future = { chain(mutableListOf()) },
            blocking = {
                val received = mutableListOf<Any?>()
                while (true) received.addAll(values(java!!.awaitFired().ifEmpty { break }))
                received
            },
            normalize = { it.map(Any?::toString).sorted() },
        )
        try {
            val call = form.start(null, untilEmpty)
            late.send("l1") // a rendezvous: returns once a wait has taken it
            late.close()
            assertEnded(form, Observed.Value(listOf("e1", "e2", "l1")), call.await())
        } finally {
            kotlin?.close()
            java?.close()
        }
    }

    /** Waits (bounded, without sleeping) until [thread] is parked in Fanin's code. */
    private fun awaitParkedInFanin(thread: Thread) {
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS)
        while (System.nanoTime() < deadline) {
            val state = thread.state
            if ((state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) &&
                LockSupport.getBlocker(thread)?.javaClass?.name?.startsWith("dev.fanin.") == true
            ) {
                return
            }
            Thread.yield()
        }
        throw AssertionError("${thread.name} did not park within $HANG_SECONDS s")
    }
}
