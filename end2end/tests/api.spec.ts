import AxeBuilder from "@axe-core/playwright";
import { expect, Page, test } from "@playwright/test";
import * as fs from "node:fs";
import { hydrated, signIn } from "./helpers";

async function noViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), what).toEqual([]);
}

// X-API: a user creates an API token in Settings (the secret shown once), the token reads the
// REST API as that user, the list shows when it was last used, and revoking it stops it at once.
test("an API token is created, used, listed and revoked", async ({ browser, baseURL }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "referrals@fabrikam.example");
  await page.getByRole("link", { name: "API tokens" }).click();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "API tokens", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.locator("#token-name-msg")).not.toBeEmpty();
  const name = `CRM ${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = await page.getByLabel("Token", { exact: true }).inputValue();
  expect(secret).toMatch(/^cs_[0-9a-f]{64}$/);
  await noViolations(page, "/settings/tokens with a new secret");

  const api = await page.request.get(`${baseURL}/v1.0/engagements/referrals?$top=1`, { headers: { Authorization: `Bearer ${secret}` } });
  expect(api.status()).toBe(200);
  expect((await api.json()).value.length).toBe(1);

  await page.getByRole("button", { name: "I have copied it" }).click();
  await page.reload();
  await hydrated(page);
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(secret.slice(0, 9));
  await expect(row).not.toContainText(secret);
  await expect(row).not.toContainText("Not used yet");
  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toHaveCount(0);
  const refused = await page.request.get(`${baseURL}/v1.0/engagements/referrals?$top=1`, { headers: { Authorization: `Bearer ${secret}` } });
  expect(refused.status()).toBe(401);
});

// X-API: the webhooks page (org admins) registers an address and shows the signing secret once;
// the API reference is read from the OpenAPI document; both pages are free of axe violations.
test("webhooks and the API reference pages", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "referrals@fabrikam.example");
  await page.getByRole("link", { name: "Webhooks" }).click();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Webhooks", level: 1 })).toBeVisible();
  await page.getByLabel("Address").fill("ftp://crm.example/hooks");
  await page.getByRole("button", { name: "Register webhook" }).click();
  await expect(page.locator("#webhook-url-msg")).toContainText("https://");
  await noViolations(page, "/settings/webhooks with an error");

  await page.getByRole("link", { name: "API reference" }).click();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "API reference", level: 1 })).toBeVisible();
  await expect(page.getByRole("heading", { name: "PATCH /v1.0/engagements/referrals/{id}" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Referral", exact: true })).toBeVisible();
  await noViolations(page, "/api-reference");

  // A referral user has no webhooks to manage.
  const user = await (await browser.newContext()).newPage();
  await signIn(user, "seattle.user@fabrikam.example");
  await expect(user.getByRole("link", { name: "API tokens" })).toBeVisible();
  await expect(user.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
});

// X-API: export downloads the visible referrals as CSV; importing it back changes nothing; a file
// with a failing row writes nothing and lists the row and field; the page has no axe violations.
test("referrals are exported and imported as CSV", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "referrals@fabrikam.example");
  await page.getByRole("link", { name: "Import and export" }).click();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Import and export", level: 1 })).toBeVisible();
  await page.getByLabel("Referrals", { exact: true }).selectOption("Active");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download CSV" }).click()]);
  const path = await download.path();
  const text = fs.readFileSync(path, "utf8");
  expect(text.split("\n")[0]).toContain("id,engagementId,name,status");
  const rows = text.trim().split("\n").slice(1);
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.every((r) => r.includes(",Active,"))).toBe(true);

  await page.getByLabel("CSV file").setInputFiles({ name: "referrals.csv", mimeType: "text/csv", buffer: Buffer.from(text) });
  await expect(page.getByRole("status").filter({ hasText: "Imported: 0 created, 0 changed." })).toBeVisible();

  const header = text.split("\n")[0];
  const bad = `${header}\n,,Bad row,,,,,,,,,Contoso Customer Inc,US,Redmond,,lots,USD,2027-06-30,,,Ana Silva,ana@fabrikam.example,+1 425 555 0100,\n`;
  await page.getByLabel("CSV file").setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
  const problems = page.getByRole("table", { name: "Rows that cannot be imported" });
  await expect(problems).toBeVisible();
  await expect(problems.getByRole("row").filter({ hasText: "row 2: details.dealValue" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("nothing was written");
  await noViolations(page, "/settings/transfer with problems");
});
