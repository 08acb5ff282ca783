package dev.fanin

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.w3c.dom.Element
import java.nio.file.Path
import javax.xml.parsers.DocumentBuilderFactory

/**
 * fanin-bom has no parent (a parent's dependencyManagement would be imported with it), so it repeats
 * the versions it promises; they must be the ones this build compiles and tests with.
 */
class BomVersionsTest {
    private val root = Path.of(System.getProperty("user.dir")).resolve("..").normalize()

    /** The BOM's version, Kotlin and kotlinx.coroutines versions equal the parent POM's. */
    @Test
    fun bom_versions_equalTheBuildsVersions() {
        val parent = pom(root.resolve("pom.xml"))
        val bom = pom(root.resolve("bom/pom.xml"))
        assertEquals(text(parent, "version"), text(bom, "version"), "version")
        for (property in listOf("kotlin.version", "coroutines.version")) {
            assertEquals(property(parent, property), property(bom, property), property)
        }
    }

    /** The BOM manages both Fanin artifacts at its own version. */
    @Test
    fun bom_managesFaninArtifacts_atItsVersion() {
        val bom = pom(root.resolve("bom/pom.xml"))
        val managed = bom.getElementsByTagName("dependency").let { nodes ->
            (0 until nodes.length).map { nodes.item(it) as Element }
                .associate { text(it, "artifactId") to text(it, "version") }
        }
        assertEquals("\${project.version}", managed["fanin-java"], "fanin-java")
        assertEquals("\${project.version}", managed["fanin-kotlin"], "fanin-kotlin")
        assertEquals("\${kotlin.version}", managed["kotlin-stdlib"], "kotlin-stdlib")
        assertEquals("\${coroutines.version}", managed["kotlinx-coroutines-core"], "kotlinx-coroutines-core")
    }

    private fun pom(path: Path): Element =
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(path.toFile()).documentElement

    /** The text of [element]'s direct child [name]. */
    private fun text(element: Element, name: String): String {
        val children = element.childNodes
        for (i in 0 until children.length) {
            val child = children.item(i)
            if (child is Element && child.tagName == name) return child.textContent.trim()
        }
        throw AssertionError("no <$name> in <${element.tagName}>")
    }

    private fun property(pom: Element, name: String): String = text(
        pom.getElementsByTagName("properties").item(0) as Element,
        name,
    )
}
