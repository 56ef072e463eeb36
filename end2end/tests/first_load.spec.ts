import { expect, test } from "@playwright/test";
import { hydrated, signIn } from "./helpers";

// Issue 9: the first visit's wasm, JS and CSS carry content hashes in their names, so a browser
// keeps them a year without asking again, and a new release can never be mixed with a cached old one.
test("the page links content-hashed assets that are cached as immutable", async ({ page }) => {
  const assets: { url: string; cacheControl: string }[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/pkg/")) {
      assets.push({ url: response.url(), cacheControl: response.headers()["cache-control"] ?? "" });
    }
  });
  await page.goto("/sign-in");
  await hydrated(page);

  const names = await page.evaluate(() => ({
    css: document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')?.getAttribute("href") ?? "",
    wasm: document.querySelector<HTMLLinkElement>('link[rel="preload"][as="fetch"]')?.getAttribute("href") ?? "",
    js: document.querySelector<HTMLLinkElement>('link[rel="modulepreload"]')?.getAttribute("href") ?? "",
  }));
  expect(names.css).toMatch(/^\/pkg\/cosell\.[\w-]{8,}\.css$/);
  expect(names.wasm).toMatch(/^\/pkg\/cosell\.[\w-]{8,}\.wasm$/);
  expect(names.js).toMatch(/^\/pkg\/cosell\.[\w-]{8,}\.js$/);

  const loaded = assets.map((a) => new URL(a.url).pathname);
  expect(loaded).toEqual(expect.arrayContaining([names.css, names.wasm, names.js]));
  for (const asset of assets) {
    expect(asset.cacheControl, asset.url).toContain("immutable");
  }

  // The plain, unhashed names are not what the page uses, so nothing can pin an old release.
  const plain = await page.request.get("/pkg/cosell.wasm");
  expect(plain.status()).toBe(404);
});

// Issue 9: the deal page, the wizard and the admin pages are split out of the first download; the
// browser fetches a page's code when the page is opened, and the page works as before.
test("the lists load without the deal page's code, which arrives when a deal is opened", async ({ page }) => {
  const wasm: string[] = [];
  page.on("response", (response) => {
    const path = new URL(response.url()).pathname;
    if (path.endsWith(".wasm")) wasm.push(path);
  });
  await signIn(page, "referrals@fabrikam.example");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const firstLoad = [...wasm];
  expect(firstLoad.length).toBeGreaterThan(0);

  await page.locator("a.deal-link").first().click();
  await page.waitForURL(/\/deals\//);
  await expect(page.getByRole("heading", { name: "Deal details", level: 2 })).toBeVisible();
  const opened = wasm.filter((path) => !firstLoad.includes(path));
  expect(opened.length, "the deal page's own code is fetched when a deal is opened").toBeGreaterThan(0);
});
