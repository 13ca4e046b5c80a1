package io.nearline.wizard;

import io.nearline.services.DrillTrend;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A policy's RTO trend as an SVG bar chart, laid out here and drawn by the template: one bar per
 * drill, oldest first, passed and failed told apart by pattern as well as color, and the RTO
 * target as a line.
 */
public final class TrendChart {
  public static final int WIDTH = 480;
  public static final int HEIGHT = 160;
  private static final int LEFT = 40;
  private static final int BOTTOM = 20;

  /** One drill's bar. */
  public record Bar(double x, double y, double width, double height, String outcome,
      String title, String label) {}

  private final String policy;
  private final List<Bar> bars;
  private final Double targetY;
  private final String scale;
  private final String summary;

  private TrendChart(String policy, List<Bar> bars, Double targetY, String scale,
      String summary) {
    this.policy = policy;
    this.bars = bars;
    this.targetY = targetY;
    this.scale = scale;
    this.summary = summary;
  }

  static TrendChart of(DrillTrend trend) {
    double max = trend.rtoTargetSeconds() == null ? 1 : trend.rtoTargetSeconds();
    for (DrillTrend.Point p : trend.drills()) {
      if (p.rtoSeconds() != null) {
        max = Math.max(max, p.rtoSeconds());
      }
    }
    max *= 1.1;
    double plotHeight = HEIGHT - BOTTOM - 10;
    int n = Math.max(1, trend.drills().size());
    double slot = Math.min(48, (WIDTH - LEFT - 10) / (double) n); // a few drills: narrow bars
    List<Bar> bars = new ArrayList<>();
    for (int i = 0; i < trend.drills().size(); i++) {
      DrillTrend.Point p = trend.drills().get(i);
      double rto = p.rtoSeconds() == null ? 0 : p.rtoSeconds();
      double h = Math.max(1, rto / max * plotHeight); // a quick drill still shows
      bars.add(new Bar(round(LEFT + i * slot + slot * 0.15), round(HEIGHT - BOTTOM - h),
          round(slot * 0.7), round(h), "passed".equals(p.outcome()) ? "passed" : "failed",
          "drill " + p.id() + " (" + p.target() + "): " + p.outcome()
              + (p.rtoSeconds() == null ? "" : String.format(Locale.ROOT, ", RTO %.1f s",
                  p.rtoSeconds())), p.rtoSeconds() == null ? "" : String.format(Locale.ROOT,
                      "%.0f", p.rtoSeconds())));
    }
    Double targetY = trend.rtoTargetSeconds() == null ? null
        : round(HEIGHT - BOTTOM - trend.rtoTargetSeconds() / max * plotHeight);
    String summary = trend.drills().isEmpty() ? "no drills yet" : String.format(Locale.ROOT,
        "%d drills; median RTO %s, worst %s%s", trend.drills().size(),
        Instants.seconds(trend.medianRtoSeconds()), Instants.seconds(trend.worstRtoSeconds()),
        trend.rtoTargetSeconds() == null ? "" : "; target " + trend.rtoTargetSeconds() + " s");
    return new TrendChart(trend.policy(), bars, targetY, String.format(Locale.ROOT, "%.0f s",
        max), summary);
  }

  public String policy() {
    return policy;
  }

  public List<Bar> bars() {
    return bars;
  }

  public Double targetY() {
    return targetY;
  }

  public String scale() {
    return scale;
  }

  public String summary() {
    return summary;
  }

  public int width() {
    return WIDTH;
  }

  public int height() {
    return HEIGHT;
  }

  public int left() {
    return LEFT;
  }

  public int baseline() {
    return HEIGHT - BOTTOM;
  }


  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
