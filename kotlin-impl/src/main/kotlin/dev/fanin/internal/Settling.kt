package dev.fanin.internal

import dev.fanin.Outcome
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive

/** How this deferred ended, as an [Outcome]; throws only if the caller is cancelled. */
internal suspend fun <T> Deferred<T>.settle(): Outcome<T> {
    // join() throws only for the caller's own cancellation; after it, await() cannot suspend.
    join()
    return try {
        Outcome.Success(await())
    } catch (e: CancellationException) {
        Outcome.Cancelled(e)
    } catch (e: Throwable) {
        Outcome.Failure(e)
    }
}

/** Runs [task] and returns how it ended; throws only if the caller is cancelled. */
internal suspend fun <T> settle(task: suspend () -> T): Outcome<T> = try {
    Outcome.Success(task())
} catch (e: CancellationException) {
    currentCoroutineContext().ensureActive()
    Outcome.Cancelled(e)
} catch (e: Throwable) {
    Outcome.Failure(e)
}
