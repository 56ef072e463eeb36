import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// SPEC §5 (R-NEW-1..7), R-TYPE-0..3, R-TAB-1: a referrals admin creates a deal through the wizard,
// correcting invalid entries on the way, and finds it in Outbound; its page is server-rendered and
// hydrates.
test("referrals admin creates a deal in the wizard and finds it in Outbound", async ({ page }) => {
  const dealName = `E2E Azure landing zone ${Date.now()}`;
  await signIn(page, "referrals@fabrikam.example");
  await expect(page).toHaveURL(/\/referrals\/outbound/);

  await page.getByRole("link", { name: "New deal" }).click();
  await expect(page.getByRole("heading", { name: "New deal" })).toBeVisible();
  const next = page.getByRole("button", { name: "Next" });

  // Customer: location, then a name with suggestions; same-name entities differ by D-U-N-S (R-CAT-3).
  await page.getByRole("combobox", { name: "Customer location" }).selectOption({ label: "United States" });
  await expect(next).toBeDisabled();
  await page.getByRole("combobox", { name: "Customer name" }).fill("Contoso Ltd");
  const options = page.getByRole("option").filter({ hasText: "Contoso Ltd" });
  await expect(options).toHaveCount(3);
  await expect(options.first()).toContainText("D-U-N-S");
  await options.first().getByRole("button").click();
  await expect(page.getByTestId("chosen-customer")).toContainText("Contoso Ltd");
  await expect(next).toBeEnabled();
  await next.click();

  // Deal details: an invalid value is refused beside the field, then corrected (R-NEW-2).
  await expect(page.getByRole("heading", { name: "Deal details" })).toBeVisible();
  await page.getByRole("textbox", { name: "Deal name", exact: true }).fill(dealName);
  const value = page.getByRole("textbox", { name: "Estimated value" });
  await value.fill("twenty thousand");
  await value.blur();
  await expect(page.getByText("Enter an amount, like 25000 or 25,000.50.")).toBeVisible();
  await expect(value).toHaveAttribute("aria-invalid", "true");
  await expect(next).toBeDisabled();
  await value.fill("25,000.50");
  await expect(value).toHaveAttribute("aria-invalid", "false");
  await page.getByRole("textbox", { name: "Estimated close date" }).fill("2027-06-30");
  await page.getByLabel("CRM ID").fill("CRM-E2E-1");
  await page.getByLabel("Marketing campaign ID").fill("CMP-42");
  await page.getByLabel("Notes").fill("Created by the browser test.");
  await expect(page.getByRole("combobox", { name: "Location", exact: true })).toBeVisible();
  await next.click();

  // Team: a bad e-mail is flagged, then fixed (R-NEW-3). Keyboard only.
  await expect(page.getByRole("heading", { name: "Team" })).toBeVisible();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ana Silva");
  await page.keyboard.press("Tab");
  await page.keyboard.type("+1 425 555 0100");
  await page.keyboard.press("Tab");
  await page.keyboard.type("ana@");
  await page.keyboard.press("Tab");
  await expect(page.getByText("Enter a valid e-mail address, like name@company.com.")).toBeVisible();
  await expect(next).toBeDisabled();
  await page.getByRole("textbox", { name: "Email", exact: true }).fill("ana@fabrikam.example");
  await expect(next).toBeEnabled();
  await next.click();

  // Solutions (R-NEW-4).
  await expect(page.getByRole("heading", { name: "Solutions" })).toBeVisible();
  await expect(next).toBeDisabled();
  await page.getByRole("checkbox", { name: /Fabrikam Migrate/ }).check();
  await next.click();

  // Selling type: the type follows the answers live (R-TYPE-0..3); co-sell needs the contact (R-NEW-1).
  await expect(page.getByRole("heading", { name: "Selling type" })).toBeVisible();
  const liveType = page.getByTestId("live-type");
  await expect(liveType).toContainText("Private");
  await page.getByLabel("Yes").check();
  await expect(liveType).toContainText("Partner-led");
  await page.getByLabel("Identify the kind of help that you need from Microsoft?").selectOption({ label: "Proof of concept or demo" });
  await expect(liveType).toContainText("Co-sell");
  await expect(next).toBeDisabled();
  await page.getByRole("button", { name: "Go to Customer" }).click();
  await page.getByLabel("Contact name").fill("Jo Customer");
  await page.getByLabel("Contact phone").fill("+1 206 555 0199");
  await page.getByLabel("Contact email").fill("jo@contoso.example");
  await page.getByLabel("The customer agreed to share these contact details with Microsoft.").check();
  for (let i = 0; i < 4; i++) await next.click();
  await expect(page.getByRole("heading", { name: "Selling type" })).toBeVisible();
  await expect(liveType).toContainText("Co-sell");
  await next.click();

  // Review and create.
  await expect(page.getByRole("heading", { name: "Review" })).toBeVisible();
  await page.getByRole("button", { name: "Create deal" }).click();
  await page.waitForURL(/\/deals\/[0-9a-f-]+/);
  await expect(page.getByRole("heading", { name: dealName })).toBeVisible();
  await expect(page.getByTestId("deal-stage")).toHaveText("Created 10%");
  await expect(page.getByText("$25,000.50")).toBeVisible();
  const dealUrl = page.url().split("?")[0];

  // Outbound lists it.
  await page.goto("/referrals/outbound");
  const row = page.getByRole("row").filter({ hasText: dealName });
  await expect(row).toContainText("Co-sell");
  await expect(row).toContainText("Created 10%");
  await expect(row).toContainText("Contoso Ltd");

  // The deal page, server-rendered on reload, then hydrated: the heart responds and persists.
  await page.goto(dealUrl);
  await page.reload();
  await expect(page.getByRole("heading", { name: dealName })).toBeVisible();
  await expect(page.getByText("CRM-E2E-1")).toBeVisible();
  await expect(page.getByText("Jo Customer")).toBeVisible();
  await hydrated(page);
  const heart = page.getByRole("button", { name: `Add ${dealName} to favorites` });
  await expect(heart).toHaveAttribute("aria-pressed", "false");
  await heart.click();
  await expect(page.getByRole("button", { name: `Remove ${dealName} from favorites` })).toHaveAttribute("aria-pressed", "true");
  await page.goto("/referrals/favorites");
  await expect(page.getByRole("row").filter({ hasText: dealName })).toBeVisible();
});

