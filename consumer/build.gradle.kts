// A project that uses Fanin as any user's would, built with Gradle (Kotlin DSL); pom.xml beside it is
// the same project for Maven, with the same sources. Against the artifacts the install command put
// into the local Maven repository:
//   mvn -B -ntp install -Dmaven.test.skip=true     (in the repository root)
//   gradle -p consumer runJavaCall runKotlinCall   (Gradle 8 or later, Kotlin DSL)
plugins {
    kotlin("jvm") version "2.4.21"
}

repositories {
    // Until the first release is published, Fanin comes from the local Maven repository, where the
    // install command puts it; afterwards mavenCentral() alone is enough.
    mavenLocal {
        content { includeGroup("dev.fanin") }
    }
    mavenCentral()
}

val faninVersion = "0.1.0-SNAPSHOT"

dependencies {
    // The BOM sets the versions of Fanin's artifacts, kotlin-stdlib and kotlinx-coroutines-core.
    implementation(platform("dev.fanin:fanin-bom:$faninVersion"))
    implementation("dev.fanin:fanin-java")
    implementation("dev.fanin:fanin-kotlin")
    implementation("org.jetbrains.kotlinx:kotlinx-coroutines-core")
}

kotlin {
    jvmToolchain(17)
}

// Runs each call, as pom.xml's verify does; either fails the build if Fanin's answer is wrong.
val runJavaCall by tasks.registering(JavaExec::class) {
    classpath = sourceSets.main.get().runtimeClasspath
    mainClass.set("dev.fanin.consumer.JavaCall")
}
val runKotlinCall by tasks.registering(JavaExec::class) {
    classpath = sourceSets.main.get().runtimeClasspath
    mainClass.set("dev.fanin.consumer.KotlinCall")
}
tasks.named("check") {
    dependsOn(runJavaCall, runKotlinCall)
}
