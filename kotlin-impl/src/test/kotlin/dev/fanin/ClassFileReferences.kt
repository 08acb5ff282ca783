package dev.fanin

import java.io.ByteArrayInputStream
import java.io.DataInputStream

/**
 * What one compiled class refers to, read from its class file: [name] and [references] are internal
 * names (`dev/fanin/Outcome$Failure`); [sourceFile] is the file it was compiled from, if recorded.
 * [permitted] are the subclasses a sealed type names in its `PermittedSubclasses` attribute.
 */
internal class ClassFileReferences(
    val name: String,
    val sourceFile: String?,
    val references: Set<String>,
    val permitted: Set<String>,
) {
    companion object {
        /** A class name inside a descriptor or generic signature: `Ldev/fanin/Outcome;` or `...<`. */
        private val IN_DESCRIPTOR = Regex("L([^;<>()\\[]+)[;<]")

        /**
         * Reads [bytes], a class file (JVMS chapter 4), by hand: Java 17 has no class-file API. Every
         * class the constant pool names counts (superclasses, fields, calls, nested classes), and so
         * does every class in a descriptor or signature (parameter and return types).
         */
        fun read(bytes: ByteArray): ClassFileReferences {
            val input = DataInputStream(ByteArrayInputStream(bytes))
            check(input.readInt() == 0xCAFEBABE.toInt()) { "not a class file" }
            input.skipBytes(4) // minor and major version
            val count = input.readUnsignedShort()
            val utf8 = arrayOfNulls<String>(count)
            val classIndex = IntArray(count) { -1 }
            var i = 1
            while (i < count) {
                when (val tag = input.readUnsignedByte()) {
                    1 -> utf8[i] = input.readUTF()
                    7 -> classIndex[i] = input.readUnsignedShort()
                    8, 16, 19, 20 -> input.skipBytes(2)
                    15 -> input.skipBytes(3)
                    3, 4, 9, 10, 11, 12, 17, 18 -> input.skipBytes(4)
                    5, 6 -> {
                        input.skipBytes(8)
                        i++ // a long or double takes two entries
                    }
                    else -> error("unknown constant pool tag $tag at entry $i")
                }
                i++
            }
            fun className(index: Int): String = utf8[classIndex[index]]!!

            input.skipBytes(2) // access flags
            val name = className(input.readUnsignedShort())
            input.skipBytes(2) // superclass: a Class entry, read with the pool
            input.skipBytes(2 * input.readUnsignedShort()) // interfaces: likewise
            repeat(2) { // fields, then methods: their descriptors and signatures are pool entries
                repeat(input.readUnsignedShort()) {
                    input.skipBytes(6)
                    skipAttributes(input)
                }
            }
            var sourceFile: String? = null
            val permitted = HashSet<String>()
            repeat(input.readUnsignedShort()) {
                val attribute = utf8[input.readUnsignedShort()]
                val length = input.readInt()
                when (attribute) {
                    "SourceFile" -> sourceFile = utf8[input.readUnsignedShort()]
                    "PermittedSubclasses" -> repeat(input.readUnsignedShort()) { permitted += className(input.readUnsignedShort()) }
                    else -> input.skipBytes(length)
                }
            }

            val references = HashSet<String>()
            for (index in 1 until count) {
                if (classIndex[index] >= 0) {
                    val referenced = className(index)
                    if (referenced.startsWith("[")) {
                        IN_DESCRIPTOR.findAll(referenced).forEach { references += it.groupValues[1] }
                    } else {
                        references += referenced
                    }
                }
                utf8[index]?.let { text -> IN_DESCRIPTOR.findAll(text).forEach { references += it.groupValues[1] } }
            }
            references -= name
            return ClassFileReferences(name, sourceFile, references, permitted)
        }

        private fun skipAttributes(input: DataInputStream) {
            repeat(input.readUnsignedShort()) {
                input.skipBytes(2)
                input.skipBytes(input.readInt())
            }
        }
    }
}
