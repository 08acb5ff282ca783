package dev.fanin.internal

import dev.fanin.UncheckedTaskException

/*
 * Why a Java task's UncheckedTaskException is not its failure: the wrapper exists only to carry a
 * checked exception out of a method that cannot declare it (a FaninBlocking call, Outcome.getOrThrow,
 * Completion.value). A Callable can declare it, so a task whose code lets such a wrapper escape
 * fails with the exception inside, exactly as if it had thrown that exception itself. That keeps a
 * nested blocking call (a per-task deadline: a FaninBlocking.waitFor inside the task) from changing
 * what the outer call reports: a future fails with the inner task's own exception, an Outcome holds
 * it, a TaskGroupException lists it, and a blocking caller gets it in one UncheckedTaskException,
 * never in two, whether the inner call failed or timed out (adr/0019).
 *
 * Applied where the engine catches what a Java task's code threw (TaskRun.run),
 * and nowhere else: a future the caller passed in that fails with an UncheckedTaskException keeps
 * it, and Kotlin tasks, whose Fanin calls throw the exception as it is, are not Java code.
 */

/**
 * The failure of a Java task whose code threw [thrown]: [thrown] itself, or, for an
 * [UncheckedTaskException], the exception it carries (unwrapped again while that is one too; a
 * wrapper's cause is set when it is made, so the chain cannot loop).
 */
internal fun taskFailure(thrown: Throwable): Throwable {
    var failure = thrown
    while (failure is UncheckedTaskException) failure = failure.cause ?: return failure
    return failure
}
