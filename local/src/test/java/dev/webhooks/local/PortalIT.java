package dev.webhooks.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.webhooks.core.adapter.sqs.Queues;
import dev.webhooks.testing.PackagedFunction;
import dev.webhooks.testing.RecordingReceiver;
import dev.webhooks.testing.SampleEvents;
import dev.webhooks.testing.TokenIssuer;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The management portal in a real browser (Debian's headless chromium, driven through its chromedriver) against the
 * local stack: the packaged API and dispatcher functions on the DynamoDB- and SQS-compatible servers, and a real
 * receiver for deliveries. Each test signs in as an organization of its own, as a host application would hand the
 * token over (in the URL fragment). Screenshots of each main screen go to {@code target/portal-screenshots/}.
 */
class PortalIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SCREENSHOTS = Path.of("target", "portal-screenshots");
    private static final String EVENT = "customer_request_created";
    private static final String EVENT_LABEL = "Customer Request Created";

    private static LocalStack stack;
    private static RecordingReceiver receiver;
    private static HttpClient http;

    private WebDriver browser;
    private String organization;
    private String token;

    @BeforeAll
    static void startTheStack() throws IOException {
        Path root = Path.of(System.getProperty("webhooks.repository.root", ".."));
        stack = LocalStack.start(root, 0, 0, 2, PackagedFunction.Output.FILE);
        receiver = RecordingReceiver.start();
        http = HttpClient.newHttpClient();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopTheStack() {
        if (receiver != null) {
            receiver.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void openTheBrowser() throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("webhooks.chromium", "/usr/bin/chromium"));
        options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory("portal-chromium").toAbsolutePath());
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("webhooks.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(driver, options);
        browser.manage().window().setSize(new Dimension(1280, 900));
        organization = "org-portal-" + UUID.randomUUID();
        token = TokenIssuer.shared().tokenFor(organization);
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOrganizationWithoutWebhooksIsLedToCreateOne() {
        signIn("#/webhooks");

        WebElement empty = waitFor(By.cssSelector(".empty"));
        assertThat(empty.getText()).contains("No webhooks yet");
        screenshot("list-empty");
        empty.findElement(By.linkText("Create your first webhook")).click();
        waitFor(By.cssSelector("form.webhook-form"));
        assertThat(browser.getCurrentUrl()).endsWith("#/webhooks/new");
    }

    @Test
    void aWebhookCreatedThroughTheFormIsStoredAsTheApiShowsIt() throws Exception {
        signIn("#/webhooks/new");
        waitFor(By.cssSelector("form.webhook-form"));

        type(control("Name"), "Partner CRM");
        new Select(control("Event")).selectByVisibleText(EVENT_LABEL);
        type(control("URL"), receiver.url("/created"));
        new Select(control("HTTP method")).selectByVisibleText("PUT");
        new Select(control("Authorization type")).selectByVisibleText("Basic");
        type(control("Username"), "crm-user");
        type(control("Password"), "first-password");
        screenshot("form-create");
        browser.findElement(By.xpath("//button[normalize-space()='Create webhook']")).click();

        WebElement secret = waitFor(By.id("signing-secret"));
        assertThat(secret.getText()).startsWith("whsec_");
        assertThat(browser.findElement(By.cssSelector(".created")).getText()).contains("won't be shown again");
        screenshot("created-signing-secret");

        JsonNode configs = apiGet("/v1/webhooks/configs");
        assertThat(configs).hasSize(1);
        JsonNode stored = configs.get(0);
        assertThat(stored.path("name").asText()).isEqualTo("Partner CRM");
        assertThat(stored.path("eventName").asText()).isEqualTo(EVENT);
        assertThat(stored.path("url").asText()).isEqualTo(receiver.url("/created"));
        assertThat(stored.path("httpMethod").asText()).isEqualTo("PUT");
        assertThat(stored.path("auth").path("basicAuthConfig").path("username").asText()).isEqualTo("crm-user");
        assertThat(browser.getPageSource()).doesNotContain("first-password");
    }

    @Test
    void editingShowsTheStoredValuesKeepsAnUntouchedSecretAndReplacesATypedOne() throws Exception {
        String id = createConfig("Billing", receiver.url("/edit"), "stored-password").path("id").asText();
        signIn("#/webhooks/" + id + "/edit");
        waitFor(By.cssSelector("form.webhook-form"));

        assertThat(control("Name").getDomProperty("value")).isEqualTo("Billing");
        assertThat(control("URL").getDomProperty("value")).isEqualTo(receiver.url("/edit"));
        assertThat(control("Username").getDomProperty("value")).isEqualTo("billing-user");
        assertThat(browser.findElement(By.cssSelector(".secret")).getText()).contains("A value is set");
        assertThat(browser.getPageSource()).doesNotContain("stored-password");
        screenshot("form-edit");

        control("Name").clear();
        type(control("Name"), "Billing v2");
        save();
        await().atMost(Duration.ofSeconds(20)).until(() -> apiGet("/v1/webhooks/configs/" + id).path("name").asText(),
                "Billing v2"::equals);
        assertThat(basicPasswordSentBy(id)).isEqualTo("stored-password");

        signIn("#/webhooks/" + id + "/edit");
        waitFor(By.cssSelector("form.webhook-form"));
        browser.findElement(By.xpath("//button[normalize-space()='Replace password']")).click();
        type(control("Password"), "new-password");
        save();
        await().atMost(Duration.ofSeconds(20)).until(() -> basicPasswordSentBy(id), "new-password"::equals);
        assertThat(browser.getPageSource()).doesNotContain("new-password");
    }

    @Test
    void rotatingTheSigningSecretShowsTheNewOneOnce() throws Exception {
        String id = createConfig("Rotated", receiver.url("/rotated"), "pw").path("id").asText();
        signIn("#/webhooks/" + id + "/edit");

        waitFor(By.xpath("//button[normalize-space()='Rotate signing secret']")).click();

        WebElement secret = waitFor(By.id("signing-secret"));
        assertThat(secret.getText()).startsWith("whsec_");
        String shown = secret.getText();
        assertThat(browser.getPageSource()).contains("won't be shown again");
        // Opened again (a fresh page, the token still in the tab's session): the secret is gone for good.
        browser.navigate().refresh();
        waitFor(By.cssSelector("form.webhook-form"));
        assertThat(browser.getPageSource()).doesNotContain(shown);
    }

    @Test
    void aValidationErrorIsShownAtItsField() {
        signIn("#/webhooks/new");
        waitFor(By.cssSelector("form.webhook-form"));
        new Select(control("Event")).selectByVisibleText(EVENT_LABEL);
        type(control("URL"), "ftp://partner.example.com/hook");
        browser.findElement(By.xpath("//button[normalize-space()='Create webhook']")).click();

        WebElement error = waitFor(By.id(control("URL").getAttribute("id") + "-error"));
        await().atMost(Duration.ofSeconds(10)).until(error::isDisplayed);
        assertThat(error.getText()).isNotBlank();
        assertThat(control("URL").getAttribute("aria-invalid")).isEqualTo("true");
        screenshot("form-validation-error");
    }

    @Test
    void aWebhookIsDisabledEnabledAndDeletedAfterAConfirmationThatNamesIt() throws Exception {
        String id = createConfig("Warehouse", receiver.url("/toggle"), "pw").path("id").asText();
        signIn("#/webhooks");
        WebElement toggle = waitForPresent(By.cssSelector("tr[data-config-id='" + id + "'] input[role=switch]"));
        screenshot("list");

        clickSwitch(toggle);
        waitFor(By.xpath("//p[contains(@class, 'success') and contains(., 'is now disabled')]"));
        assertThat(apiGet("/v1/webhooks/configs/" + id).path("enabled").asBoolean()).isFalse();
        assertThat(waitFor(By.cssSelector("tr[data-config-id='" + id + "']")).getText()).contains("inactive");
        toggle = waitForPresent(By.cssSelector("tr[data-config-id='" + id + "'] input[role=switch]"));
        clickSwitch(toggle);
        waitFor(By.xpath("//p[contains(@class, 'success') and contains(., 'is now enabled')]"));
        assertThat(apiGet("/v1/webhooks/configs/" + id).path("enabled").asBoolean()).isTrue();

        waitFor(By.cssSelector("tr[data-config-id='" + id + "'] button.danger")).click();
        WebElement dialog = waitFor(By.cssSelector("dialog.confirm"));
        assertThat(dialog.getText()).contains("Warehouse");
        screenshot("delete-confirmation");
        dialog.findElement(By.xpath(".//button[normalize-space()='Delete Warehouse']")).click();

        waitFor(By.cssSelector(".empty"));
        assertThat(apiStatus("/v1/webhooks/configs/" + id)).isEqualTo(404);
    }

    @Test
    void theFilterKeyPickerListsTheEventSchemasPaths() {
        signIn("#/webhooks/new");
        waitFor(By.cssSelector("form.webhook-form"));
        new Select(control("Event")).selectByVisibleText(EVENT_LABEL);
        browser.findElement(By.id("filter-enabled")).click();

        await().atMost(Duration.ofSeconds(10)).until(() -> schemaPaths().contains(
                "customer_request.request_items.product_category"));
        assertThat(control("Key to filter on").getAttribute("list")).isEqualTo("schema-paths");
        type(control("Values to deliver"), "solar\n");
        scrollTo(control("Key to filter on"));
        screenshot("form-filter");
    }

    @Test
    void anotherOrganizationSeesNoneOfIt() throws Exception {
        String id = createConfig("Private", receiver.url("/private"), "pw").path("id").asText();
        token = TokenIssuer.shared().tokenFor("org-portal-stranger-" + UUID.randomUUID());

        signIn("#/webhooks");
        assertThat(waitFor(By.cssSelector(".empty")).getText()).contains("No webhooks yet");
        signIn("#/webhooks/" + id + "/edit");
        WebElement notice = waitFor(By.cssSelector(".notice.error"));
        assertThat(notice.getText()).doesNotContain("Private");
        assertThat(browser.getPageSource()).doesNotContain(receiver.url("/private"));
    }

    @Test
    void aDeliveredEventAppearsInTheHistoryAndAReplayAddsANewOne() throws Exception {
        String id = createConfig("Deliveries", receiver.url("/history"), "pw").path("id").asText();
        String eventId = "evt-portal-" + UUID.randomUUID();
        publish(eventId);
        await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received("/history").isEmpty());

        signIn("#/webhooks/" + id + "/history");
        WebElement row = waitForRow(eventId);
        assertThat(row.getText()).contains("succeeded");
        scrollTo(browser.findElement(By.cssSelector(".toolbar")));
        screenshot("history");

        row.findElement(By.xpath(".//button[normalize-space()='Replay']")).click();
        waitFor(By.cssSelector(".status-area .notice.success"));
        // Refreshes now and then (each refresh redraws the table from the API) until the replay is listed.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            List<WebElement> replays = browser.findElements(
                    By.xpath("//tr[.//div[contains(., 'replay of " + eventId + "')]]"));
            if (replays.isEmpty()) {
                browser.findElement(By.xpath("//button[normalize-space()='Refresh']")).click();
            }
            return replays.size();
        }, count -> count == 1);

        // A batch replay of the selected events: the original and its replay.
        int before = receiver.received("/history").size();
        for (WebElement pick : browser.findElements(By.cssSelector("table.events input[type=checkbox]"))) {
            pick.click();
        }
        browser.findElement(By.xpath("//button[normalize-space()='Replay selected']")).click();
        assertThat(waitFor(By.xpath("//p[contains(@class, 'success') and contains(., 'Replaying 2 events')]"))
                .isDisplayed()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received("/history").size() >= before + 2);

        row = waitForRow(eventId);
        row.findElement(By.tagName("a")).click();
        WebElement details = waitFor(By.cssSelector("dl.details"));
        assertThat(details.getText()).contains("succeeded").contains("200");
        screenshot("event-details");
    }

    @Test
    void theFilterPreviewShowsWhichRecentEventsWouldBeDelivered() throws Exception {
        String id = createConfig("Preview", receiver.url("/preview"), "pw").path("id").asText();
        String eventId = "evt-preview-" + UUID.randomUUID();
        publish(eventId);
        await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received("/preview").isEmpty());

        signIn("#/webhooks/" + id + "/edit");
        waitFor(By.cssSelector("form.webhook-form"));
        browser.findElement(By.id("filter-enabled")).click();
        type(control("Key to filter on"), "customer_request.request_items.product_category");
        type(control("Values to deliver"), "no-such-category\n");
        browser.findElement(By.xpath("//button[normalize-space()='Preview on recent events']")).click();

        WebElement preview = waitFor(By.cssSelector("table.preview-results"));
        assertThat(preview.getText()).contains(eventId).contains("skipped")
                .contains("customer_request.request_items.product_category");
        scrollTo(preview);
        screenshot("filter-preview");
    }

    @Test
    void aTransformIsPreviewedSavedAndItsDeliveryShowsTheOriginalBesideTheBodySent() throws Exception {
        String id = createConfig("Transform", receiver.url("/transform"), "pw").path("id").asText();
        publish("evt-before-" + UUID.randomUUID());
        await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received("/transform").isEmpty());
        String expression = "{'org': metadata.organization_id, 'kind': 'portal'}";

        signIn("#/webhooks/" + id + "/edit");
        waitFor(By.cssSelector("form.webhook-form"));
        type(control("JSONata expression"), expression);
        browser.findElement(By.xpath("//button[normalize-space()='Preview the body sent']")).click();
        WebElement preview = waitFor(By.xpath("//pre[contains(., '\"kind\": \"portal\"')]"));
        assertThat(preview.getText()).contains(organization);
        scrollTo(preview);
        screenshot("transform-preview");
        save();
        assertThat(apiGet("/v1/webhooks/configs/" + id).path("jsonataExpression").asText()).isEqualTo(expression);

        String eventId = "evt-transformed-" + UUID.randomUUID();
        publish(eventId);
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received("/transform").size() >= 2);
        assertThat(MAPPER.readTree(receiver.received("/transform").get(1).body()))
                .isEqualTo(MAPPER.createObjectNode().put("org", organization).put("kind", "portal"));

        signIn("#/webhooks/" + id + "/events/" + eventId);
        WebElement original = waitFor(By.xpath("//h2[normalize-space()='Original event']"));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Body sent (transformed)")
                .contains("\"kind\": \"portal\"").contains("customer_request");
        scrollTo(original);
        screenshot("transformed-delivery");
    }

    @Test
    void theHistoryOfADeletedWebhookStaysReachable() throws Exception {
        String id = createConfig("Retired", receiver.url("/retired"), "pw").path("id").asText();
        String eventId = "evt-retired-" + UUID.randomUUID();
        publish(eventId);
        await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received("/retired").isEmpty());
        HttpResponse<Void> deleted = http.send(request("/v1/webhooks/configs/" + id).DELETE().build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(deleted.statusCode()).isBetween(200, 299);

        signIn("#/webhooks/" + id + "/history");

        assertThat(waitFor(By.tagName("h1")).getText()).contains("deleted webhook");
        assertThat(waitForRow(eventId).getText()).contains("succeeded");
    }

    @Test
    void theTestEventsOutcomeIsShown() throws Exception {
        String id = createConfig("Test events", receiver.url("/test-event"), "pw").path("id").asText();
        signIn("#/webhooks/" + id + "/history");

        waitFor(By.xpath("//button[normalize-space()='Send test event']")).click();
        WebElement outcome = waitFor(By.cssSelector(".card .notice.success"));
        assertThat(outcome.getText()).contains("Delivered").contains("200");
        assertThat(receiver.received("/test-event")).hasSize(1);
        screenshot("test-event");
    }

    @Test
    void theChartShowsTheCountsTheApiReturns() throws Exception {
        String id = createConfig("Charted", receiver.url("/chart"), "pw").path("id").asText();
        for (int i = 0; i < 3; i++) {
            JsonNode example = apiPost("/v1/webhooks/configs/" + id + "/example", "{}");
            apiPost("/v1/webhooks/configs/" + id + "/trigger?sync=true", example.toString());
        }
        JsonNode stats = apiGet("/v1/webhooks/configs/" + id + "/stats?window=24h");
        assertThat(stats.path("totals").path("succeeded").asInt()).isEqualTo(3);

        signIn("#/webhooks/" + id + "/history");
        WebElement legend = waitFor(By.cssSelector(".chart-legend"));
        assertThat(legend.getText()).contains("Delivered: 3").contains("Failed: 0").contains("Skipped: 0");
        long drawn = ((Number) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('svg.chart rect[data-series=succeeded]')]"
                        + ".reduce((sum, bar) => sum + Number(bar.dataset.count), 0);")).longValue();
        assertThat(drawn).as("the bars add up to the API's count").isEqualTo(3);
        screenshot("history-chart");
    }

    @Test
    void everyFormControlHasAnAccessibleLabel() throws Exception {
        createConfig("Labelled", receiver.url("/labels"), "pw");
        signIn("#/webhooks");
        waitFor(By.cssSelector("table.webhooks"));
        assertThat(unlabelledControls()).as("list").isEmpty();

        signIn("#/webhooks/new");
        waitFor(By.cssSelector("form.webhook-form"));
        browser.findElement(By.id("filter-enabled")).click();
        browser.findElement(By.xpath("//button[normalize-space()='Add condition']")).click();
        new Select(control("Authorization type")).selectByVisibleText("OAuth client credentials");
        browser.findElement(By.xpath("//button[normalize-space()='Add parameter']")).click();
        assertThat(unlabelledControls()).as("form").isEmpty();

        browser.manage().window().setSize(new Dimension(390, 844));
        screenshot("form-narrow");
        signIn("#/webhooks");
        waitFor(By.cssSelector("table.webhooks"));
        screenshot("list-narrow");
    }

    @Test
    void thePageIsServedWithoutATokenAndTellsTheBrowserToLoadNothingElse() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(stack.apiBase()
                + "/portal/index.html")).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        assertThat(page.body()).doesNotContain("http://", "https://");
    }

    @Test
    void theApiReferenceShowsEveryOperationOfTheServedDocumentAndBreaksNoPolicy() throws Exception {
        HttpResponse<String> document = http.send(HttpRequest.newBuilder(URI.create(stack.apiBase()
                + "/v1/webhooks/openapi.json")).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode paths = new ObjectMapper().readTree(document.body()).path("paths");
        List<String> operations = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (List.of("get", "put", "post", "delete", "patch").contains(method)) {
                operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        browser.get(stack.apiBase() + "/api-docs/index.html");
        waitFor(By.cssSelector(".opblock"));
        List<String> shown = browser.findElements(By.cssSelector(".opblock")).stream()
                .map(block -> block.findElement(By.cssSelector(".opblock-summary-method")).getText() + " "
                        + block.findElement(By.cssSelector(".opblock-summary [data-path]")).getAttribute("data-path"))
                .distinct().toList();
        screenshot("api-reference");

        assertThat(shown).as("every operation of /v1/webhooks/openapi.json (under each of its tags)")
                .containsExactlyInAnyOrderElementsOf(operations);
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText())
                .startsWith(new ObjectMapper().readTree(document.body()).path("info").path("title").asText());

        // "Authorize" with a bearer token, then "Try it out" on getConfiguredEvents: the page calls the API it came from.
        browser.findElement(By.cssSelector(".auth-wrapper .authorize")).click();
        type(waitFor(By.cssSelector(".modal-ux input")), token);
        browser.findElement(By.cssSelector(".modal-ux .auth-btn-wrapper .authorize")).click();
        browser.findElement(By.cssSelector(".modal-ux .btn-done")).click();
        WebElement operation = browser.findElement(By.cssSelector("#operations-webhooks-getConfiguredEvents"));
        operation.findElement(By.cssSelector(".opblock-summary-control")).click();
        waitFor(By.cssSelector("#operations-webhooks-getConfiguredEvents .try-out__btn")).click();
        waitFor(By.cssSelector("#operations-webhooks-getConfiguredEvents .execute")).click();
        WebElement status = waitFor(By.cssSelector("#operations-webhooks-getConfiguredEvents .live-responses-table "
                + "tr.response .response-col_status"));
        screenshot("api-reference-try-it-out");
        assertThat(status.getText()).as("the answer to Try it out").startsWith("200");

        assertThat(browser.manage().logs().get("browser").getAll()).as("the console")
                .noneMatch(entry -> entry.getMessage().contains("Content Security Policy")
                        || entry.getMessage().contains("Refused to"));
    }

    @Test
    void theKeyboardAloneReachesAndUsesTheForm() {
        signIn("#/webhooks");
        waitFor(By.cssSelector(".empty"));

        // Tab from the top of the page to "Create webhook", then Enter: no mouse.
        WebElement create = null;
        for (int i = 0; i < 10 && create == null; i++) {
            browser.switchTo().activeElement().sendKeys(org.openqa.selenium.Keys.TAB);
            WebElement focused = browser.switchTo().activeElement();
            if ("Create webhook".equals(focused.getText())) {
                create = focused;
            }
        }
        assertThat(create).as("Create webhook reached with Tab").isNotNull();
        create.sendKeys(org.openqa.selenium.Keys.ENTER);

        waitFor(By.cssSelector("form.webhook-form"));
        assertThat(browser.getCurrentUrl()).endsWith("#/webhooks/new");
    }

    @Test
    void aMissingOrExpiredTokenAsksForOneAgain() {
        token = TokenIssuer.shared().token(java.util.Map.of("org_id", organization), Duration.ofMinutes(-5));
        signIn("#/webhooks");

        WebElement alert = waitFor(By.cssSelector("section.card.narrow .notice.warning"));
        assertThat(alert.getText()).contains("Sign in again");
        assertThat(browser.findElement(By.tagName("textarea")).isDisplayed()).isTrue();
        screenshot("sign-in");
    }

    // --- helpers ---------------------------------------------------------------------------------------------

    /** Opens the portal at {@code route}, handing the token over in the fragment as a host application would. */
    private void signIn(String route) {
        browser.get(stack.apiBase() + "/portal/index.html" + route + "&token=" + token);
    }

    private WebElement waitForRow(String eventId) {
        return waitFor(By.cssSelector("tr[data-event-id='" + eventId + "']"));
    }

    /** An element present within 20 s, visible or not (the switch's checkbox is drawn by its label). */
    private WebElement waitForPresent(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(20))
                .until(driver -> driver.findElements(locator).stream().findFirst().orElse(null));
    }

    /** The first visible element found within 20 s; otherwise fails with what the page shows instead. */
    private WebElement waitFor(By locator) {
        try {
            return new WebDriverWait(browser, Duration.ofSeconds(20))
                    .until(driver -> driver.findElements(locator).stream().filter(WebElement::isDisplayed)
                            .findFirst().orElse(null));
        } catch (org.openqa.selenium.TimeoutException notThere) {
            screenshot("failed-" + System.nanoTime());
            throw new AssertionError("no visible " + locator + " on " + browser.getCurrentUrl() + "; the page shows: "
                    + browser.findElement(By.tagName("body")).getText() + "; the console says: "
                    + browser.manage().logs().get("browser").getAll(), notThere);
        }
    }

    /** The control a visible label names: through the label's {@code for}, as assistive technology finds it. */
    private WebElement control(String label) {
        WebElement element = waitFor(By.xpath("//label[normalize-space()='" + label + "']"));
        return browser.findElement(By.id(element.getAttribute("for")));
    }

    private static void type(WebElement input, String text) {
        input.sendKeys(text);
    }

    private void save() {
        browser.findElement(By.xpath("//button[normalize-space()='Save changes']")).click();
        waitFor(By.cssSelector(".notice.success"));
    }

    private void scrollTo(WebElement element) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'start'});", element);
    }

    private void clickSwitch(WebElement toggle) {
        ((JavascriptExecutor) browser).executeScript("arguments[0].click();", toggle);
    }

    @SuppressWarnings("unchecked")
    private List<String> schemaPaths() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll('#schema-paths option')].map(o => o.value);");
    }

    /** Inputs, selects and textareas without a label, aria-label or aria-labelledby (hidden ones included). */
    @SuppressWarnings("unchecked")
    private List<String> unlabelledControls() {
        return (List<String>) ((JavascriptExecutor) browser).executeScript("""
                return [...document.querySelectorAll('input, select, textarea')]
                  .filter(c => c.type !== 'hidden')
                  .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')
                               && !c.getAttribute('aria-labelledby'))
                  .map(c => c.outerHTML);
                """);
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends a test event through the API and returns the Basic password the receiver got. */
    private String basicPasswordSentBy(String id) throws Exception {
        JsonNode example = apiPost("/v1/webhooks/configs/" + id + "/example", "{}");
        int before = receiver.received("/edit").size();
        apiPost("/v1/webhooks/configs/" + id + "/trigger", example.toString());
        await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received("/edit").size() > before);
        String authorization = receiver.received("/edit").get(receiver.received("/edit").size() - 1)
                .header("Authorization");
        String decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
                StandardCharsets.UTF_8);
        return decoded.substring(decoded.indexOf(':') + 1);
    }

    private JsonNode createConfig(String name, String url, String password) throws Exception {
        return apiPost("/v1/webhooks/configs", MAPPER.createObjectNode()
                .put("name", name).put("eventName", EVENT).put("url", url).put("httpMethod", "POST")
                .put("enabled", true)
                .set("auth", MAPPER.createObjectNode().put("authType", "BASIC").set("basicAuthConfig",
                        MAPPER.createObjectNode().put("username", name.toLowerCase() + "-user")
                                .put("password", password))).toString());
    }

    /** Publishes one event of the organization to the event queue, as the platform's event bus does. */
    void publish(String eventId) {
        try (SqsClient sqs = stack.emulators().sqsClient()) {
            String body = SampleEvents.eventBridgeEnvelope(eventId, EVENT, SampleEvents.sample(EVENT, organization));
            sqs.sendMessage(send -> send.queueUrl(stack.emulators().queueUrl(Queues.EVENTS_DEFAULT_NAME))
                    .messageBody(body));
        }
    }

    private JsonNode apiGet(String path) throws Exception {
        HttpResponse<String> response = http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return MAPPER.readTree(response.body());
    }

    private int apiStatus(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode apiPost(String path, String body) throws Exception {
        HttpResponse<String> response = http.send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
        return MAPPER.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.apiBase() + path)).header("Authorization", "Bearer " + token);
    }
}
