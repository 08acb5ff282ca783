package dev.fanin.internal

import kotlinx.coroutines.Job
import java.util.concurrent.ConcurrentHashMap

/*
 * Task groups a Fanin task opened (TaskGroup.open() in Java) and has not joined or closed yet,
 * keyed by the task's job. Only the thread that opened a group may join or close it, so a task
 * that returns with one still open has left it for ever: its job, a child of the task's, would
 * keep the task, and the call that waits for the task, waiting silently. When the task's code
 * returns, the task closes what it left open instead (cancels it; the task's job then waits for
 * the group's tasks to stop) and fails with an IllegalStateException saying so (adr/0015).
 *
 * Groups opened outside Fanin tasks have no job to key them and are not tracked. Registration and
 * removal cost a map operation per TaskGroup.open; every task's end costs one isEmpty() read when
 * no group is open anywhere.
 */
internal object UnclosedGroups {
    /** Open groups by the job of the task that opened them; each list is used by that task's thread only. */
    private val open = ConcurrentHashMap<Job, ArrayList<GroupCore>>()

    /** Records that the task whose job is [owner] opened [group]. */
    fun opened(owner: Job, group: GroupCore) {
        open.compute(owner) { _, groups -> (groups ?: ArrayList(2)).apply { add(group) } }
    }

    /** Records that [group], opened by the task whose job is [owner], was joined or closed. */
    fun joined(owner: Job, group: GroupCore) {
        open.computeIfPresent(owner) { _, groups -> groups.apply { remove(group) }.takeUnless { it.isEmpty() } }
    }

    /**
     * Called when the code of the task whose job is [owner] has returned or thrown: cancels every
     * group it left open and returns the exception that reports them, or null if there were none.
     */
    fun closeLeftOpen(owner: Job): IllegalStateException? {
        if (open.isEmpty()) return null
        val left = open.remove(owner) ?: return null
        left.forEach { it.cancel() }
        return IllegalStateException(
            "${left.size} TaskGroup(s) opened by this task were not closed when it returned; Fanin " +
                "cancelled them (close a group before the task returns: use try-with-resources)",
        )
    }
}
