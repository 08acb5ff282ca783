package dev.fanin.samples.fetch;

import java.io.PrintStream;
import java.net.URI;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Where a run reports: lines of text, and a progress bar that names the last page to finish.
 *
 * <p>On a terminal the bar is drawn on the line below the text: each line first overwrites the bar
 * (a carriage return, then the line padded to the bar's width), and the bar redraws itself under
 * it. Elsewhere, for instance in a test, the bar goes to a consumer of its own.
 */
public final class FetchConsole implements AutoCloseable {
  // Fixed, so that the bar fits an 80-column terminal without asking the terminal (JLine) its size.
  private static final int WIDTH = 79;

  private final PrintStream out;
  private final ProgressBar bar;
  private final boolean barOnSameStream;

  private FetchConsole(
      PrintStream out, ProgressBarConsumer consumer, boolean barOnSameStream, int pages) {
    this.out = out;
    this.barOnSameStream = barOnSameStream;
    this.bar =
        new ProgressBarBuilder()
            .setTaskName("Fetching")
            .setInitialMax(pages)
            .setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(100)
            .continuousUpdate()
            .setConsumer(consumer)
            .build();
  }

  /**
   * A console that draws lines and bar on one terminal.
   *
   * @param out the terminal
   * @param pages how many steps the bar has
   * @return the console; close it to draw the bar's last state
   */
  public static FetchConsole onTerminal(PrintStream out, int pages) {
    return new FetchConsole(out, new ConsoleProgressBarConsumer(out, WIDTH), true, pages);
  }

  /**
   * A console that prints lines to {@code out} and hands the bar's renderings to {@code bar}.
   *
   * @param out where the lines go
   * @param bar where the bar goes
   * @param pages how many steps the bar has
   * @return the console; close it to draw the bar's last state
   */
  public static FetchConsole withBar(PrintStream out, ProgressBarConsumer bar, int pages) {
    return new FetchConsole(out, bar, false, pages);
  }

  /**
   * Prints {@code line} above the bar.
   *
   * @param line the text
   */
  public void println(String line) {
    // One print call: PrintStream locks per call, so the bar's thread cannot cut the line in two.
    out.print(
        barOnSameStream
            ? "\r" + pad(line) + System.lineSeparator()
            : line + System.lineSeparator());
    out.flush();
  }

  /**
   * Advances the bar by one page and names {@code url} as the last to finish.
   *
   * @param url the page that finished
   */
  public synchronized void step(URI url) {
    bar.setExtraMessage(url.getPath());
    bar.step();
  }

  /** Draws the bar's last state and ends its line. */
  @Override
  public void close() {
    bar.close();
  }

  private static String pad(String line) {
    return line.length() >= WIDTH ? line : line + " ".repeat(WIDTH - line.length());
  }
}
