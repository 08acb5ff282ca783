package dev.fanin.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** StressBudget's two modes, on a clock the test moves by hand. */
class StressBudgetTest {
    private final AtomicLong now = new AtomicLong();

    /** Fixed mode: exactly the asked rounds, whatever the clock says; nothing is reported. */
    @Test
    void fixed_runsTheAskedRounds(@TempDir Path dir) {
        StressBudget budget = new StressBudget(null, 200, now::get, () -> 1, dir.resolve("s.txt"));
        int rounds = 0;
        try (StressRace race = budget.start("race", 3)) {
            while (race.nextRound()) {
                assertEquals(rounds++, race.round());
                now.addAndGet(Duration.ofHours(1).toNanos());
            }
            assertEquals(3, race.roundsReached());
        }
        assertEquals(3, rounds);
        assertFalse(Files.exists(dir.resolve("s.txt")));
    }

    /**
     * Budget mode: each race gets the unspent budget divided by the unfinished races, runs until
     * its share has passed (at least one round), and is reported with its rounds.
     */
    @Test
    void budget_sharesTheUnspentTimeAmongUnfinishedRaces(@TempDir Path dir) throws Exception {
        AtomicInteger unfinished = new AtomicInteger(2);
        Path summary = dir.resolve("target/s.txt");
        StressBudget budget = new StressBudget(Duration.ofSeconds(10), 200, now::get, unfinished::get, summary);
        // The first race gets 10 s / 2 = 5 s; its rounds take 2 s each: 3 rounds (0, 2, 4 s).
        try (StressRace race = budget.start("first", 200)) {
            while (race.nextRound()) {
                now.addAndGet(Duration.ofSeconds(2).toNanos());
            }
            assertEquals(3, race.roundsReached());
        }
        unfinished.decrementAndGet();
        // 6 s spent: the last race gets the 4 s left.
        try (StressRace race = budget.start("second", 200)) {
            while (race.nextRound()) {
                now.addAndGet(Duration.ofSeconds(1).toNanos());
            }
            assertEquals(4, race.roundsReached());
        }
        // Budget spent: a race still runs its first round.
        try (StressRace race = budget.start("late", 200)) {
            assertTrue(race.nextRound());
            now.addAndGet(1);
            assertFalse(race.nextRound());
        }
        // A race that fails is reported as stopped in its round.
        assertThrows(AssertionError.class, () -> {
            try (StressRace race = budget.start("failing", 200)) {
                race.nextRound();
                throw new AssertionError("violation");
            }
        });
        List<String> lines = Files.readAllLines(summary);
        assertEquals(4, lines.size());
        assertEquals("first: 3 rounds in 6.0 s (share 5.0 s)", lines.get(0));
        assertEquals("second: 4 rounds in 4.0 s (share 4.0 s)", lines.get(1));
        assertTrue(lines.get(3).startsWith("failing: 1 rounds in 0.0 s (share 0.0 s), stopped"), lines.get(3));
    }

    /** A negative budget is rejected, named. */
    @Test
    void negativeBudget_rejected(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class,
                () -> new StressBudget(Duration.ofSeconds(-1), 200, now::get, () -> 1, dir));
    }
}
