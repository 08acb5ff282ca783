package dev.fanin.internal

import java.lang.invoke.MethodHandle
import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType

/** Whether a thread is virtual; looked up once, because the library is compiled for release 17. */
internal object VirtualThreads {
    private val isVirtual: MethodHandle? = try {
        MethodHandles.publicLookup().findVirtual(
            Thread::class.java,
            "isVirtual",
            MethodType.methodType(Boolean::class.javaPrimitiveType),
        )
    } catch (_: ReflectiveOperationException) {
        null
    }

    /** Whether the current thread is a virtual thread; false before JDK 21. */
    fun current(): Boolean = isVirtual != null && isVirtual.invoke(Thread.currentThread()) as Boolean
}
