package dev.fanin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * How long each stress race runs: a fixed number of rounds, or a share of a time budget.
 *
 * <p><b>Fixed rounds</b> (the default): each race runs {@code fanin.stress.rounds} rounds (200
 * unless set), or the count its test asks for, so an ordinary build stays fast and repeatable.
 *
 * <p><b>Time budget</b>: with {@code -Dfanin.stress.budget=PT40M} (an ISO-8601 duration, what the
 * {@code stress} profile sets) the races of one test run share that time. A race's share is
 * decided when it starts: the budget not yet spent by earlier races, divided by the races of the
 * run that have not finished ({@link StressPlanListener} counts them from JUnit's test plan). A
 * race runs rounds until its share has passed (at least one round), so an early race that ends
 * sooner leaves more to the later ones, and a template run twice (on each thread kind) splits
 * what it would have had. Time spent outside races (other tests, JVM start) is not counted: the
 * budget is race time. How many rounds that is depends on the machine, not on the code.
 *
 * <p>Each race fails on its first violation: its test throws and the race ends there. In budget
 * mode each race prints the rounds it reached, and appends them to a summary file ({@code
 * fanin.stress.summary}, by default {@code target/stress-summary.txt} of the module).
 *
 * <pre>{@code
 * try (StressRace race = StressBudget.race()) {
 *   while (race.nextRound()) {
 *     // line the racers up at a barrier, let them go, check the invariants
 *   }
 * }
 * }</pre>
 */
public final class StressBudget {
    /** Rounds of a race in fixed mode, unless its test asks for another count. */
    private static final int DEFAULT_ROUNDS = 200;

    private static final StressBudget SHARED = new StressBudget(
            budgetProperty(), Integer.getInteger("fanin.stress.rounds", DEFAULT_ROUNDS), System::nanoTime,
            StressPlanListener::unfinishedRaces,
            Path.of(System.getProperty("fanin.stress.summary", "target/stress-summary.txt")));

    private final Duration budget; // null in fixed mode
    private final int rounds;
    private final LongSupplier clock;
    private final IntSupplier unfinishedRaces;
    private final Path summary;
    private long spentNanos; // guarded by this: time taken by the races that have ended
    private StressRace current; // guarded by this: the last race started

    StressBudget(Duration budget, int rounds, LongSupplier clock,
            IntSupplier unfinishedRaces, Path summary) {
        if (budget != null && budget.isNegative()) {
            throw new IllegalArgumentException("fanin.stress.budget < 0: " + budget);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("fanin.stress.rounds < 1: " + rounds);
        }
        this.budget = budget;
        this.rounds = rounds;
        this.clock = clock;
        this.unfinishedRaces = unfinishedRaces;
        this.summary = summary;
    }

    /**
     * {@return whether races run for a share of a time budget rather than a fixed number of rounds}
     */
    public static boolean timed() {
        return SHARED.budget != null;
    }

    /**
     * {@return how long a test that runs stress races may take beyond {@code base}}: in budget
     * mode the whole budget (one test may run several races, each with its share), otherwise
     * nothing. For hang guards, which must not fire on a test that is only using its share.
     */
    public static Duration allowance() {
        return SHARED.budget == null ? Duration.ZERO : SHARED.budget;
    }

    /**
     * {@return the fixed number of rounds of a race ({@code fanin.stress.rounds}, 200 unless set)}
     * For tests that size something other than a race's rounds by it.
     */
    public static int rounds() {
        return SHARED.rounds;
    }

    /**
     * Starts a race named after the calling test method, of {@link #rounds()} rounds or, in budget
     * mode, of its share of the budget.
     *
     * @return the race; close it when it ends
     */
    public static StressRace race() {
        return SHARED.start(callerName(), SHARED.rounds);
    }

    /**
     * Starts a race of {@code fixedRounds} rounds in fixed mode (for a race whose rounds are
     * cheaper or dearer than most, e.g. {@code rounds() * 10}); in budget mode, of its share of the
     * budget like any other race.
     *
     * @param fixedRounds the rounds in fixed mode
     * @return the race; close it when it ends
     * @throws IllegalArgumentException if {@code fixedRounds < 1}
     */
    public static StressRace race(int fixedRounds) {
        if (fixedRounds < 1) {
            throw new IllegalArgumentException("fixedRounds < 1: " + fixedRounds);
        }
        return SHARED.start(callerName(), fixedRounds);
    }

    StressRace start(String name, int fixedRounds) {
        if (budget == null) {
            return new StressRace(this, name, fixedRounds, Long.MAX_VALUE, clock);
        }
        StressRace previous;
        synchronized (this) {
            previous = current;
        }
        if (previous != null) {
            previous.close(); // its test failed before the race ended: account for its time now
        }
        synchronized (this) {
            long left = Math.max(0, budget.toNanos() - spentNanos);
            long share = left / Math.max(1, unfinishedRaces.getAsInt());
            current = new StressRace(this, name, Integer.MAX_VALUE, share, clock);
            return current;
        }
    }

    /** Called once by each race as it closes. */
    void ended(StressRace race, long elapsedNanos, boolean completed) {
        if (budget == null) {
            return;
        }
        synchronized (this) {
            spentNanos += elapsedNanos;
        }
        String line = String.format(Locale.ROOT, "%s: %d rounds in %.1f s (share %.1f s)%s",
                race.name(), race.roundsReached(), elapsedNanos / 1e9, race.shareNanos() / 1e9,
                completed ? "" : ", stopped in that round (its test failed or was aborted)");
        System.out.println("[stress] " + line);
        try {
            Files.createDirectories(summary.toAbsolutePath().getParent());
            synchronized (StressBudget.class) {
                Files.writeString(summary, line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the stress summary " + summary, e);
        }
    }

    private static Duration budgetProperty() {
        String value = System.getProperty("fanin.stress.budget", "");
        return value.isBlank() ? null : Duration.parse(value.trim());
    }

    /** {@code Class.method} of the test that started the race, with the thread kind if virtual. */
    private static String callerName() {
        StackWalker.StackFrame frame = StackWalker.getInstance()
                .walk(frames -> frames
                        .filter(f -> !f.getClassName().equals(StressBudget.class.getName()))
                        .findFirst()
                        .orElseThrow());
        String className = frame.getClassName();
        String name = className.substring(className.lastIndexOf('.') + 1) + "." + frame.getMethodName();
        return ThreadKind.current() == ThreadKind.VIRTUAL ? name + " (virtual thread)" : name;
    }
}
