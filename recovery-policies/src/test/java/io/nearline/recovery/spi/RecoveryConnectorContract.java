package io.nearline.recovery.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nearline.common.config.InvalidConfigException;
import io.nearline.recovery.DirectoryPlan;
import io.nearline.recovery.RecoveryPoint;
import io.nearline.recovery.RecoveryPolicy;
import io.nearline.recovery.RunKind;
import io.nearline.recovery.Standby;
import io.nearline.recovery.StepKind;
import io.nearline.shadow.Connectors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What every application's recovery must do: offer the steps its runs name, check policies and
 * standby settings with messages that name what is wrong. A connector's own test extends this.
 */
public abstract class RecoveryConnectorContract {

  protected abstract RecoveryConnector connector();

  /** The server its steps would run in. */
  protected abstract RecoveryEnvironment environment();

  /** A standby of this application with valid settings. */
  protected abstract Standby standby();

  /** A policy of the application's usual failover, re-homing one service entry. */
  protected RecoveryPolicy usualPolicy() {
    return new RecoveryPolicy("p", List.of("pair"), RecoveryPoint.LATEST,
        connector().defaultFailover(), new DirectoryPlan("ldap://127.0.0.1:1", "cn=x",
            "/etc/nearline/ldap.password", "ou=services", List.of("db"), null, null, null),
        null, List.of(), false, null, null, null);
  }

  @Test
  void shouldBeFoundByTheKindOfItsShadowConnector() {
    assertSame(connector().getClass(), RecoveryConnectors.forKind(connector().kind())
        .getClass());
    assertEquals(connector().kind(), Connectors.forKind(connector().kind()).kind());
  }

  @Test
  void shouldOfferEveryStepItsRunsName() {
    Set<StepKind> offered = new HashSet<>();
    for (RecoveryStep step : connector().steps(environment())) {
      assertTrue(offered.add(step.kind()), "one step per name: " + step.kind());
    }
    List<StepKind> named = new ArrayList<>(connector().defaultFailover());
    named.addAll(connector().stepsOf(RunKind.FAILOVER, usualPolicy()));
    named.addAll(connector().stepsOf(RunKind.FAILBACK, usualPolicy()));
    for (StepKind step : named) {
      assertTrue(offered.contains(step), "a run names " + step + ", which is not offered");
    }
    assertFalse(connector().defaultFailover().isEmpty());
  }

  @Test
  void shouldAcceptItsUsualFailoverAndRunItsStepsInOrder() {
    connector().checkPolicy(usualPolicy());
    List<StepKind> run = connector().stepsOf(RunKind.FAILOVER, usualPolicy());
    assertEquals(connector().defaultFailover(), run.subList(run.size()
        - connector().defaultFailover().size(), run.size()));
  }

  @Test
  void shouldRefuseAPolicyWithAStepItDoesNotHaveNamingIt() {
    List<StepKind> steps = new ArrayList<>(connector().defaultFailover());
    steps.add(StepKind.of("no-such-step"));
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> connector().checkPolicy(usualPolicy().withSteps(steps)));
    assertTrue(e.getMessage().contains("no-such-step"), e.getMessage());
  }

  @Test
  void shouldCheckStandbySettingsNamingAnUnknownOne() {
    Standby checked = connector().checkSettings(standby());
    assertEquals(checked, connector().checkSettings(checked), "checking twice changes nothing");
    Map<String, Object> misspelt = new TreeMap<>(standby().settings());
    misspelt.put("noSuchSetting", "x");
    InvalidConfigException e = assertThrows(InvalidConfigException.class,
        () -> connector().checkSettings(standby().withSettings(misspelt)));
    assertTrue(e.fields().containsKey("noSuchSetting"), e.fields().toString());
  }

  @Test
  void shouldSayWhereClientsOfAStandbyConnect() {
    assertFalse(connector().clientEndpoint(standby()).isEmpty());
  }
}
