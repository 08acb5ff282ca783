// The Gradle twin of pom.xml beside it: the same sources, the same dependencies through fanin-bom.
rootProject.name = "fanin-consumer"
