package io.nearline.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.services.DrillTrend;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrendChartTest {
  @Test
  void barsAreAsTallAsTheirRtoWithTheTargetAsALine() {
    DrillTrend trend = new DrillTrend("p", List.of(
        new DrillTrend.Point(1, Instant.EPOCH, "sandbox", "passed", 10.0, 1.0),
        new DrillTrend.Point(2, Instant.EPOCH, "sandbox", "failed", 20.0, 1.0)),
        40, null, 15.0, 20.0, null, "");
    TrendChart chart = TrendChart.of(trend);
    assertEquals(2, chart.bars().size());
    TrendChart.Bar first = chart.bars().get(0);
    TrendChart.Bar second = chart.bars().get(1);
    assertEquals(second.height(), first.height() * 2, 0.2);
    assertEquals(chart.baseline(), first.y() + first.height(), 0.2);
    assertEquals("failed", second.outcome());
    assertTrue(chart.targetY() < second.y(), "the 40 s target is above the 20 s bar");
    assertEquals("2 drills; median RTO 15.0 s, worst 20.0 s; target 40 s", chart.summary());
  }

  @Test
  void noDrillsMakeAnEmptyChartWithoutATarget() {
    TrendChart chart = TrendChart.of(new DrillTrend("p", List.of(), null, null, null, null,
        null, ""));
    assertTrue(chart.bars().isEmpty());
    assertNull(chart.targetY());
    assertEquals("no drills yet", chart.summary());
  }
}
