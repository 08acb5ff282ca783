package dev.fanin.internal

import kotlinx.coroutines.Job
import java.util.concurrent.CompletionStage
import java.util.function.BiConsumer

/** Watches CompletionStages the caller holds; they are never cancelled by the sequence. */
internal object StageStarter : InputStarter {
    override fun start(input: Any, job: Job, done: BiConsumer<Any?, Throwable?>) {
        (input as CompletionStage<*>).whenComplete { value, exception -> done.accept(value, exception?.unwrapCompletion()) }
    }
}
