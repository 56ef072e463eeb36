import { expect, test } from "@playwright/test";
import { createDeal, hydrated, signIn } from "./helpers";

// R-LIFE-1, R-LIFE-2, R-STAGE-1, R-LIFE-4, R-REG-2: a referrals admin answers a deal Microsoft sent,
// moves its stage and wins it; the page offers only what the rules allow and asks before final moves.
test("accept a received deal, move its stage and mark it won", async ({ page }) => {
  await signIn(page, "referrals@fabrikam.example");
  await page.goto("/referrals/inbound");
  await hydrated(page);
  await page.locator("a.deal-link", { hasText: "AI assistant proof of concept" }).click();
  await hydrated(page);
  await expect(page.getByTestId("deal-status")).toHaveText("Received");
  await expect(page.getByTestId("time-left")).toContainText("days and");
  await expect(page.getByRole("button", { name: "Mark won…" })).toHaveCount(0);

  // The server's field errors land beside the fields; what was typed stays.
  await page.getByRole("textbox", { name: "Name" }).fill("Rae Referrals");
  await page.getByRole("textbox", { name: "Phone" }).fill("12");
  await page.getByRole("button", { name: "Accept deal" }).click();
  await expect(page.getByText("Enter a phone number with 7 to 20 digits")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Name" })).toHaveValue("Rae Referrals");
  await page.getByRole("textbox", { name: "Phone" }).fill("+1 425 555 0142");
  await page.getByRole("textbox", { name: "Email" }).fill("rae@fabrikam.example");
  await page.getByRole("button", { name: "Accept deal" }).click();
  await expect(page.getByTestId("flash")).toContainText("Deal accepted");
  await expect(page.getByTestId("deal-status")).toHaveText("Accepted");
  await expect(page.getByRole("cell", { name: "rae@fabrikam.example" })).toBeVisible();

  await page.getByLabel("Sales stage").selectOption({ label: "Qualified 20%" });
  await page.getByRole("button", { name: "Update stage" }).click();
  await expect(page.getByTestId("deal-stage")).toHaveText("Qualified 20%");

  // Received two days ago: winning now carries the 72-hour warning and must be acknowledged.
  await page.getByRole("button", { name: "Mark won…" }).click();
  const confirm = page.getByRole("button", { name: "Mark won", exact: true });
  await expect(confirm).toBeDisabled();
  await page.getByRole("checkbox", { name: "I understand, mark it won anyway" }).check();
  await confirm.click();
  await expect(page.getByTestId("deal-status")).toHaveText("Won");
  // Won is final: what remains is the registration (Microsoft sent it, so it is co-sell and accepted).
  await expect(page.getByRole("button", { name: "Mark lost…" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Register deal" })).toBeVisible();
});

// R-LIFE-5: the Microsoft card says where Microsoft stands; the seller appears once it accepted.
test("the Microsoft card shows Microsoft's answer", async ({ page }) => {
  await signIn(page, "referrals@fabrikam.example");
  await page.goto("/referrals/outbound");
  await hydrated(page);
  await page.locator("a.deal-link", { hasText: "Security uplift" }).click();
  await expect(page.getByTestId("microsoft-card")).toContainText("Microsoft accepted the invitation.");
  await expect(page.getByTestId("microsoft-card")).toContainText("Morgan Seller");
  await page.goto("/referrals/outbound");
  await hydrated(page);
  await page.locator("a.deal-link", { hasText: "Customer service rollout" }).click();
  await expect(page.getByTestId("microsoft-card")).toContainText("did not answer within 14 days");
  await expect(page.getByTestId("microsoft-card")).not.toContainText("Morgan Seller");
});

// R-LIFE-3: an accepted deal's details are edited in place; mistakes are named beside the field and
// the typed values stay; an edit that changes nothing says so; an emptied optional field is cleared.
test("edit an accepted deal's details", async ({ page }) => {
  await signIn(page, "referrals@fabrikam.example");
  await page.goto(await createDeal(page, `Details change ${Date.now()}`, { notes: "Old notes to clear" }));
  await hydrated(page);
  await expect(page.getByText("Old notes to clear")).toBeVisible();
  await page.getByRole("button", { name: "Edit details" }).click();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Nothing changed: edit a field first.")).toBeVisible();
  const value = page.getByRole("textbox", { name: "Estimated value" });
  await value.fill("-5");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Enter an amount greater than zero.")).toBeVisible();
  await expect(value).toHaveValue("-5");
  await value.fill("99000");
  await page.getByRole("textbox", { name: "CRM ID" }).fill("CRM-EDITED-1");
  await page.getByRole("textbox", { name: "Notes" }).fill("");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Changes saved.");
  await expect(page.getByText("99,000.00")).toBeVisible();
  await expect(page.getByText("CRM-EDITED-1")).toBeVisible();
  await expect(page.getByText("Old notes to clear")).toHaveCount(0);
  await expect(page.getByText("Details edited")).toBeVisible();
});

// R-NEW-5, R-TYPE-4, R-LIFE-6: a referrals admin invites another partner from the deal page; the
// form names what is missing; the deal becomes P2P and the partner finds it Received in Inbound.
test("invite a partner from the deal page", async ({ browser }) => {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, "referrals@fabrikam.example");
  const name = `Invite Tailspin ${Date.now()}`;
  await page.goto(await createDeal(page, name));
  await hydrated(page);
  await page.getByRole("button", { name: "Invite a partner…" }).click();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#invite-partner-msg")).toHaveText("This field is required.");
  await expect(page.locator("#invite-solutions-msg")).toBeVisible();
  await page.getByLabel("Partner", { exact: true }).selectOption({ label: "Tailspin Analytics" });
  await page.getByRole("checkbox", { name: /Tailspin Forecast AI/ }).check();
  await page.getByRole("textbox", { name: "Estimated value" }).fill("15000");
  await page.getByRole("textbox", { name: "Why you invite them" }).fill("Forecasting models for the retail team");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByTestId("flash")).toContainText("Invitation sent");
  const invited = page.getByRole("region", { name: "Invited partners" });
  await expect(invited.getByRole("row", { name: /Tailspin Analytics/ })).toContainText("Waiting for an answer");

  const tailspin = await (await browser.newContext()).newPage();
  await signIn(tailspin, "referrals@tailspin.example");
  await tailspin.goto("/referrals/inbound");
  await hydrated(tailspin);
  await tailspin.locator("a.deal-link", { hasText: name }).click();
  await expect(tailspin.getByTestId("invited-by")).toHaveText("Invitation from Fabrikam Cloud Solutions");
  await expect(tailspin.getByTestId("deal-status")).toHaveText("Received");
  await expect(tailspin.getByTestId("deal-type")).toHaveText("Partner to partner");
});

// R-REG-1, R-REG-3: a won partner-led deal with an IP co-sell solution is registered from its page;
// the form names its mistakes; a lost private deal says why it cannot be registered.
test("register a won deal, and see why another cannot be", async ({ page }) => {
  await signIn(page, "referrals@fabrikam.example");
  await page.goto("/referrals/closed");
  await hydrated(page);
  await page.locator("a.deal-link", { hasText: "Analytics pilot" }).click();
  await hydrated(page);
  await expect(page.getByText("This deal is eligible for registration.")).toBeVisible();
  await page.getByRole("textbox", { name: "Contract signed on" }).fill("2026-11-20");
  await page.getByRole("textbox", { name: "Contract starts on" }).fill("2026-12-01");
  await page.getByRole("textbox", { name: "Contract ends on" }).fill("2026-11-30");
  await page.getByRole("textbox", { name: "Customer contact name" }).fill("Kim Customer");
  await page.getByRole("textbox", { name: "Customer contact email" }).fill("kim@customer.example");
  await page.getByRole("textbox", { name: "Customer contact phone" }).fill("+1 206 555 0142");
  const saved = page.waitForResponse((r) => r.url().includes("/api/drafts/registration/save") && r.ok() && (r.request().postData() ?? "").includes("30000"));
  await page.getByRole("textbox", { name: /^Value of / }).first().fill("30000");
  // X-DRAFT: what was typed is saved as it goes and comes back after a reload.
  await saved;
  await expect(page.getByTestId("registration-draft-status")).toContainText("Draft saved");
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("textbox", { name: "Customer contact name" })).toHaveValue("Kim Customer");
  await expect(page.getByRole("textbox", { name: "Contract ends on" })).toHaveValue("2026-11-30");
  await expect(page.getByRole("textbox", { name: /^Value of / }).first()).toHaveValue("30000");
  await page.getByRole("button", { name: "Register deal" }).click();
  await expect(page.locator("#reg-ends-msg")).toHaveText("The contract must end after it starts.");
  await expect(page.locator("#reg-confirm-msg")).toBeVisible();
  await page.getByRole("textbox", { name: "Contract ends on" }).fill("2027-11-30");
  await page.getByRole("checkbox", { name: /appear in the customer contract/ }).check();
  await page.getByRole("button", { name: "Register deal" }).click();
  await expect(page.getByTestId("flash")).toContainText("Registration submitted");
  await expect(page.getByTestId("registration-state")).toHaveText("Submitted");
  await expect(page.getByRole("button", { name: "Register deal" })).toHaveCount(0);

  await page.goto("/referrals/closed");
  await hydrated(page);
  await page.locator("a.deal-link", { hasText: "Retail forecasting" }).click();
  const unmet = page.getByTestId("registration-unmet");
  await expect(unmet).toContainText("The deal is private");
  await expect(unmet).toContainText("The deal is not won yet.");
});

// R-LIFE-5, R-ORG-5: a Microsoft seller accepts a co-sell invitation; the partner's Microsoft card
// then names the seller.
test("a Microsoft seller accepts a co-sell invitation", async ({ browser }) => {
  const seller = await (await browser.newContext()).newPage();
  await signIn(seller, "seller2@microsoft.example");
  await seller.goto("/referrals/outbound");
  await hydrated(seller);
  await seller.getByRole("searchbox").fill("Copilot rollout");
  await seller.locator("a.deal-link", { hasText: "Copilot rollout" }).first().click();
  await hydrated(seller);
  await expect(seller.getByTestId("microsoft-card")).toContainText("Waiting for Microsoft's answer");
  await expect(seller.getByRole("button", { name: "Edit details" })).toHaveCount(0);
  await seller.getByRole("button", { name: "Accept co-sell invitation" }).click();
  await expect(seller.getByTestId("microsoft-card")).toContainText("Microsoft accepted the invitation.");
  await expect(seller.getByTestId("microsoft-card")).toContainText("Jordan Seller");
});

// R-NEW-3, R-LIFE-3, R-LIFE-6: the team changes while the deal is open (add, edit in place,
// remove); at least one member always remains.
test("add, edit and remove team members", async ({ page }) => {
  await signIn(page, "referrals@fabrikam.example");
  await page.goto(await createDeal(page, `Team changes ${Date.now()}`));
  await hydrated(page);
  const team = page.getByRole("region", { name: "Team" });
  await expect(team.getByRole("row")).toHaveCount(2);
  await team.getByRole("button", { name: /^Remove / }).click();
  await expect(team.getByRole("alert")).toHaveText("A deal needs at least one team member.");
  await team.getByText("Add a team member").click();
  await team.getByRole("textbox", { name: "Name" }).fill("Lee New");
  await team.getByRole("textbox", { name: "Phone" }).fill("+1 425 555 0177");
  await team.getByRole("textbox", { name: "Email" }).fill("lee@");
  await team.getByRole("button", { name: "Add to the team" }).click();
  await expect(team.getByText("Enter a valid e-mail address")).toBeVisible();
  await team.getByRole("textbox", { name: "Email" }).fill("lee@fabrikam.example");
  await team.getByRole("button", { name: "Add to the team" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Team member added.");
  await expect(team.getByRole("cell", { name: "lee@fabrikam.example" })).toBeVisible();
  await team.getByRole("button", { name: "Edit Lee New" }).click();
  await team.locator("#edit-member-name").fill("Lee Newman");
  await team.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Team member updated.");
  await expect(team.getByRole("cell", { name: "Lee Newman", exact: true })).toBeVisible();
  await team.getByRole("button", { name: "Remove Lee Newman from the team" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Team member removed.");
  await expect(team.getByRole("cell", { name: "lee@fabrikam.example" })).toHaveCount(0);
});

// R-NEW-4: solutions change while the deal is open; at least one stays.
test("change a deal's solutions", async ({ page }) => {
  await signIn(page, "referrals@fabrikam.example");
  await page.goto(await createDeal(page, `Solutions change ${Date.now()}`));
  await hydrated(page);
  const card = page.getByRole("region", { name: "Solutions" });
  await card.getByRole("button", { name: "Change solutions" }).click();
  const checked = card.getByRole("checkbox", { checked: true });
  await expect(checked).toHaveCount(1);
  while ((await checked.count()) > 0) await checked.first().uncheck();
  await card.getByRole("button", { name: "Save solutions" }).click();
  await expect(page.locator("#change-solutions-msg")).toHaveText("Choose at least one solution.");
  await card.getByRole("checkbox", { name: /Microsoft Sentinel/ }).check();
  await card.getByRole("button", { name: "Save solutions" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Solutions changed.");
  await expect(card.getByRole("listitem")).toHaveCount(1);
  await expect(card.getByRole("listitem")).toContainText("Microsoft Sentinel");
});

// R-NEW-1, R-TYPE-6: a private deal created without the customer contact says why Microsoft cannot
// be invited; the contact and consent added on the deal page open the way to co-sell. The test
// makes its own deal.
test("add the customer contact later and invite Microsoft", async ({ page }) => {
  await signIn(page, "referrals@fabrikam.example");
  await page.goto(await createDeal(page, `Contact later ${Date.now()}`));
  await hydrated(page);
  await expect(page.getByTestId("not-offered")).toContainText("Inviting Microsoft needs the customer contact");
  await expect(page.getByRole("button", { name: "Invite Microsoft to co-sell…" })).toHaveCount(0);

  await page.getByRole("button", { name: "Edit contact" }).click();
  await page.getByRole("textbox", { name: "Contact name" }).fill("Kim Customer");
  await page.getByRole("textbox", { name: "Contact phone" }).fill("+1 206 555 0142");
  const email = page.getByRole("textbox", { name: "Contact email" });
  await email.fill("kim@");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Enter a valid e-mail address, like name@company.com.")).toBeVisible();
  await expect(page.getByRole("textbox", { name: "Contact name" })).toHaveValue("Kim Customer");
  await email.fill("kim@customer.example");
  await page.getByRole("checkbox", { name: "The customer agreed to share these contact details with Microsoft." }).check();
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByTestId("flash")).toHaveText("Customer contact saved.");
  await expect(page.getByText("Customer contact edited")).toBeVisible();
  await expect(page.getByTestId("not-offered")).toHaveCount(0);

  await page.getByRole("button", { name: "Invite Microsoft to co-sell…" }).click();
  await page.getByRole("button", { name: "Invite Microsoft", exact: true }).click();
  await expect(page.getByTestId("flash")).toHaveText("Microsoft is invited to co-sell.");
  await expect(page.getByTestId("microsoft-card")).toContainText("Waiting for Microsoft's answer");
});
