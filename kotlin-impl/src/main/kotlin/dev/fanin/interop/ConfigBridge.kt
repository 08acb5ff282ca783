package dev.fanin.interop

import dev.fanin.internal.TaskConfig
import java.util.concurrent.Callable
import java.util.concurrent.Executor
import java.util.function.UnaryOperator

/**
 * The process-wide settings of Java tasks, for the Java facade's `FaninConfig`.
 *
 * @suppress
 */
@InternalFaninApi
public object ConfigBridge {
    /** See `FaninConfig.setDefaultExecutor`. */
    @JvmStatic
    public fun setDefaultExecutor(executor: Executor) {
        TaskConfig.setExecutor(executor)
    }

    /** See `FaninConfig.setTaskDecorator`. */
    @JvmStatic
    public fun setTaskDecorator(decorator: UnaryOperator<Callable<*>>) {
        TaskConfig.setDecorator(decorator)
    }
}
