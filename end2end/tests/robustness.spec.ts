import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// Open redirect: a crafted sign-in link whose `next` holds a tab (browsers strip it, turning
// `/\t/evil.example` into `//evil.example`) lands on the Outbound tab of this site.
test("a crafted sign-in link never leaves the site", async ({ page }) => {
  await page.goto("/sign-in?next=/%09/evil.example");
  await hydrated(page);
  await page.getByLabel("Email").fill("referrals@fabrikam.example");
  await page.getByLabel("Password").fill("cosell-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  const url = new URL(page.url());
  expect(url.host).toBe(new URL(test.info().project.use.baseURL ?? page.url()).host);
  expect(url.pathname).toBe("/referrals/outbound");
});

// R-NEW-2, R-TAB-2: limits are domain rules the wizard shows as you type: a close date in year 9999
// is refused beside the field; the search box takes at most 200 characters.
test("the wizard says a date is out of range, and searches are bounded", async ({ page }) => {
  await signIn(page, "referrals@fabrikam.example");
  await expect(page.getByRole("searchbox")).toHaveAttribute("maxlength", "200");
  await page.getByRole("link", { name: "New deal" }).click();
  const next = page.getByRole("button", { name: "Next" });
  await page.getByRole("combobox", { name: "Customer location" }).selectOption({ label: "United States" });
  await page.getByRole("combobox", { name: "Customer name" }).fill("Contoso Ltd");
  await page.getByRole("option").filter({ hasText: "Contoso Ltd" }).first().getByRole("button").click();
  await next.click();

  await expect(page.getByRole("heading", { name: "Deal details" })).toBeVisible();
  const date = page.getByRole("textbox", { name: "Estimated close date" });
  await date.fill("9999-12-31");
  await date.blur();
  await expect(page.getByText("Enter a date between the years 2000 and 2100.")).toBeVisible();
  await expect(date).toHaveAttribute("aria-invalid", "true");
  await date.fill("2027-06-30");
  await expect(date).toHaveAttribute("aria-invalid", "false");
});
