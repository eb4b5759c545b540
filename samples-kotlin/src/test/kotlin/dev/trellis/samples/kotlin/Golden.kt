package dev.trellis.samples.kotlin

import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import java.nio.file.Files
import java.nio.file.Path
import kotlin.math.abs
import org.junit.jupiter.api.Assertions.fail

/** The reference files in `../shared/golden`, computed with Pyro itself (the build passes their folder). */
object Golden {
    fun load(name: String): JsonNode {
        val shared = Path.of(System.getProperty("trellis.shared.dir") ?: "../../shared")
        val file = shared.resolve("golden").resolve(name)
        check(Files.isRegularFile(file)) { "golden file not found: ${file.toAbsolutePath()}; the shared/ folder must sit beside the checkout" }
        return ObjectMapper().readTree(file.toFile())
    }
}

fun JsonNode.ints(): IntArray = IntArray(size()) { get(it).intValue() }

fun JsonNode.doubles(): DoubleArray = DoubleArray(size()) { get(it).doubleValue() }

fun JsonNode.matrix(): Array<DoubleArray> = Array(size()) { get(it).doubles() }

/** |actual - expected| <= rel * |expected|. */
fun assertRelative(expected: Double, actual: Double, rel: Double, what: String) {
    if (!(abs(actual - expected) <= rel * abs(expected))) {
        fail<Unit>("$what: expected $expected but was $actual (relative error ${abs(actual - expected) / abs(expected)} > $rel)")
    }
}

fun assertRelative(expected: Array<DoubleArray>, actual: Array<DoubleArray>, rel: Double, what: String) {
    if (expected.size != actual.size) fail<Unit>("$what: expected ${expected.size} rows but was ${actual.size}")
    for (i in expected.indices) {
        if (expected[i].size != actual[i].size) fail<Unit>("$what[$i]: expected ${expected[i].size} entries but was ${actual[i].size}")
        for (j in expected[i].indices) assertRelative(expected[i][j], actual[i][j], rel, "$what[$i][$j]")
    }
}
