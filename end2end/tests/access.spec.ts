import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

async function outboundNames(page: import("@playwright/test").Page): Promise<string[]> {
  await page.goto("/referrals/outbound");
  await hydrated(page);
  return page.locator("a.deal-link").allTextContents();
}

// R-ORG-3: a referral user sees only team deals of their locations; a referrals admin sees all of
// the organization's deals.
test("referral user sees only team deals in their locations", async ({ browser }) => {
  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, "referrals@fabrikam.example");
  const all = await outboundNames(adminPage);
  const userPage = await (await browser.newContext()).newPage();
  await signIn(userPage, "seattle.user@fabrikam.example");
  const mine = await outboundNames(userPage);
  expect(mine.length).toBeGreaterThan(0);
  expect(all.length).toBeGreaterThan(mine.length);
  for (const name of mine) expect(all).toContain(name);
  expect(mine.some((n) => n.includes("Cloud migration"))).toBe(true);
  expect(mine.some((n) => n.includes("Data platform modernization"))).toBe(false);
  // R-NEW-6: the New deal button is disabled for a referral user, with the reason.
  await expect(userPage.getByRole("button", { name: "New deal" })).toBeDisabled();
  await expect(userPage.getByText("Only referrals admins and MPN partner admins can do this.")).toBeVisible();
});

// R-ORG-3: another organization's deal is a not-found page (its existence is not revealed).
test("a user of another organization gets the not-found page", async ({ browser }) => {
  const fabrikam = await (await browser.newContext()).newPage();
  await signIn(fabrikam, "referrals@fabrikam.example");
  await fabrikam.goto("/referrals/outbound");
  const href = await fabrikam.locator("a.deal-link").first().getAttribute("href");
  expect(href).toMatch(/^\/deals\//);
  const contoso = await (await browser.newContext()).newPage();
  await signIn(contoso, "referrals@contoso-partners.example");
  const response = await contoso.goto(href!);
  expect(response?.status()).toBe(404);
  await expect(contoso.getByRole("heading", { name: "Not found" })).toBeVisible();
});

// R-ORG-2: the MPN partner admin adds a user, who can then sign in.
test("MPN partner admin adds a user who can then sign in", async ({ browser }) => {
  const email = `new.${Date.now()}@fabrikam.example`;
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@fabrikam.example");
  await admin.getByRole("link", { name: "Users" }).click();
  await expect(admin.getByRole("heading", { name: "Users", exact: true })).toBeVisible();
  await admin.getByRole("textbox", { name: "Email" }).fill(email);
  await admin.getByRole("textbox", { name: "Name" }).fill("Nia New");
  await admin.getByRole("checkbox", { name: "Referral user" }).check();
  await admin.getByRole("button", { name: "Add user" }).click();
  // A referral user needs a scope and a long enough password: said beside the fields.
  await expect(admin.getByText("A referral user needs at least one location scope.")).toBeVisible();
  await admin.getByRole("checkbox", { name: /Seattle/ }).check();
  await admin.getByRole("textbox", { name: "Initial password" }).fill("a long first password");
  await admin.getByRole("button", { name: "Add user" }).click();
  await expect(admin.getByText("User added. They can sign in now.")).toBeVisible();
  await expect(admin.getByRole("cell", { name: email })).toBeVisible();

  const user = await (await browser.newContext()).newPage();
  await user.goto("/sign-in");
  await hydrated(user);
  await user.getByLabel("Email").fill(email);
  await user.getByLabel("Password").fill("a long first password");
  await user.getByRole("button", { name: "Sign in" }).click();
  await expect(user).toHaveURL(/\/referrals\/outbound/);
  await expect(user.getByText("Nia New")).toBeVisible();
});

// R-ORG-3, R-LIFE-6, R-NEW-5: a P2P invitation from the demo data. Fabrikam accepted Contoso's
// invitation with the Seattle user on its team: that user finds it in Inbound with who invited
// them; Contoso's deal lists Fabrikam as an accepted invited partner.
test("both sides of a partner invitation see it", async ({ browser }) => {
  const seattle = await (await browser.newContext()).newPage();
  await signIn(seattle, "seattle.user@fabrikam.example");
  await seattle.goto("/referrals/inbound");
  await hydrated(seattle);
  await seattle.locator("a.deal-link", { hasText: "Cloud migration" }).click();
  await expect(seattle.getByTestId("invited-by")).toHaveText("Invitation from Contoso Data Partners");
  await expect(seattle.getByTestId("deal-status")).toHaveText("Accepted");
  await expect(seattle.getByTestId("deal-type")).toHaveText("Partner to partner");
  // The Engagement card links Contoso's deal; Fabrikam reads it without Contoso's own notes.
  const engagement = seattle.getByTestId("engagement");
  await expect(engagement).toContainText("created the engagement");
  await engagement.getByRole("link", { name: "Contoso Data Partners" }).click();
  await expect(seattle.getByRole("heading", { level: 1 })).toContainText("Cloud migration");
  await expect(seattle.getByText("Demo deal: Cloud migration.")).toHaveCount(0);

  const contoso = await (await browser.newContext()).newPage();
  await signIn(contoso, "referrals@contoso-partners.example");
  await contoso.goto("/referrals/outbound");
  await hydrated(contoso);
  await contoso.locator("a.deal-link", { hasText: "Cloud migration" }).click();
  const invited = contoso.getByRole("region", { name: "Invited partners" });
  await expect(invited.getByRole("row", { name: /Fabrikam Cloud Solutions/ })).toContainText("Accepted");
});

// R-TAB-2: a filter narrows the list, lands in the address and survives a reload; the total says
// how many deals match.
test("filters of a tab are kept in the address", async ({ page }) => {
  await signIn(page, "admin@fabrikam.example");
  await page.goto("/referrals/closed");
  await hydrated(page);
  await page.getByLabel("Status").selectOption({ label: "Won" });
  await page.waitForURL(/status=won/);
  const rows = page.locator("table.deals tbody tr");
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) await expect(row).toContainText("Won");
  await expect(page.getByTestId("list-total")).toHaveText(`Deals: ${await rows.count()}`);
  await page.reload();
  await hydrated(page);
  await expect(page.getByLabel("Status")).toHaveValue("won");
  await expect(page.getByRole("navigation", { name: "Pages" })).toBeVisible();
});
