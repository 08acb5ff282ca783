package dev.fanin.contract

import dev.fanin.Completion
import dev.fanin.RaceFailedException
import dev.fanin.firstCompleted
import dev.fanin.java.Fanin
import dev.fanin.java.FaninBlocking
import dev.fanin.race
import java.time.Duration
import kotlin.time.toKotlinDuration

/** race and firstCompleted, each written once for the three forms. */
object RaceOps {
    /** race over [tasks], all at once when [stagger] is null, else staggered. */
    fun race(tasks: List<Task>, stagger: Duration? = null): Op<Any?> = Op(
        kotlin = {
            val lambdas = tasks.map { it.suspending() }
            if (stagger == null) race(lambdas) else race(lambdas, stagger.toKotlinDuration())
        },
        future = {
            val callables = tasks.map { it.callable() }
            if (stagger == null) Fanin.race(callables) else Fanin.race(callables, stagger)
        },
        blocking = {
            val callables = tasks.map { it.callable() }
            if (stagger == null) FaninBlocking.race(callables) else FaninBlocking.race(callables, stagger)
        },
    )

    /** firstCompleted over [handles]; the completion is normalised to an [Item] naming the handle by position. */
    fun firstCompleted(handles: List<Handle>): Op<Completion<*, *>> = Op(
        kotlin = { firstCompleted(handles.map { it.deferred }) },
        future = { Fanin.firstCompleted(handles.map { it.future }) },
        blocking = { FaninBlocking.firstCompleted(handles.map { it.future }) },
        normalize = { c -> Item(c.index, handles.indexOfFirst { it.deferred === c.handle || it.future === c.handle }, c.outcome.settled()) },
    )
}

/**
 * The failures of the [RaceFailedException] a call failed with, by identity (recovery copies
 * undone), or null if it ended otherwise. Every form throws or completes with the aggregate itself,
 * unwrapped; the blocking form adds only its waiter trace, which [suppressedOf] leaves out.
 */
fun Observed.raceFailures(): List<Throwable>? {
    val failed = this as? Observed.Failed ?: return null
    val aggregate = failed.exception as? RaceFailedException ?: return null
    if (failed.suppressed.isNotEmpty()) return null
    return aggregate.failures.map(::unrecover)
}
