package dev.fanin.internal

import kotlinx.coroutines.Job
import java.util.concurrent.CompletionStage

/** Watches CompletionStages the caller holds; they are never cancelled by the sequence. */
internal object StageStarter : InputStarter {
    override fun start(index: Int, input: Any, job: Job, arrivals: Arrivals) {
        (input as CompletionStage<*>).whenDone { value, exception ->
            arrivals.arrived(index, input, value, exception?.unwrapCompletion())
        }
    }
}
