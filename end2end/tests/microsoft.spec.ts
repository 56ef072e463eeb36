import AxeBuilder from "@axe-core/playwright";
import { expect, Page, test } from "@playwright/test";
import { createDeal, hydrated, signIn } from "./helpers";

async function noViolations(page: Page, what: string) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), what).toEqual([]);
}

// R-ORG-5, R-TYPE-7, R-CAT-4, R-NOTE-1, X-LIVE, R-LIFE-2: a Microsoft seller refers a customer to a
// partner through the wizard's own steps; the partner's bell and Inbound show it with 14 days; the
// partner accepts, and the seller's open page shows the acceptance without a reload.
test("a seller's referral reaches the partner, whose answer reaches the seller live", async ({ browser }) => {
  const dealName = `Referral ${Date.now()}`;
  const seller = await (await browser.newContext()).newPage();
  await signIn(seller, "seller1@microsoft.example");
  await expect(seller).toHaveURL(/\/microsoft$/);
  await expect(seller.getByRole("heading", { name: "My co-sell work" })).toBeVisible();
  await noViolations(seller, "/microsoft");
  await seller.getByRole("link", { name: "New referral" }).click();
  await hydrated(seller);
  await seller.getByRole("searchbox", { name: "Find a partner" }).fill("tail");
  await seller.getByRole("button", { name: "Tailspin Analytics" }).click();
  const next = seller.getByRole("button", { name: "Next" });

  // The wizard's customer step, with the contact required because a referral is co-sell (R-NEW-1).
  await expect(seller.getByRole("heading", { name: "Customer" })).toBeVisible();
  await seller.getByRole("combobox", { name: "Customer name" }).fill("Contoso Ltd");
  await seller.getByRole("option").filter({ hasText: "Contoso Ltd" }).first().getByRole("button").click();
  await expect(next).toBeDisabled();
  await seller.getByLabel("Contact name").fill("Aki Customer");
  await seller.getByLabel("Contact phone").fill("+81 3 5555 0100");
  await seller.getByLabel("Contact email").fill("aki@customer.example");
  await seller.getByLabel("The customer agreed to share these contact details with Microsoft.").check();
  await noViolations(seller, "referral customer step");
  await next.click();
  await seller.getByRole("textbox", { name: "Deal name", exact: true }).fill(dealName);
  await seller.getByRole("textbox", { name: "Estimated value" }).fill("48000");
  await seller.getByRole("textbox", { name: "Estimated close date" }).fill("2027-05-31");
  await next.click();
  await expect(seller.getByRole("heading", { name: "Solutions" })).toBeVisible();
  await expect(seller.getByText("Tailspin Analytics's solutions")).toBeVisible();
  await seller.getByRole("checkbox").first().check();
  await next.click();
  await expect(seller.getByLabel("Help Microsoft offers")).toBeVisible();
  await next.click();
  await expect(seller.locator(".review").getByText("Tailspin Analytics", { exact: true })).toBeVisible();
  await seller.getByRole("button", { name: "Send referral" }).click();
  await expect(seller).toHaveURL(/\/deals\//);
  await hydrated(seller);
  await expect(seller.getByTestId("deal-status")).toHaveText("Received");

  // The partner: told in the bell, the deal in Inbound with its 14 days.
  const partner = await (await browser.newContext()).newPage();
  await signIn(partner, "referrals@tailspin.example");
  await expect(partner.getByRole("link", { name: /^Notifications: \d+ unread$/ })).toBeVisible();
  await partner.goto("/notifications");
  await hydrated(partner);
  await noViolations(partner, "/notifications");
  await expect(partner.getByRole("link", { name: `“${dealName}” arrived in your Inbound. Accept or decline it within 14 days.` })).toBeVisible();
  await partner.goto(`/referrals/inbound?q=${encodeURIComponent(dealName)}`);
  await hydrated(partner);
  const row = partner.getByRole("row").filter({ hasText: dealName });
  await expect(row).toContainText("13 d 23 h");
  await row.locator("a.deal-link").click();
  await hydrated(partner);
  await partner.getByRole("textbox", { name: "Name" }).fill("Kai Tanaka");
  await partner.getByRole("textbox", { name: "Phone" }).fill("+81 3 5555 0142");
  await partner.getByRole("textbox", { name: "Email" }).fill("kai@tailspin.example");
  await partner.getByRole("button", { name: "Accept deal" }).click();
  await expect(partner.getByTestId("deal-status")).toHaveText("Accepted");

  // The seller's page, untouched since it loaded, follows; so does the bell.
  await expect(seller.getByTestId("deal-status")).toHaveText("Accepted");
  await expect(seller.getByRole("link", { name: /^Notifications: \d+ unread$/ })).toBeVisible();
  await seller.goto("/microsoft");
  await hydrated(seller);
  await expect(seller.getByTestId("queue-sent").getByRole("row").filter({ hasText: dealName })).toContainText("Accepted");
});

// R-TAB-3, R-LIFE-5: a co-sell invitation waits in the seller's queue with its time left; the
// seller answers it from there and it moves to the deals the seller co-sells.
test("the seller's queue lists a pending co-sell invitation and answers it", async ({ browser }) => {
  const dealName = `Queue ${Date.now()}`;
  const partner = await (await browser.newContext()).newPage();
  await signIn(partner, "referrals@fabrikam.example");
  await createDeal(partner, dealName, {
    help: "ProofOfConcept",
    contact: { name: "Jo Customer", phone: "+1 206 555 0199", email: "jo@customer.example", consent: true, share_with_partners: false },
  });
  const seller = await (await browser.newContext()).newPage();
  await signIn(seller, "seller2@microsoft.example");
  await seller.getByLabel("Country").selectOption({ label: "United States" });
  const pending = seller.getByTestId("queue-pending").getByRole("row").filter({ hasText: dealName });
  await expect(pending).toContainText("13 d 23 h");
  await expect(pending).toContainText("Fabrikam Cloud Solutions");
  await seller.getByLabel("Country").selectOption({ label: "Germany" });
  await expect(seller.getByTestId("queue-pending").getByRole("row").filter({ hasText: dealName })).toHaveCount(0);
  await seller.getByLabel("Country").selectOption({ label: "United States" });
  await pending.getByRole("link", { name: dealName }).click();
  await hydrated(seller);
  await seller.getByRole("button", { name: "Accept co-sell invitation" }).click();
  await expect(seller.getByTestId("microsoft-card")).toContainText("Jordan Seller");
  await seller.goto("/microsoft");
  await hydrated(seller);
  await expect(seller.getByTestId("queue-mine").getByRole("row").filter({ hasText: dealName })).toBeVisible();
  await expect(seller.getByTestId("queue-pending").getByRole("row").filter({ hasText: dealName })).toHaveCount(0);
});

/** Calls a server function with the page's cookies and returns its JSON answer. */
async function call(page: Page, endpoint: string, init: { form?: Record<string, string>; data?: unknown }) {
  const response = await page.request.post(`/api/${endpoint}`, {
    headers: { Accept: "application/json" },
    ...(init.form ? { form: init.form } : { data: init.data }),
  });
  expect(response.ok(), `${endpoint}: ${await response.text()}`).toBeTruthy();
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

// R-TAB-3, R-REG-4: a registration submitted for a co-sell deal waits in the reviewer's queue; the
// reviewer opens it from there.
test("a registration reviewer's queue", async ({ browser }) => {
  const dealName = `Review queue ${Date.now()}`;
  const partner = await (await browser.newContext()).newPage();
  await signIn(partner, "referrals@fabrikam.example");
  const options = await call(partner, "wizard/options", { form: {} });
  const ip = options.catalog.find((s: { incentive: string | null; category: string }) => s.category === "Own" && s.incentive === "AzureIpCoSell");
  const path = await createDeal(partner, dealName, {
    help: "ProofOfConcept",
    solution_ids: [ip.id],
    contact: { name: "Jo Customer", phone: "+1 206 555 0199", email: "jo@customer.example", consent: true, share_with_partners: false },
  });
  const id = path.split("/").pop();
  const seller = await (await browser.newContext()).newPage();
  await signIn(seller, "seller1@microsoft.example");
  await call(seller, "deals/act", { data: { id, action: "MicrosoftAccept" } });
  await call(partner, "deals/act", { data: { id, action: { Win: { confirm_early: true } } } });
  const registration = {
    contract_value: "30000", currency: "USD", signed_on: "2026-11-20", starts_on: "2026-12-01", ends_on: "2027-11-30",
    term_months: "12", kind: "New", contact_name: "Reg Contact", contact_email: "reg@fabrikam.example",
    contact_phone: "+1 425 555 0101", solutions: [[ip.id, "30000"]], contract_confirmed: true,
  };
  await call(partner, "deals/act", { data: { id, action: { Register: registration } } });

  const reviewer = await (await browser.newContext()).newPage();
  await signIn(reviewer, "reviewer@microsoft.example");
  await expect(reviewer).toHaveURL(/\/microsoft$/);
  await expect(reviewer.getByRole("heading", { name: "Co-sell invitations waiting for Microsoft" })).toHaveCount(0);
  const row = reviewer.getByTestId("queue-review").getByRole("row").filter({ hasText: dealName });
  await expect(row).toContainText("Submitted");
  await expect(reviewer.getByRole("heading", { name: "Registrations waiting on the partner" })).toBeVisible();
  await noViolations(reviewer, "reviewer's /microsoft");
  await row.getByRole("link", { name: dealName }).click();
  await hydrated(reviewer);
  await expect(reviewer.getByRole("button", { name: "Start review" })).toBeVisible();
});
