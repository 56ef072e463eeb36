import AxeBuilder from "@axe-core/playwright";
import { expect, Page, test } from "@playwright/test";
import { createDeal, hydrated, signIn } from "./helpers";

/** Every axe-core rule violation on the page as it stands, named with its nodes. */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

async function check(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  expect(await violations(page), path).toEqual([]);
}

// Every page is free of axe-core violations, signed out and for each kind of user.
test("no page has an accessibility violation", async ({ browser }) => {
  const visitor = await (await browser.newContext()).newPage();
  await check(visitor, "/sign-in");

  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, "admin@fabrikam.example");
  for (const path of ["/referrals/inbound", "/referrals/outbound", "/referrals/closed", "/referrals/favorites", "/deals/new", "/admin/users", "/deals/no-such-deal"]) {
    await check(admin, path);
  }
  // A deal page with every card open to its owner: next steps, the contact form, the team.
  const deal = await createDeal(admin, `Accessible ${Date.now()}`);
  await check(admin, deal);
  await admin.getByRole("button", { name: "Edit contact" }).click();
  expect(await violations(admin), "contact form").toEqual([]);

  const microsoft = await (await browser.newContext()).newPage();
  await signIn(microsoft, "admin@microsoft.example");
  await check(microsoft, "/admin/catalog");
});
