package dev.fanin.internal

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Job
import java.util.concurrent.Callable
import java.util.concurrent.CompletionStage
import java.util.function.BiConsumer

/** Starts Java Callables as Fanin tasks on [dispatcher], children of the sequence's job. */
internal class CallableStarter(private val dispatcher: CoroutineDispatcher) : InputStarter {
    override fun start(input: Any, job: Job, done: BiConsumer<Any?, Throwable?>) {
        val task = input as Callable<*>
        startJobFuture<Any?>(dispatcher, job) { runBlockingTask(task) }.whenComplete(done)
    }
}

/** Watches CompletionStages the caller holds; they are never cancelled by the sequence. */
internal object StageStarter : InputStarter {
    override fun start(input: Any, job: Job, done: BiConsumer<Any?, Throwable?>) {
        (input as CompletionStage<*>).whenComplete { value, exception -> done.accept(value, exception?.unwrapCompletion()) }
    }
}
