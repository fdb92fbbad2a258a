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
                        "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1100,900");
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
        assertNoAxeViolations("landing");

        // Sign up through the form
        browser.findElement(By.name("email")).sendKeys(email);
        browser.findElement(By.name("firstName")).sendKeys("Grace");
        new Select(browser.findElement(By.name("role"))).selectByVisibleText("Marketer");
        browser.findElement(By.name("consent")).click();
        browser.findElement(By.cssSelector("form[method=post] button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("/c/demo/thanks"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Check your inbox");
        assertNoAxeViolations("thanks");

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
        browser.navigate().refresh();
        assertNoAxeViolations("confirmed");

        // The confirmed page offers the survey; answer it as someone launching soon with a budget would
        browser.findElement(By.linkText("Answer the questions")).click();
        wait.until(ExpectedConditions.urlContains("/c/demo/survey?t="));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Help us tailor your tips");
        assertNoAxeViolations("survey");
        // Labels, as people click them: the scale's radio buttons sit invisibly under its segments
        for (String answer : new String[] {"stage'][value=launched", "urgency'][value='5'", "budget'][value=large",
                "channels'][value=ads"}) {
            browser.findElement(By.cssSelector("input[name='q." + answer + "]")).findElement(By.xpath("..")).click();
        }
        assertThat(browser.findElement(By.cssSelector("input[name='q.urgency'][value='5']")).isSelected()).isTrue();
        screenshot("survey.png");
        browser.findElement(By.cssSelector("form[method=post] button[type=submit]")).click();
        wait.until(ExpectedConditions.urlContains("saved=1"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Thanks, that's everything");
        assertThat(browser.findElement(By.linkText("Get a free launch review")).getAttribute("href"))
                .contains("/c/demo/talk?t=demo.");
        assertNoAxeViolations("survey-done");

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

    /** axe-core from the npm package {@code .ci/run} installs (no scripts), the same for every page. */
    static final Path AXE = Path.of(System.getProperty("leadpipe.axe", "../.ci/web-checks/node_modules/axe-core/axe.min.js"));

    /**
     * Runs axe-core (WCAG 2.0–2.2 A and AA rules and best practices) on the page the browser shows
     * and fails with every violation found: rule, impact and the elements.
     */
    static void assertNoAxeViolations(String page) throws IOException {
        assertNoAxeViolations(page, "'best-practice'");
    }

    /**
     * @param extraTags axe tags beyond the WCAG ones; mails run without {@code best-practice}, whose
     *                  landmark rules expect a page of its own, where a mail is shown inside the
     *                  mail client's page and its landmarks
     */
    static void assertNoAxeViolations(String page, String extraTags) throws IOException {
        if (!Files.isRegularFile(AXE)) {
            fail("axe-core is missing at " + AXE + ": npm ci --ignore-scripts --prefix .ci/web-checks (.ci/run does it)");
        }
        browser.executeScript(Files.readString(AXE));
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object violations = browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                        'wcag22aa', %s]}})
                    .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): '
                        + v.nodes.map(n => n.target.join(' ')).join(', '))))
                    .catch(e => done(['axe failed: ' + e]));
                """.formatted(extraTags.isEmpty() ? "'wcag2a'" : extraTags));
        assertThat((java.util.List<?>) violations).as("axe-core violations on " + page).isEmpty();
    }

    /** A screenshot of the whole page at this width, however long it is (Chromium's own full-page capture). */
    @SuppressWarnings("unchecked")
    static Path fullPage(String name, int width) throws IOException {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(width, 900));
        Map<String, Object> metrics = browser.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        Map<String, Number> size = (Map<String, Number>) metrics.get("cssContentSize");
        Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", size.get("width"),
                        "height", Math.min(size.get("height").doubleValue(), 8000), "scale", 1)));
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name);
        Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1100, 900));
        return file;
    }

    @Test
    void everyPageTypePassesAxeAndEveryMailIsPhotographed() throws IOException {
        // GIVEN one of every page type and every mail of the demo campaign, rendered by the
        // production code, its images pointing at the stand-ins in docs/demo-assets
        Path samples = Path.of("target/design");
        com.leadpipe.testing.DesignSamples.writePreview(samples, Path.of("../docs/demo-assets"));

        // WHEN each page is opened in Chromium, THEN axe-core finds no violation
        try (Stream<Path> pages = Files.list(samples.resolve("pages"))) {
            for (Path page : pages.sorted().toList()) {
                String name = page.getFileName().toString().replace(".html", "");
                if (name.equals("confirm")) {
                    // Its script would press the button (and leave the file); checked as people without scripts see it.
                    Files.writeString(page, Files.readString(page).replace("<script>", "<script type=\"text/plain\">"));
                }
                if (name.startsWith("landing-") && !name.equals("landing-errors")) {
                    // The captcha widget is the provider's (a cross-origin frame, fetched from the network):
                    // checked as the page is before its script runs, the same on every machine.
                    Files.writeString(page, Files.readString(page).replace("<script src=", "<script type=\"text/plain\" src="));
                }
                browser.get(page.toUri().toString());
                assertNoAxeViolations(name);
                fullPage("page-" + name + ".png", 1280);
                if (name.startsWith("landing") || name.startsWith("survey")) {
                    fullPage("page-" + name + "-phone.png", 390);
                }
            }
        }

        // AND every mail's HTML part is photographed as a 700 px wide mail client (and a phone) shows it
        try (Stream<Path> mails = Files.list(samples.resolve("mails"))) {
            for (Path mail : mails.filter(m -> m.toString().endsWith(".html")).sorted().toList()) {
                String name = mail.getFileName().toString().replace(".html", "");
                browser.get(mail.toUri().toString());
                assertNoAxeViolations("mail " + name, "");
                assertThat(Files.size(fullPage("mail-" + name + ".png", 700))).isGreaterThan(10_000);
                fullPage("mail-" + name + "-phone.png", 390);
            }
        }
    }
}
