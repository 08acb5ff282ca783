package dev.fanin.internal

import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Supplier

/**
 * CompletableFuture.completeAsync for a subclass that overrides complete and completeExceptionally:
 * the JDK's own completes through a package-private method that bypasses both, so an override of
 * completeAsync routes the supplier's outcome through them with this.
 */
internal fun <T> CompletableFuture<T>.completeAsyncThroughOverrides(
    supplier: Supplier<out T>,
    executor: Executor,
): CompletableFuture<T> {
    executor.execute {
        try {
            complete(supplier.get())
        } catch (t: Throwable) {
            completeExceptionally(t)
        }
    }
    return this
}
