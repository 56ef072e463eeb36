import { defineConfig } from "@playwright/test";
import * as os from "node:os";
import * as path from "node:path";

// The server under test: the debug build from `cargo leptos build`, on its own port and a fresh
// SQLite database seeded with the demo data.
const port = Number(process.env.E2E_PORT ?? 3100);
const dbFile = path.join(os.tmpdir(), `cosell-e2e-${process.pid}-${Date.now()}.db`);
// The server's log, which .ci/test.sh reads for panics after the run: a panic is a failure even
// when every test passed.
const serverLog = process.env.E2E_SERVER_LOG ?? path.join(os.tmpdir(), `cosell-e2e-server-${process.pid}.log`);

export default defineConfig({
  testDir: "./tests",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-quic",
        "--no-first-run",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    command: `exec ./target/debug/server >> '${serverLog}' 2>&1`,
    cwd: "..",
    url: `http://127.0.0.1:${port}/sign-in`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      DATABASE_URL: `sqlite://${dbFile}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: "target/site",
      // E-mails are written as files (no SMTP server in the tests).
      COSELL_MAIL_DIR: path.join(os.tmpdir(), `cosell-e2e-mail-${process.pid}`),
      RUST_LOG: "warn",
    },
  },
});
