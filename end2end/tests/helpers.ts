import { expect, Page } from "@playwright/test";

export const PASSWORD = "cosell-demo";

/** Waits until the WebAssembly has hydrated the page (the app marks <body> once it has). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

export async function signIn(page: Page, email: string, next = "") {
  await page.goto(`/sign-in${next ? `?next=${encodeURIComponent(next)}` : ""}`);
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await hydrated(page);
}

/**
 * Creates a private deal of the signed-in referrals admin through the app's own server functions
 * (the page's cookies), so a test changes only what it made. Returns the deal's page path.
 */
export async function createDeal(page: Page, name: string, draft: Record<string, unknown> = {}) {
  const call = async (endpoint: string, init: { form?: Record<string, string>; data?: unknown }) => {
    const response = await page.request.post(`/api/${endpoint}`, {
      headers: { Accept: "application/json" },
      ...(init.form ? { form: init.form } : { data: init.data }),
    });
    expect(response.ok(), `${endpoint}: ${await response.text()}`).toBeTruthy();
    return response.json();
  };
  const options = await call("wizard/options", { form: {} });
  const location = options.locations.find((l: { country: string }) => l.country === "US");
  const [customer] = await call("directory/customers", { form: { country: "US", query: "Contoso Ltd" } });
  const solution = options.catalog.find((s: { category: string; incentive: unknown }) => s.category === "Own" && !s.incentive);
  const id = await call("deals/create", {
    data: {
      draft: {
        customer_country: "US",
        customer_id: customer.id,
        contact: { name: "", phone: "", email: "", consent: false, share_with_partners: false },
        deal_name: name,
        location_id: location.id,
        value: "25000",
        currency: "USD",
        close_date: "2027-06-30",
        crm_id: "",
        campaign_id: "",
        notes: "",
        team: [{ name: "Ana Silva", phone: "+1 425 555 0100", email: "ana@fabrikam.example" }],
        solution_ids: [solution.id],
        help: "None",
        share_with_microsoft: false,
        ...draft,
      },
      confirm_warnings: true,
    },
  });
  return `/deals/${id}`;
}
