package dev.fanin

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import java.nio.file.Files
import java.nio.file.Path
import java.util.TreeMap
import java.util.TreeSet
import kotlin.io.path.extension
import kotlin.io.path.name
import kotlin.io.path.readBytes

/**
 * Fanin's packages are layers without cycles (docs/architecture.md, "Layers"): each compiled class
 * of this module uses only classes of its own layer and of the layers below it.
 *
 * 1. **Model** (the types both languages share, in `dev.fanin`: [MODEL_TYPES]) uses nothing else of Fanin.
 * 2. **Engine** (`dev.fanin.internal`) uses the model.
 * 3. **Kotlin API** (the rest of `dev.fanin`) uses the model and the engine.
 * 4. **Bridge** (`dev.fanin.interop`) uses all of the above.
 *
 * Read from the class files rather than the sources, so that it also sees what imports do not show:
 * same-package references (a model type calling an API function of `dev.fanin`) and fully qualified
 * names. The one exception is a sealed type naming its permitted subclasses: `TimeoutScope` permits
 * the API's implementation of it (house style rule 4), which is how the JVM closes the hierarchy,
 * not a use of it. The Java facade, a module of its own, can reach only `dev.fanin` and the bridge:
 * its module descriptor reads no other package, so it is not checked here.
 */
class LayeringTest {
    private enum class Layer(val description: String) {
        MODEL("model"),
        ENGINE("engine"),
        API("Kotlin API"),
        BRIDGE("bridge"),
    }

    /**
     * Every Fanin class refers only to its own layer and those below. A failure names each source
     * file, the class it uses and the classes compiled from it that use it.
     */
    @Test
    fun classes_referToTheirOwnOrLowerLayersOnly() {
        val offences = TreeMap<String, TreeSet<String>>()
        for (type in compiledClasses()) {
            val layer = layerOf(type.name) ?: continue
            for (reference in type.references) {
                if (!reference.startsWith(FANIN) || reference in type.permitted) continue
                val used = layerOf(reference)
                val offence = when {
                    used == null -> "uses ${dotted(reference)}, which is in no layer: add its package to LayeringTest"
                    used > layer -> "(${layer.description}) uses ${dotted(reference)} (${used.description}): the " +
                        "${layer.description} may use only ${Layer.entries.filter { it <= layer }.joinToString { it.description }}"
                    else -> continue
                }
                offences.getOrPut("${sourceOf(type)} $offence") { TreeSet() } += type.name.substringAfterLast('/')
            }
        }
        val report = offences.entries.joinToString("\n") { (offence, classes) -> "$offence [in ${classes.joinToString()}]" }
        assertEquals("", report, "classes that use a higher layer")
    }

    /** The model list names real classes, so that a renamed type cannot silently leave the model. */
    @Test
    fun modelTypes_exist() {
        val names = compiledClasses().map { it.name }.toSet()
        val missing = MODEL_TYPES.filter { "$FANIN$it" !in names }
        assertEquals(emptyList<String>(), missing, "model types named in LayeringTest that were not compiled")
        assertTrue(names.any { it.startsWith("${FANIN}internal/") } && names.any { it.startsWith("${FANIN}interop/") }) {
            "the engine and the bridge were not found among $names"
        }
    }

    private fun layerOf(name: String): Layer? {
        val rest = name.removePrefix(FANIN)
        return when {
            rest == name -> null
            rest.startsWith("internal/") -> Layer.ENGINE
            rest.startsWith("interop/") -> Layer.BRIDGE
            '/' in rest -> null // another package: this test must be told its layer
            rest.substringBefore('$') in MODEL_TYPES -> Layer.MODEL
            else -> Layer.API
        }
    }

    /** `dev/fanin/Outcome.kt`: the source file, as the class file records it, in its package's folder. */
    private fun sourceOf(type: ClassFileReferences): String =
        type.name.substringBeforeLast('/') + "/" + (type.sourceFile ?: type.name.substringAfterLast('/') + ".class")

    private fun dotted(name: String): String = name.replace('/', '.')

    private fun compiledClasses(): List<ClassFileReferences> {
        val root = Path.of(Outcome::class.java.protectionDomain.codeSource.location.toURI())
        val dir = root.resolve(FANIN)
        return Files.walk(dir).use { paths ->
            paths.filter { it.extension == "class" && it.name != "module-info.class" }
                .map { ClassFileReferences.read(it.readBytes()) }
                .toList()
        }
    }

    private companion object {
        const val FANIN = "dev/fanin/"

        /**
         * The top-level classes of the model: the types both languages share, and `-Unchecked`, the
         * file of their helpers (describeSafely, rethrowUnchecked). Nested classes go with their
         * outer class.
         */
        val MODEL_TYPES = setOf(
            "Outcome", "Completion", "WaitResult", "ReturnWhen", "OnFailure", "TaskGroupException", "RaceFailedException",
            "UncheckedTaskException", "TimeoutScope", "-Unchecked",
        )
    }
}
