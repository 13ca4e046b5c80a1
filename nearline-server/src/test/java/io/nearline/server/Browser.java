package io.nearline.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its own chromedriver: nothing is downloaded. Pages
 * are checked with axe-core (from the test jar) and photographed for the docs.
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** Where screenshots go: -Dnearline.screenshots=DIR (the docs take them from ../docs/console). */
  private static final Path SHOTS = Path.of(System.getProperty("nearline.screenshots",
      "target/console-screenshots"));

  private final ChromeDriver driver;
  private final String base;

  private Browser(ChromeDriver driver, String base) {
    this.driver = driver;
    this.base = base;
  }

  static Browser open(String base) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // As root (CI) Chromium needs --no-sandbox; /dev/shm may be small in containers.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
        "--disable-gpu", "--window-size=1280,900", "--lang=en-US", "--no-first-run");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    return new Browser(new ChromeDriver(service, options), base);
  }

  /** Sets the console's admin password through its one-time setup link. */
  void setUp(String setupLink, String password) {
    go(setupLink);
    fill("password", password);
    fill("passwordAgain", password);
    press("Set the password");
  }

  /** Opens {@code path}, signing in as {@code user} first if the console asks for it. */
  void goSignedIn(String path, String user, String password) {
    go(path);
    if (path().equals("/sign-in")) {
      fill("user", user);
      fill("password", password);
      press("Sign in");
    }
  }

  WebDriver driver() {
    return driver;
  }

  void go(String pathOrUrl) {
    driver.get(pathOrUrl.startsWith("http") ? pathOrUrl : base + pathOrUrl);
  }

  String path() {
    return java.net.URI.create(driver.getCurrentUrl()).getPath();
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  void fill(String id, String value) {
    WebElement e = driver.findElement(By.id(id));
    e.clear();
    e.sendKeys(value);
  }

  /**
   * Clicks the button whose text is {@code text}; again if a live update replaced it between
   * finding and clicking.
   */
  void press(String text) {
    script("window.nearlineOldPage = true;");
    for (int attempt = 1; ; attempt++) {
      try {
        driver.findElement(By.xpath("//button[normalize-space()=" + quote(text) + "]")).click();
        break;
      } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
        if (attempt == 3) {
          throw replaced;
        }
      }
    }
    awaitNewPage();
  }

  /** Clicks {@code element}, a form's button, and waits for the page the form leads to. */
  void submit(WebElement element) {
    script("window.nearlineOldPage = true;");
    element.click();
    awaitNewPage();
  }

  /** A click on a form's button returns before the browser has the answer: wait for it. */
  private void awaitNewPage() {
    await(Duration.ofSeconds(60), d -> Boolean.TRUE.equals(script(
        "return window.nearlineOldPage === undefined && document.readyState === 'complete';")));
  }

  /** An attribute of the first element matching {@code css}, read as a live page stands. */
  String attribute(String css, String name) {
    for (int attempt = 1; ; attempt++) {
      try {
        List<WebElement> found = all(css);
        return found.isEmpty() ? "" : found.get(0).getAttribute(name);
      } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
        if (attempt == 3) {
          throw replaced;
        }
      }
    }
  }

  boolean hasButton(String text) {
    return !driver.findElements(By.xpath("//button[normalize-space()=" + quote(text) + "]"))
        .isEmpty();
  }

  String text() {
    return find("main").getText();
  }

  <T> T await(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).until(condition);
  }

  Object script(String js, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(js, args);
  }

  String cookie(String name) {
    Cookie c = driver.manage().getCookieNamed(name);
    return c == null ? null : c.getValue();
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** No serious or critical accessibility violation on the page as it stands. */
  void assertAccessible() {
    Results results = new AxeBuilder().analyze(driver);
    List<Rule> bad = results.getViolations().stream()
        .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
        .toList();
    assertTrue(bad.isEmpty(), path() + ": " + bad.stream().map(r -> r.getId() + " ("
        + r.getImpact() + "): " + r.getHelp() + " at " + r.getNodes().stream()
            .map(n -> String.valueOf(n.getTarget())).collect(Collectors.joining(", ")))
        .collect(Collectors.joining("; ")));
  }

  /** A full-page photograph, named for the docs. */
  void screenshot(String name) throws IOException {
    Files.createDirectories(SHOTS);
    long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
    Dimension was = driver.manage().window().getSize();
    driver.manage().window().setSize(new Dimension(was.getWidth(),
        (int) Math.min(4000, Math.max(was.getHeight(), height + 120))));
    Files.write(SHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
    driver.manage().window().setSize(was);
  }

  private static String quote(String text) {
    return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
  }

  @Override
  public void close() {
    driver.quit();
  }
}
