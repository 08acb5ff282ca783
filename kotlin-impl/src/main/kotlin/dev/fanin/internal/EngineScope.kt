package dev.fanin.internal

import kotlinx.coroutines.CoroutineScope
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext

/**
 * The scope Java-facing operations start their coroutines in. It has no job of its own: an
 * operation passes its parent job (usually the ambient one) when there is one, and is a root otherwise. Its
 * coroutines never fail (user exceptions travel as values), so nothing reaches an uncaught
 * exception handler.
 */
internal object EngineScope : CoroutineScope {
    override val coroutineContext: CoroutineContext = EmptyCoroutineContext
}
