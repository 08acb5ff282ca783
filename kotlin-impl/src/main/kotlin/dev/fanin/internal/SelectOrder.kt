package dev.fanin.internal

/**
 * The order a select registers its [size] clauses in: listed order when [nextInt] is null (biased:
 * the first ready clause listed wins), else a uniformly random permutation (Fisher-Yates) drawn with
 * [nextInt], which returns a value in `[0, bound)`. Registering in a random order is how an unbiased
 * select picks uniformly among the clauses ready at once (adr/0009).
 */
internal fun selectOrder(size: Int, nextInt: ((bound: Int) -> Int)?): IntArray {
    val order = IntArray(size) { it }
    if (nextInt != null) {
        for (i in size - 1 downTo 1) {
            val j = nextInt(i + 1)
            val swap = order[i]
            order[i] = order[j]
            order[j] = swap
        }
    }
    return order
}
