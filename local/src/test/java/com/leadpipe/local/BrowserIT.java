package com.leadpipe.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.leadpipe.campaign.Survey;
import com.leadpipe.email.EmailAddress;
import com.leadpipe.json.JsonTree;
import com.leadpipe.store.LeadStore;
import com.leadpipe.store.Records.LeadStatus;
import com.leadpipe.survey.Qualifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a marketer does with the local runner, in headless Chromium: open the demo landing page,
 * sign up, open the mailbox, follow the link in the mail, press Confirm, answer the survey the
 * confirmed page offers, and find the lead hot and qualified; then move the clock on to the
 * hand-raise mail, raise the hand, and find the notice in the notify address's mailbox and a
 * {@code lead.hand_raised} event in {@code /_local/events.json}.
 * Saves screenshots to {@code target/screenshots/}: the landing page ({@code demo-landing.png},
 * the README's picture), the mailbox, the mail and the survey.
 *
 * <p>Uses Debian's {@code chromium} and {@code chromium-driver} only: both paths are given to
 * Selenium, so Selenium Manager (which would download a browser and driver) never runs.
 */
class BrowserIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of(System.getProperty("leadpipe.screenshots", "target/screenshots"));

    static RunningLocally local;
    static Path profile;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("BrowserIT needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install -y chromium chromium-driver (.ci/run installs them). Nothing is downloaded.");
        }
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        // Should Selenium Manager ever run after all, it must fail rather than download (SE_* properties become its flags).
        System.setProperty("SE_OFFLINE", "true");
        local = RunningLocally.start(o -> o);
        profile = Files.createTempDirectory("leadpipe-chromium-");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--no-first-run", "--user-data-dir=" + profile, "--window-size=1100,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (local != null) {
            local.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Test
    void signUpConfirmFromTheMailboxAnswerTheSurveyAndTheLeadIsHot() throws IOException {
        String email = "marketer-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));

        // The demo landing page, as a visitor sees it
        browser.get(local.url("/c/demo").toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Launch without the guesswork");
        assertThat(Files.size(screenshot("demo-landing.png"))).isGreaterThan(10_000);

        // Sign up through the form
        browser.findElement(By.name("email")).sendKeys(email);
        browser.findElement(By.name("firstName")).sendKeys("Grace");
        new Select(browser.findElement(By.name("role"))).selectByVisibleText("Marketer");
        browser.findElement(By.name("consent")).click();
        browser.findElement(By.cssSelector("form[method=post] button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/c/demo/thanks"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check your inbox");

        // The mailbox lists the confirmation mail; open it
        browser.get(local.url("/_local/mail").toString());
        WebElement row = browser.findElement(By.xpath("//tr[td[contains(., '" + email + "')]]"));
        screenshot("mailbox.png");
        row.findElement(By.linkText("Please confirm your email to get the checklist")).click();
        wait.until(ExpectedConditions.titleIs("Please confirm your email to get the checklist"));
        String textLink = browser.findElement(By.cssSelector("pre.text a")).getAttribute("href");
        assertThat(textLink).startsWith(local.runner.url() + "/confirm?t=demo.");
        screenshot("mail.png");

        // Follow the link in the HTML part (shown in a sandboxed frame; the link opens in its place).
        // Scripts off for this step: the confirm page would otherwise press its button by itself,
        // and this test presses it, as someone without JavaScript does.
        browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", true));
        browser.switchTo().frame(browser.findElement(By.cssSelector("iframe.mail")));
        WebElement htmlLink = browser.findElement(By.linkText("Yes, send me the checklist"));
        assertThat(htmlLink.getAttribute("href")).isEqualTo(textLink);
        htmlLink.click();
        browser.switchTo().defaultContent();
        wait.until(ExpectedConditions.urlToBe(textLink));
        WebElement confirm = browser.findElement(By.cssSelector("form[action='/confirm'] button[type=submit]"));
        assertThat(confirm.getText()).isEqualTo("Confirm my subscription");

        confirm.click();
        wait.until(ExpectedConditions.urlContains("/c/demo/confirmed"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("You're in!");
        browser.executeCdpCommand("Emulation.setScriptExecutionDisabled", Map.of("value", false));

        // The confirmed page offers the survey; answer it as someone launching soon with a budget would
        browser.findElement(By.linkText("Answer the questions")).click();
        wait.until(ExpectedConditions.urlContains("/c/demo/survey?t="));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Three quick questions");
        browser.findElement(By.cssSelector("input[name='q.stage'][value=launched]")).click();
        browser.findElement(By.cssSelector("input[name='q.urgency'][value='5']")).click();
        browser.findElement(By.cssSelector("input[name='q.budget'][value=large]")).click();
        browser.findElement(By.cssSelector("input[name='q.channels'][value=ads]")).click();
        screenshot("survey.png");
        browser.findElement(By.cssSelector("form[method=post] button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("saved=1"));
        assertThat(browser.findElement(By.cssSelector("p.saved")).getText()).startsWith("Thank you, your answers are saved.");

        // The lead: confirmed, with its answers, hot and qualified
        LeadStore store = new LeadStore(local.runner.aws().clients().dynamoDb(),
                local.runner.resources().tables().get("LeadsTable"));
        assertThat(store.findLead("demo", EmailAddress.tryParse(email).orElseThrow().key()))
                .hasValueSatisfying(lead -> {
                    assertThat(lead.status()).isEqualTo(LeadStatus.CONFIRMED);
                    assertThat(lead.fields()).containsEntry("firstName", "Grace").containsEntry("role", "Marketer");
                    assertThat(lead.survey()).containsEntry("budget", java.util.List.of("large"));
                    assertThat(lead.qualification().temperature()).isEqualTo(Survey.Temperature.HOT);
                    assertThat(lead.qualification().stage()).isEqualTo(Qualifier.Stage.QUALIFIED);
                });

        // Two days later (the local clock moved ahead) the hot lead's nurture step offers a launch review
        RunningLocally.eventually(Duration.ofSeconds(60), () -> assertThat(mailTo(email, "Your Lean Launch Checklist is here")).isPresent());
        local.post("/_local/clock/advance?minutes=" + (2 * 24 * 60 + 5));
        RunningLocally.eventually(Duration.ofSeconds(60), () ->
                assertThat(mailTo(email, "Want a free 20-minute launch review?")).isPresent());
        browser.get(local.url("/_local/mail").toString());
        browser.findElement(By.xpath("//tr[td[contains(., '" + email + "')]]"))
                .findElement(By.linkText("Want a free 20-minute launch review?")).click();
        String talk = browser.findElement(By.xpath("//pre[@class='text']/a[contains(@href, '/c/demo/talk?t=')]"))
                .getAttribute("href");

        // Raise the hand: the form asks how to be reached
        browser.get(talk);
        browser.findElement(By.cssSelector("input[name=channel][value=phone]")).click();
        browser.findElement(By.name("phone")).sendKeys("+44 20 7946 0000");
        screenshot("hand-raise.png");
        browser.findElement(By.cssSelector("form[method=post] button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Thanks, we'll be in touch"));

        // The demo's notify address gets the notice, and the bus a lead.hand_raised with the qualification
        RunningLocally.eventually(Duration.ofSeconds(30), () -> assertThat(mailTo("sales@leadpipe.test", "Hand raised: Grace <"
                + email + ">")).hasValueSatisfying(m -> assertThat(String.valueOf(m.get("text")))
                .contains("Prefers: phone", "I've got this: " + local.runner.url() + "/c/demo/talk/ack?t=")));
        RunningLocally.eventually(Duration.ofSeconds(30), () -> assertThat(JsonTree.array(
                JsonTree.parse("{\"e\":" + local.get("/_local/events.json").body() + "}"), "e"))
                .filteredOn(e -> "lead.hand_raised".equals(JsonTree.string(e, "detail-type")))
                .singleElement().satisfies(e -> {
                    assertThat(JsonTree.string(e, "source")).isEqualTo("leadpipe");
                    assertThat(JsonTree.object(JsonTree.object(e, "detail"), "qualification"))
                            .containsEntry("temperature", "hot").containsEntry("stage", "sales-ready");
                    assertThat(JsonTree.object(JsonTree.object(e, "detail"), "handRaise")).containsEntry("email", email);
                }));
        browser.get(local.url("/_local/events").toString());
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Lead events");
        screenshot("events.png");
    }

    /** The newest mail to {@code to} whose subject starts with {@code subject}, from /_local/mail.json. */
    static java.util.Optional<Map<String, Object>> mailTo(String to, String subject) {
        return JsonTree.array(JsonTree.parse("{\"m\":" + local.get("/_local/mail.json").body() + "}"), "m").stream()
                .map(m -> JsonTree.object(Map.of("m", m), "m"))
                .filter(m -> String.valueOf(m.get("to")).contains(to) && String.valueOf(m.get("subject")).startsWith(subject))
                .findFirst();
    }
}
