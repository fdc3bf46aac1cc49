package org.pockettts.server;

import org.pockettts.testing.Wav;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.pockettts.formats.AudioFormat;
import org.pockettts.formats.Decoder;

/**
 * The web page in a real headless Chromium: it lists the voices, plays speech while it streams in
 * (WAV through Web Audio, mp3 through the audio element), offers the download, shows the pause
 * syntax and the speed, shows the server's error for empty text, and stops a generation. Skipped,
 * with the reason, where Debian's chromium and chromium-driver are not installed ({@code .ci/run}
 * installs them). Screenshots go to {@code target/browser/}.
 */
class BrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static TestServer fixture;
    private static TtsServer server;
    private static WebDriver browser;
    private static Path artifacts;

    @BeforeAll
    static void start(@TempDir Path profile) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "skipped: the browser test needs Debian's chromium and chromium-driver"
                        + " (apt-get install -y chromium chromium-driver)");
        artifacts = Path.of(System.getProperty("pockettts.artifacts", "target")).resolve("browser");
        Files.createDirectories(artifacts);
        fixture = new TestServer();
        server = fixture.start(TestServer.config());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required", "--window-size=1000,1100",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static WebDriverWait waitUpTo(int seconds) {
        return new WebDriverWait(browser, Duration.ofSeconds(seconds), Duration.ofMillis(20));
    }

    private static WebElement status() {
        return browser.findElement(By.id("status"));
    }

    private static String state() {
        return status().getDomAttribute("data-state");
    }

    private static long samples() {
        return Long.parseLong(status().getDomAttribute("data-samples"));
    }

    private static void screenshot(String name) throws IOException {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), artifacts.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static void setField(String id, String value) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1];",
                id, value);
    }

    private static void openPage() {
        browser.get(TestServer.base(server).toString());
        waitUpTo(30).until(d -> "true".equals(d.findElement(By.id("voice")).getDomAttribute("data-loaded")));
    }

    @Test
    void speaksWhileStreamingAndOffersTheDownload() throws IOException {
        openPage();
        assertThat(browser.findElement(By.id("voice")).getDomProperty("value")).isEqualTo("alba");
        String text = "Hello from the browser. This sentence is spoken while it is still being generated.";
        setField("text", text);
        setField("temperature", "0");
        setField("eos_threshold", "-6");
        browser.findElement(By.id("generate")).click();
        waitUpTo(120).until(d -> !state().equals("requesting") && !state().equals("streaming"));
        assertThat(state()).as(browser.findElement(By.id("error")).getText()).isEqualTo("done");

        // The page decoded exactly the audio the server sends for the same request, and played it.
        Http.Response same = new Http(TestServer.base(server)).post("/tts", Http.form().field("text", text)
                .field("voice_url", "alba").field("temperature", "0").field("eos_threshold", "-6"));
        assertThat(samples()).isEqualTo(Wav.streamedSamples(same.body()).length);
        assertThat(status().getDomAttribute("data-sample-rate")).isEqualTo("24000");
        assertThat(status().getDomAttribute("data-playing")).isEqualTo("true");
        assertThat(status().getDomAttribute("data-context-state")).isEqualTo("running");
        assertThat(status().getDomAttribute("data-first-audio-ms")).isNotNull();
        WebElement download = browser.findElement(By.id("download"));
        assertThat(download.getDomAttribute("href")).startsWith("blob:");
        assertThat(download.getDomAttribute("aria-disabled")).isNull();
        assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        browser.findElement(By.tagName("summary")).click();
        screenshot("pocket-tts-page.png");
    }

    @Test
    void playsBeforeTheEndAndStops() throws IOException {
        openPage();
        setField("text", StreamingTest.LONG_TEXT);
        setField("temperature", "0");
        setField("eos_threshold", "1e9");
        browser.findElement(By.id("generate")).click();
        // Audio decoded and scheduled while the response is still coming in.
        waitUpTo(120).until(d -> state().equals("streaming") && samples() > 0
                || state().equals("done") || state().equals("error"));
        assertThat(state()).isEqualTo("streaming");
        assertThat(status().getDomAttribute("data-playing")).isEqualTo("true");
        screenshot("pocket-tts-streaming.png");
        browser.findElement(By.id("stop")).click();
        waitUpTo(30).until(d -> state().equals("stopped"));
        Http http = new Http(TestServer.base(server));
        MetricsText.await("the server stops the generation",
                () -> MetricsText.value(http, StreamingTest.CANCELLED) == 1);
    }

    private static Object script(String code) {
        return ((JavascriptExecutor) browser).executeScript(code);
    }

    @Test
    void playsAnMp3StreamInTheAudioElement() throws IOException {
        Decoder.assumeFfmpeg();
        openPage();
        String text = "An mp3 stream, played by the audio element as it arrives. [pause:300ms] And a pause.";
        setField("text", text);
        setField("format", "mp3");
        setField("temperature", "0");
        setField("eos_threshold", "-6");
        browser.findElement(By.id("generate")).click();
        waitUpTo(120).until(d -> !state().equals("requesting") && !state().equals("streaming"));
        assertThat(state()).as(browser.findElement(By.id("error")).getText()).isEqualTo("done");
        // Fed to the element chunk by chunk (Media Source Extensions), not after the download.
        assertThat(status().getDomAttribute("data-streamed")).isEqualTo("true");

        // The element really plays: its 'playing' event fired and its clock moves.
        waitUpTo(30).until(d -> "true".equals(status().getDomAttribute("data-audio-played"))
                && ((Number) script("return document.getElementById('audio').currentTime;")).doubleValue() > 0.1);
        assertThat(script("return document.getElementById('audio').error;")).isNull();
        double duration = ((Number) script("return document.getElementById('audio').duration;")).doubleValue();

        // It decoded as long an audio as ffmpeg finds in the server's mp3 for the same request.
        Http.Response same = new Http(TestServer.base(server)).post("/tts", Http.form().field("text", text)
                .field("voice_url", "alba").field("format", "mp3").field("temperature", "0").field("eos_threshold", "-6"));
        assertThat(same.header("Content-Type")).isEqualTo("audio/mpeg");
        double decoded = Decoder.decode(same.body(), AudioFormat.MP3).length / 24_000.0;
        assertThat(decoded).isGreaterThan(0.5);
        assertThat(duration).isCloseTo(decoded, within(0.15));
        WebElement download = browser.findElement(By.id("download"));
        assertThat(download.getDomAttribute("href")).startsWith("blob:");
        assertThat(download.getDomProperty("download")).isEqualTo("generated_speech.mp3");
        screenshot("pocket-tts-mp3.png");
    }

    @Test
    void showsThePauseSyntaxAndTheSpeed() {
        openPage();
        assertThat(browser.findElement(By.id("pause-hint")).getText()).contains("[pause:1.5s]")
                .contains("<break time=\"500ms\"/>");
        WebElement speed = browser.findElement(By.id("speed"));
        assertThat(speed.getDomAttribute("min")).isEqualTo("0.25");
        assertThat(speed.getDomAttribute("max")).isEqualTo("4");
        script("const s = document.getElementById('speed'); s.value = '2'; s.dispatchEvent(new Event('input'));");
        assertThat(browser.findElement(By.id("speed-value")).getText()).isEqualTo("2.00×");
    }

    @Test
    void showsTheServersErrorForEmptyText() throws IOException {
        openPage();
        setField("text", "   ");
        browser.findElement(By.id("generate")).click();
        waitUpTo(30).until(d -> state().equals("error"));
        WebElement error = browser.findElement(By.id("error"));
        assertThat(error.isDisplayed()).isTrue();
        assertThat(error.getText()).isEqualTo("Text cannot be empty");
        screenshot("pocket-tts-error.png");
    }
}
