package io.zeta.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven by its chromedriver through Selenium 4 (no driver download:
 * both binaries are the system's). {@link #start()} skips the test only when the probe proves the
 * browser cannot start here, with the reason. Screenshots go to docs/screenshots/.
 */
public final class Browser implements AutoCloseable {
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  public final ChromeDriver driver;
  private final ChromeDriverService service;

  private Browser(ChromeDriver driver, ChromeDriverService service) {
    this.driver = driver;
    this.service = service;
  }

  public static Browser start() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Chromium cannot start: " + CHROMIUM + " or " + CHROMEDRIVER + " is not installed (apt-get install chromium "
            + "chromium-driver; bin/test installs them)");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toString());
    // --no-sandbox: the tests run as root (CI), where Chromium's sandbox refuses to start.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,900", "--no-first-run", "--disable-extensions", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--metrics-recording-only", "--no-default-browser-check");
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
      return new Browser(driver, service);
    } catch (RuntimeException e) {
      service.stop();
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      Assumptions.abort("Chromium cannot start on this machine: " + why);
      throw e;
    }
  }

  /** A wait that polls every 20 ms and looks again when the page re-rendered an element under it. */
  public WebDriverWait waiting(Duration d) {
    WebDriverWait w = new WebDriverWait(driver, d, Duration.ofMillis(20));
    w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    return w;
  }

  /** The console messages logged since the last call, at SEVERE (errors) only. */
  public List<String> errors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream().filter(e -> e.getLevel().intValue()
        >= Level.SEVERE.intValue()).map(LogEntry::toString).toList();
  }

  public void size(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** A screenshot into docs/screenshots/NAME.png of the project (the test's working directory). */
  public Path screenshot(String name) throws IOException {
    Path dir = Files.createDirectories(Path.of("docs", "screenshots"));
    Path file = dir.resolve(name + ".png");
    Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
    return file;
  }

  public Object js(String script, Object... args) {
    return driver.executeScript(script, args);
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      service.stop();
    }
  }

}
