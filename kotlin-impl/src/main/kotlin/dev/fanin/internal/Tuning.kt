package dev.fanin.internal

/*
 * Every tuning constant of the engine, in one place. Each trades something (a core's time while
 * spinning, memory) for speed or for a memory bound; docs/benchmarks.md ("What each optimization
 * buys") shows what each buys with a benchmark row measured with and without it. Each can be
 * overridden with the system property named beside it, read once when this class initialises:
 * that is for measuring, not for production tuning (the defaults are what is tested).
 */
internal object Tuning {
    /**
     * `fanin.handoffSpins` (128, about a microsecond): how many times a thread waiting for another
     * thread's next few instructions spins before it parks (HandoffWait.kt). These waits happen only
     * when a cancellation races a completion, so no benchmark row prices the spin; it stays because
     * the waker may run on a thread a model checker does not schedule (Lincheck's
     * SelectLoopLincheckTest hangs without it, the waker being a kotlinx thread).
     */
    @JvmField
    val HANDOFF_SPINS: Int = spins("fanin.handoffSpins", 128)

    /**
     * `fanin.platformWaitSpins` (512, about 8 µs): spins of a platform thread about to wait on a
     * channel or a select before it parks. A platform thread's park and unpark cost microseconds, so
     * a peer arriving within that time is met without either (ParkedCall).
     */
    @JvmField
    val PLATFORM_WAIT_SPINS: Int = spins("fanin.platformWaitSpins", 512)

    /**
     * `fanin.virtualRendezvousSpins` (128, about 2 µs): spins of a virtual thread about to wait on a
     * rendezvous channel. On a buffered channel a virtual thread does not spin: parking lets the peer
     * fill or drain the buffer in a batch, and a spin holds a carrier.
     */
    @JvmField
    val VIRTUAL_RENDEZVOUS_SPINS: Int = spins("fanin.virtualRendezvousSpins", 128)

    /**
     * `fanin.virtualSelectSpins` (64): spins of a virtual thread about to wait in a select, whose
     * clauses may be of any kind.
     */
    @JvmField
    val VIRTUAL_SELECT_SPINS: Int = spins("fanin.virtualSelectSpins", 64)

    private fun spins(property: String, default: Int): Int = Integer.getInteger(property, default).coerceAtLeast(0)
}
