package dev.fanin.interop

import dev.fanin.ReturnWhen
import dev.fanin.WaitResult
import dev.fanin.internal.StageWait
import dev.fanin.internal.checkedArray
import dev.fanin.internal.named
import dev.fanin.internal.requireNotNegative
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import kotlin.time.Duration
import kotlin.time.toKotlinDuration
import java.time.Duration as JavaDuration

/**
 * The engine's wait for the Java facade. A null element throws NullPointerException naming it.
 *
 * @suppress
 */
@InternalFaninApi
public object WaitBridge {
    /** See `Fanin.waitUntil`; [timeout] null means no timeout. */
    @JvmStatic
    public fun <H : CompletionStage<*>> waitUntil(
        returnWhen: ReturnWhen,
        handles: List<H?>,
        timeout: JavaDuration?,
    ): CompletableFuture<WaitResult<H>> {
        val checked = checkedArray<CompletionStage<*>>(handles, "handles")
        require(checked.isNotEmpty()) { "handles is empty" }
        timeout?.let { requireNotNegative(it) }
        @Suppress("UNCHECKED_CAST")
        return StageWait(checked.asList() as List<H>, returnWhen)
            .start(timeout?.toKotlinDuration() ?: Duration.INFINITE)
            .named("Fanin.waitUntil", checked.size, "handle")
    }
}
