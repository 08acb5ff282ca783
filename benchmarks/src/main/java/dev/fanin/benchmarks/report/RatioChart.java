package dev.fanin.benchmarks.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The chart of docs/benchmarks.md: each target's measured ratio beside the ratio it allows. */
final class RatioChart {
  private RatioChart() {}

  /**
   * Draws the rows that are ratios, numbered as in the report's table, to a PNG file.
   *
   * @param rows the evaluated targets, in table order
   * @param png the file to write
   * @throws IOException if it cannot be written
   */
  static void write(List<Target.Row> rows, Path png) throws IOException {
    List<Integer> labels = new ArrayList<>();
    List<Double> measured = new ArrayList<>();
    List<Double> allowed = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Target.Row row = rows.get(i);
      if (Double.isFinite(row.ratio()) && row.ratio() > 0 && Double.isFinite(row.limit())) {
        labels.add(i + 1);
        measured.add(row.ratio());
        allowed.add(row.limit());
      }
    }
    // Points on a log scale: the ratios span from hundredths to tens, and bars cannot be logarithmic.
    XYChart chart =
        new XYChartBuilder()
            .width(1400)
            .height(600)
            .title("Fanin against the reference of each target (lower is better; log scale)")
            .xAxisTitle("target (row of the table in docs/benchmarks.md)")
            .yAxisTitle("Fanin / reference")
            .build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setMarkerSize(10);
    if (!labels.isEmpty()) {
      chart.addSeries("measured", labels, measured).setMarker(SeriesMarkers.CIRCLE);
      chart.addSeries("target (at most)", labels, allowed).setMarker(SeriesMarkers.TRIANGLE_DOWN);
    }
    // xchart 4 deprecates its one-chart savers; its image and the JDK's PNG writer do the same.
    ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png.toFile());
  }
}