// R-NEW-5, R-TYPE-4: partners are invited on the wizard's selling step with the deal page's own
// fields and rules: a missing solution is refused beside its field before the partner is added; the
// type turns Partner to partner; the invited partner finds its copy in Inbound.
test("referrals admin invites a partner from the wizard", async ({ page, browser }) => {
  const dealName = `E2E wizard P2P ${Date.now()}`;
  await signIn(page, "referrals@fabrikam.example");
  await page.goto("/deals/new");
  await hydrated(page);
  const next = page.getByRole("button", { name: "Next" });
  await page.getByRole("combobox", { name: "Customer location" }).selectOption({ label: "United States" });
  await page.getByRole("combobox", { name: "Customer name" }).fill("Contoso Ltd");
  await page.getByRole("option").filter({ hasText: "Contoso Ltd" }).first().getByRole("button").click();
  await next.click();
  await page.getByRole("textbox", { name: "Deal name", exact: true }).fill(dealName);
  await page.getByRole("textbox", { name: "Estimated value" }).fill("40000");
  await page.getByRole("textbox", { name: "Estimated close date" }).fill("2027-06-30");
  await next.click();
  await page.getByRole("textbox", { name: "Name", exact: true }).fill("Ana Silva");
  await page.getByRole("textbox", { name: "Phone", exact: true }).fill("+1 425 555 0100");
  await page.getByRole("textbox", { name: "Email", exact: true }).fill("ana@fabrikam.example");
  await next.click();
  await page.getByRole("checkbox", { name: /Fabrikam Migrate/ }).check();
  await next.click();

  await expect(page.getByRole("heading", { name: "Selling type" })).toBeVisible();
  const partners = page.getByTestId("wizard-partners");
  await partners.getByRole("button", { name: "Invite a partner…" }).click();
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((v) => v.id), "the selling step with the invitation form").toEqual([]);
  await page.getByRole("combobox", { name: "Partner" }).selectOption({ label: "Contoso Data Partners" });
  await page.getByRole("textbox", { name: "Estimated value" }).fill("9000");
  await page.getByRole("button", { name: "Add this partner" }).click();
  await expect(page.locator("#invite-solutions-msg")).toBeVisible();
  await expect(page.getByTestId("live-type")).toContainText("Private");
  await page.getByTestId("wizard-invitation").getByRole("checkbox", { name: /Fabrikam Migrate/ }).check();
  await expect(page.getByRole("checkbox", { name: /Ana Silva/ })).toBeChecked();
  await page.getByRole("button", { name: "Add this partner" }).click();
  await expect(partners.getByRole("listitem")).toContainText("Contoso Data Partners");
  await expect(page.getByTestId("live-type")).toContainText("Partner to partner");
  await next.click();
  await expect(page.getByTestId("review-partners")).toContainText("Contoso Data Partners · $9,000.00");
  await page.getByLabel("I have reviewed these warnings and want to create the deal.").check();
  await page.getByRole("button", { name: "Create deal" }).click();
  await page.waitForURL(/\/deals\/[0-9a-f-]+/);
  await expect(page.getByTestId("deal-type")).toContainText("Partner to partner");

  const contoso = await (await browser.newContext()).newPage();
  await signIn(contoso, "referrals@contoso-partners.example");
  await contoso.goto("/referrals/inbound");
  const row = contoso.getByRole("row").filter({ hasText: dealName });
  await expect(row).toContainText("Partner to partner");
  await expect(row).toContainText("$9,000.00");
});
