#!/usr/bin/env node
// MPanel browser tests: playwright-core driving Debian's Chromium (no browser download).
//
//   E2E_BASE_URL=http://127.0.0.1:8000 E2E_EMAIL=owner@example.com E2E_PASSWORD=... npm run test:e2e
//
// Env: E2E_BASE_URL (default http://127.0.0.1:8000), E2E_EMAIL, E2E_PASSWORD (an owner or
// admin with users.write), E2E_TENANT (tenant slug, only if the e-mail exists in several
// tenants), CHROMIUM_PATH (default /usr/bin/chromium), E2E_HEADED=1 to watch.
// Screenshots go to web/test-results/. The last line reads "N passed, N failed".
import { mkdir, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createHmac } from "node:crypto";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(here, "../test-results");
const BASE = (process.env.E2E_BASE_URL || "http://127.0.0.1:8000").replace(/\/$/, "");
const EMAIL = process.env.E2E_EMAIL;
const PASSWORD = process.env.E2E_PASSWORD;
const TENANT = process.env.E2E_TENANT || "";
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const TIMEOUT = Number(process.env.E2E_TIMEOUT_MS || 15000);

if (!EMAIL || !PASSWORD) {
  console.error("e2e: set E2E_EMAIL and E2E_PASSWORD (an owner/admin of the tenant under test).");
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`e2e: no Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium (or set CHROMIUM_PATH).`);
  process.exit(2);
}

// ---------- a tiny runner ----------
const results = [];
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
let shot = 0;
async function screenshot(page, name) {
  const file = join(OUT, `${String(++shot).padStart(2, "0")}-${slug(name)}.png`);
  // From the top: a full-page shot of a scrolled page draws the sticky header and fixed sidebar mid-page.
  await page.evaluate(() => window.scrollTo(0, 0)).catch(() => {});
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}

// ---------- API helpers (node side) ----------
async function apiLogin(email, password) {
  const res = await fetch(`${BASE}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password, ...(TENANT ? { tenant: TENANT } : {}) }),
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`API login as ${email} answered ${res.status}: ${JSON.stringify(body)}`);
  return body.accessToken;
}
async function apiMe(token) {
  const res = await fetch(`${BASE}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`GET /api/auth/me answered ${res.status}`);
  return res.json();
}
const can = (me, perm) => (me.permissions || []).some((p) => p.replace(/:/g, ".") === perm);

// RFC 6238 TOTP (SHA-1, 6 digits, 30 s), to answer the 2FA steps like an authenticator app.
function totp(secretBase32, step = Math.floor(Date.now() / 30000)) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of secretBase32.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac("sha1", key).update(msg).digest();
  const o = h[h.length - 1] & 0xf;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1_000_000).padStart(6, "0");
}

// ---------- page helpers ----------
async function login(page, email, password, totpSecret) {
  // Sign in from a clean slate, whoever the previous step left signed in (the session lives in
  // the refresh cookie; the access token only in memory, which the navigation drops).
  await page.context().clearCookies();
  await page.goto(`${BASE}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  if (TENANT) {
    const link = page.getByRole("button", { name: "Sign in to a specific company" });
    if (await link.isVisible()) await link.click();
    await page.getByLabel("Company ID").fill(TENANT);
  }
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  if (totpSecret) {
    await page.getByRole("heading", { name: "Two-factor authentication" }).waitFor();
    await screenshot(page, "2fa code step");
    // The next time step: the server accepts one step of drift, and the current one was just used.
    await page.getByLabel("Authentication code").fill(totp(totpSecret, Math.floor(Date.now() / 30000) + 1));
    await page.getByRole("button", { name: "Verify" }).click();
  }
  await page.getByTestId("welcome").waitFor();
}
async function logout(page) {
  await page.getByRole("button", { name: "User menu" }).click();
  await page.getByRole("menuitem", { name: "Log out" }).click();
  await page.waitForURL(/\/login/);
}
const sidebar = (page) => page.getByRole("navigation", { name: "Main" });

// ---------- the tests ----------
const stamp = Date.now().toString(36);
const support = { email: `e2e-support-${stamp}@example.com`, name: `E2E Support ${stamp}`, password: `S${stamp}-e2e-pass-9` };
let supportMe = null;

test("a deep link while signed out goes to the login page", async (page) => {
  await page.goto(`${BASE}/users`);
  await page.waitForURL(/\/login\?next=%2Fusers/);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await screenshot(page, "login page");
});

test("wrong password shows the API's message", async (page) => {
  await page.goto(`${BASE}/login`);
  await page.getByLabel("E-mail").fill(EMAIL);
  await page.getByLabel("Password").fill(`${PASSWORD}-wrong`);
  if (TENANT) {
    await page.getByRole("button", { name: "Sign in to a specific company" }).click();
    await page.getByLabel("Company ID").fill(TENANT);
  }
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert((await alert.innerText()).trim().length > 0, "the login error is empty");
  await screenshot(page, "login error");
});

test("owner logs in and sees the dashboard", async (page) => {
  await login(page, EMAIL, PASSWORD);
  assert(new URL(page.url()).pathname === "/", `expected the dashboard, got ${page.url()}`);
  await sidebar(page).getByRole("link", { name: "Dashboard" }).waitFor();
  await screenshot(page, "dashboard");
});

test("Ctrl+K opens the palette and jumps to Users", async (page) => {
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.waitFor();
  await page.keyboard.type("Users");
  await screenshot(page, "palette");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/users$/);
  await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
  await page.getByRole("table", { name: "Users" }).waitFor();
  assert(!(await palette.isVisible()), "the palette stayed open");
});

test("reloading a deep link restores the session silently", async (page) => {
  await page.reload();
  await page.getByRole("table", { name: "Users" }).waitFor();
  assert(new URL(page.url()).pathname === "/users", `expected /users after reload, got ${page.url()}`);
});

test("creating a user with a taken e-mail shows the server's error", async (page) => {
  await page.getByRole("button", { name: "New user" }).click();
  const form = page.getByRole("form", { name: "New user" });
  await form.waitFor();
  // As-you-type validation first.
  await form.getByLabel("E-mail").fill("not-an-email");
  await form.getByLabel("Name").click();
  await form.getByText("Enter a valid e-mail address.").waitFor();
  await form.getByLabel("E-mail").fill(EMAIL);
  await form.getByLabel("Name").fill("Duplicate");
  await form.getByLabel("Password").fill("a-long-enough-password");
  await form.getByRole("button", { name: "Create user" }).click();
  // The API's words, on the e-mail field (from details[].field, or the code "..._email_...").
  await form.locator('input[name="email"][aria-invalid="true"]').waitFor();
  await form.locator("[data-field-error]").first().waitFor();
  await screenshot(page, "duplicate user error");
  await page.getByRole("button", { name: "Cancel" }).click();
});

test("create a support user", async (page) => {
  await page.getByRole("button", { name: "New user" }).click();
  const form = page.getByRole("form", { name: "New user" });
  await form.getByLabel("E-mail").fill(support.email);
  await form.getByLabel("Name").fill(support.name);
  await form.getByLabel("Role").selectOption("support");
  await form.getByLabel("Password").fill(support.password);
  await form.getByRole("button", { name: "Create user" }).click();
  await form.waitFor({ state: "detached" });
  await page.getByLabel("Search users").fill(support.email);
  await page.getByRole("row").filter({ hasText: support.email }).waitFor();
  await screenshot(page, "support user created");
});

test("log out", async (page) => {
  await logout(page);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  // The session is really gone: a protected page sends us back to login.
  await page.goto(`${BASE}/users`);
  await page.waitForURL(/\/login/);
});

test("the support user sees only what their permissions allow", async (page) => {
  supportMe = await apiMe(await apiLogin(support.email, support.password));
  await login(page, support.email, support.password);
  const nav = sidebar(page);
  const expectations = [
    ["Users", can(supportMe, "users.read")],
    ["Audit log", can(supportMe, "audit.read")],
    ["Tenants", !!supportMe.isPlatformOperator],
  ];
  for (const [label, visible] of expectations) {
    const count = await nav.getByRole("link", { name: label, exact: true }).count();
    assert(count === (visible ? 1 : 0), `menu item "${label}" should be ${visible ? "shown" : "hidden"} (permissions: ${supportMe.permissions.join(", ")})`);
  }
  await screenshot(page, "support dashboard");
  // The palette offers the same pages, and no "New user" without users.write.
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.waitFor();
  const options = (await palette.getByRole("option").allInnerTexts()).map((t) => t.trim());
  assert(options.some((t) => t.startsWith("Users")) === can(supportMe, "users.read"), `palette Users entry mismatch: ${options.join(" | ")}`);
  assert(options.some((t) => t.startsWith("New user")) === can(supportMe, "users.write"), `palette "New user" mismatch: ${options.join(" | ")}`);
  await screenshot(page, "support palette");
  await page.keyboard.press("Escape");
  if (can(supportMe, "tenant.read") && !can(supportMe, "tenant.write")) {
    // Settings to read, not to change: every field is disabled and no Save button is offered.
    await page.goto(`${BASE}/settings`);
    await page.getByLabel("Company name").waitFor();
    for (const label of ["Company name", "Late fee percent", "Legal name", "Invoice footer"]) {
      assert(await page.getByLabel(label, { exact: true }).isDisabled(), `"${label}" can be edited without tenant.write`);
    }
    assert((await page.getByRole("button", { name: /^Save/ }).count()) === 0, "a Save button is offered without tenant.write");
    await screenshot(page, "support settings read only");
  }
  if (!can(supportMe, "users.read")) {
    await page.goto(`${BASE}/users`);
    await page.getByRole("heading", { name: "Not allowed" }).waitFor();
    await screenshot(page, "support forbidden");
  }
});

test("the support user turns on 2FA with the QR code, then needs a code to sign in", async (page) => {
  await page.goto(`${BASE}/profile#two-factor`);
  await page.getByRole("button", { name: "Set up two-factor" }).click();
  await page.getByTestId("totp-qr").waitFor();
  const secret = (await page.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  assert(/^[A-Z2-7]{16,}$/.test(secret), `unexpected secret "${secret}"`);
  await screenshot(page, "2fa enrolment");
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Verify and enable" }).click();
  await page.locator('input[name="code"][aria-invalid="true"]').waitFor();
  await page.getByLabel("Code from the app").fill(totp(secret));
  await page.getByRole("button", { name: "Verify and enable" }).click();
  await page.getByRole("button", { name: "Disable two-factor" }).waitFor();
  support.totpSecret = secret;
  await logout(page);
  await login(page, support.email, support.password, support.totpSecret);
});

test("the theme toggle persists across reloads", async (page) => {
  const dark = () => page.evaluate(() => document.documentElement.classList.contains("dark"));
  await page.goto(`${BASE}/`);
  await page.getByTestId("welcome").waitFor();
  const before = await dark();
  await page.getByRole("button", { name: /Switch to (dark|light) theme/ }).first().click();
  assert((await dark()) !== before, "the theme did not change");
  await page.reload();
  await page.getByTestId("welcome").waitFor();
  assert((await dark()) !== before, "the theme was not kept after reload");
  if (await dark()) {
    // Links stay readable on the dark background (indigo-400, not indigo-600's 3:1).
    const color = await page.getByRole("link", { name: "Overdue invoices" }).evaluate((e) => getComputedStyle(e).color);
    const lightness = Number(/oklch\(([\d.]+)/.exec(color)?.[1] ?? 0);
    assert(lightness > 0.6, `a link on the dark theme is ${color}`);
  }
  await screenshot(page, "theme toggled");
  await page.getByRole("button", { name: /Switch to (dark|light) theme/ }).first().click();
});

test("on a phone the sidebar collapses into a drawer", async (page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  assert(!(await sidebar(page).isVisible()), "the sidebar should be hidden on a phone");
  await page.getByRole("button", { name: "Open navigation" }).click();
  await sidebar(page).waitFor();
  await screenshot(page, "phone drawer");
  await page.getByRole("button", { name: "Close navigation" }).click();
  await page.setViewportSize({ width: 1280, height: 800 });
  await logout(page);
});

test("owner deletes the support user after confirming", async (page) => {
  await login(page, EMAIL, PASSWORD);
  await page.goto(`${BASE}/users?q=${encodeURIComponent(support.email)}`);
  const row = page.getByRole("row").filter({ hasText: support.email });
  await row.waitFor();
  await row.getByRole("button", { name: `Delete ${support.email}` }).click();
  const dialog = page.getByRole("dialog", { name: "Delete user?" });
  await dialog.waitFor();
  await screenshot(page, "delete confirmation");
  await dialog.getByRole("button", { name: "Delete user" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByText("No user matches these filters").waitFor();
});

test("the audit log lists the changes with a before/after view", async (page) => {
  await page.goto(`${BASE}/audit-log`);
  const rows = page.getByTestId("audit-row");
  await rows.first().waitFor();
  await rows.first().click();
  await page.getByRole("table", { name: "Changes" }).or(page.getByText(/No (data was recorded|field changed)/)).first().waitFor();
  await screenshot(page, "audit log");
});

// ---------- billing ----------
const billing = {
  customer: { name: `E2E Customer ${stamp}`, email: `e2e-customer-${stamp}@example.com` },
  client: { email: `e2e-client-${stamp}@example.com`, password: `C${stamp}-portal-pass-9` },
  invoiceId: null,
  invoiceNumber: null,
  customerId: null,
  otherInvoiceNumber: null,
};
async function api(token, method, path, body) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body ? { "Content-Type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}
const moneyText = async (locator) => (await locator.innerText()).replace(/\s/g, "");

test("create a customer (the server's VAT ID error shows on its field)", async (page) => {
  await page.goto(`${BASE}/customers`);
  await page.getByRole("heading", { name: "Customers", level: 1 }).waitFor();
  await page.getByRole("button", { name: "New customer" }).click();
  const form = page.getByRole("form", { name: "New customer" });
  await form.waitFor();
  // The dialog opens on Name, quietly: no "Name is required." before anything was typed.
  await form.getByLabel("Name", { exact: true }).and(page.locator(":focus")).waitFor();
  assert((await form.locator("[data-field-error]").count()) === 0, `errors on open: ${await form.locator("[data-field-error]").allInnerTexts()}`);
  await form.getByLabel("Name", { exact: true }).fill(billing.customer.name);
  await form.getByLabel("E-mail", { exact: true }).fill(billing.customer.email);
  await form.getByLabel("Country", { exact: true }).selectOption("DE");
  await form.getByLabel("City", { exact: true }).fill("Berlin");
  await form.getByLabel("VAT ID", { exact: true }).fill("DE123");
  await form.getByRole("button", { name: "Create customer" }).click();
  await form.locator('input[name="vatId"][aria-invalid="true"]').waitFor();
  const vatError = (await form.locator("[data-field-error]").first().innerText()).trim();
  assert(/VAT/i.test(vatError), `expected the server's VAT message on the field, got "${vatError}"`);
  await screenshot(page, "customer vat error");
  await form.getByLabel("VAT ID", { exact: true }).fill("");
  await form.getByRole("button", { name: "Create customer" }).click();
  await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
  billing.customerId = new URL(page.url()).pathname.split("/").pop();
  await page.getByRole("heading", { name: billing.customer.name, level: 1 }).waitFor();
});

test("create an invoice with live totals and see the server's total", async (page) => {
  await page.getByRole("link", { name: "New invoice" }).click();
  await page.waitForURL(/\/invoices\/new\?customer=/);
  const form = page.getByRole("form", { name: "New invoice" });
  await form.getByText("Billed in USD").waitFor(); // the customer came preselected
  await form.getByLabel("Tax rate override (%)").fill("19");
  await form.getByLabel("Description, line 1").fill("Web hosting");
  // As you type: a quantity of 0 is flagged once the field is left, before Create.
  await form.getByLabel("Quantity, line 1").fill("0");
  await form.getByLabel("Unit price, line 1").focus();
  await form.locator('input[name="items.0.quantity"][aria-invalid="true"]').waitFor();
  await form.getByText("More than 0 and at most 1,000,000.").waitFor();
  await form.getByLabel("Quantity, line 1").fill("3");
  await form.getByLabel("Unit price, line 1").fill("9.99");
  await form.getByRole("button", { name: "Add line" }).click();
  await form.getByLabel("Description, line 2").fill("Setup fee");
  await form.getByLabel("Unit price, line 2").fill("10");
  await form.getByLabel("Taxable, line 2").uncheck();
  // Live totals, exact: 3 x 9.99 = 29.97; + 10.00 = 39.97; 19 % of 29.97 = 5.69; total 45.66.
  const live = form.getByTestId("live-totals");
  assert((await moneyText(live.getByTestId("subtotal"))).includes("39.97"), `live subtotal: ${await live.getByTestId("subtotal").innerText()}`);
  assert((await moneyText(live.getByTestId("tax"))).includes("5.69"), `live tax: ${await live.getByTestId("tax").innerText()}`);
  assert((await moneyText(live.getByTestId("total"))).includes("45.66"), `live total: ${await live.getByTestId("total").innerText()}`);
  await screenshot(page, "new invoice live totals");
  await form.getByRole("button", { name: "Create invoice" }).click();
  await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
  billing.invoiceId = new URL(page.url()).pathname.split("/").pop();
  const heading = page.getByRole("heading", { level: 1, name: /^Invoice / });
  await heading.waitFor();
  billing.invoiceNumber = (await heading.innerText()).replace(/^Invoice\s+/, "").trim();
  const total = await moneyText(page.getByTestId("invoice-total"));
  assert(total.includes("45.66"), `the server's total is ${total}, expected 45.66`);
  await page.getByTestId("invoice-status").getByText("Unpaid").waitFor();
  await screenshot(page, "invoice page");
});

test("record a payment and see the invoice paid", async (page) => {
  await page.getByRole("button", { name: "Record payment" }).click();
  const dialog = page.getByRole("dialog", { name: "Record payment" });
  await dialog.waitFor();
  const amount = dialog.getByLabel("Amount (USD)");
  assert((await amount.inputValue()) === "45.66", `the amount should default to the balance, got ${await amount.inputValue()}`);
  await dialog.getByLabel("Method").selectOption("bank_transfer");
  await dialog.getByLabel("Reference").fill(`E2E-${stamp}`);
  await dialog.getByRole("button", { name: "Record payment" }).click();
  await dialog.waitFor({ state: "detached" });
  await page.getByTestId("invoice-status").getByText("Paid", { exact: true }).waitFor();
  const balance = await moneyText(page.getByTestId("invoice-balance"));
  assert(balance.includes("0.00"), `balance after payment: ${balance}`);
  await page.getByRole("table", { name: "Payments" }).getByText(`E2E-${stamp}`).waitFor();
  await screenshot(page, "invoice paid");
});

test("download the invoice PDF, and find its e-mail in the log and its template in the editor", async (page) => {
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download PDF" }).click(),
  ]);
  assert(download.suggestedFilename() === `${billing.invoiceNumber}.pdf`, `downloaded ${download.suggestedFilename()}`);
  const path = await download.path();
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(path);
  assert(bytes.subarray(0, 5).toString() === "%PDF-", "the download is not a PDF");
  // The invoice and the payment each queued an e-mail to the customer (no SMTP server here: queued).
  await page.goto(`${BASE}/email/log`);
  await page.getByRole("heading", { name: "Email log", level: 1 }).waitFor();
  const rows = page.getByRole("table", { name: "Email log" }).getByTestId("email-row");
  await rows.filter({ hasText: "invoice.created" }).filter({ hasText: billing.customer.email }).first().waitFor();
  await rows.filter({ hasText: "payment.received" }).filter({ hasText: billing.customer.email }).first().waitFor();
  await screenshot(page, "email log");
  // Edit the template's subject and preview it with sample values (not saved).
  await page.goto(`${BASE}/email/templates`);
  await page.getByRole("button", { name: "Invoice created" }).click();
  const form = page.getByRole("form", { name: "Template invoice.created" });
  await form.getByLabel("Subject").fill("Your bill {{ invoice.number }}");
  await form.getByRole("button", { name: "Preview" }).click();
  await page.getByTestId("email-preview").getByText("Subject: Your bill INV-2026-000042").waitFor();
  await form.getByLabel("Subject").fill("Your bill {{ invoice.nmber }}");
  await form.getByRole("button", { name: "Save" }).click();
  await form.getByText(/nmber/).first().waitFor(); // the server refuses the unknown attribute
  await screenshot(page, "email template preview");
});

test("the dashboard shows the summary cards, both charts and the suggestions", async (page) => {
  await page.goto(`${BASE}/`);
  await page.getByTestId("welcome").waitFor();
  await page.getByTestId("mrr").waitFor();
  await page.getByTestId("active-subscriptions").waitFor();
  await page.getByTestId("revenue-chart").waitFor();
  await page.getByTestId("status-chart").waitFor();
  // No subscriptions in this run: the MRR trend card answers with its empty state.
  await page.getByRole("heading", { name: "MRR over the last 12 months" }).waitFor();
  await page.getByText("No recurring revenue yet").waitFor();
  await page.getByRole("heading", { name: "Suggestions" }).waitFor();
  await page.getByRole("list", { name: "Newest customers" }).getByText(billing.customer.name).waitFor();
  await page.waitForTimeout(300); // let the chart paint
  await screenshot(page, "dashboard with billing");
});

test("on a phone no page scrolls sideways: long names truncate, tables scroll inside their card", async (page) => {
  const token = await apiLogin(EMAIL, PASSWORD);
  await api(token, "POST", "/api/customers", { name: `E2E Wide ${stamp} Webdesign GmbH & Co. KG mit einem sehr langen Firmennamen`, email: `e2e-wide-${stamp}@example.com`, country: "DE" });
  await page.setViewportSize({ width: 390, height: 844 });
  try {
    for (const path of ["/", "/customers", "/invoices", `/invoices/${billing.invoiceId}`, "/jobs", "/audit-log", "/settings"]) {
      await page.goto(`${BASE}${path}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await page.waitForLoadState("networkidle");
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      assert(scroll <= client, `${path} is ${scroll} px wide on a ${client} px phone`);
      if (path === "/") await screenshot(page, "phone dashboard");
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});

test("Ctrl+K: typing an action's name and Enter runs it, ahead of pages that only match a keyword", async (page) => {
  await page.goto(`${BASE}/`);
  await page.getByTestId("welcome").waitFor();
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.waitFor();
  await page.keyboard.type("record"); // the DNS page has the keyword "records"
  await palette.locator('[role="option"][aria-selected="true"]', { hasText: "Record payment" }).waitFor();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/payments\?record=1$/);
  await page.getByRole("dialog", { name: "Record payment" }).waitFor();
  await page.keyboard.press("Escape");
});

test("the list column headers sort on the server: customers, invoices, payments, audit log", async (page) => {
  await page.goto(`${BASE}/customers`);
  const header = page.getByRole("columnheader", { name: /Customer/ });
  await page.getByTestId("customer-row").first().waitFor();
  assert((await header.getAttribute("aria-sort")) === "none", "customers start unsorted by name");
  await header.getByRole("button").click();
  await page.waitForURL(/sort=name/);
  await page.getByRole("columnheader", { name: /Customer/ }).and(page.locator('[aria-sort="ascending"]')).waitFor();
  await header.getByRole("button").click();
  await page.waitForURL(/sort=-name/);
  await page.getByRole("columnheader", { name: /Customer/ }).and(page.locator('[aria-sort="descending"]')).waitFor();
  await page.goto(`${BASE}/invoices`);
  const total = page.getByRole("columnheader", { name: /Total/ });
  await total.getByRole("button").click();
  await page.waitForURL(/sort=total/);
  await page.getByRole("table", { name: "Invoices" }).getByText(billing.invoiceNumber).waitFor();
  assert((await total.getAttribute("aria-sort")) === "ascending", "the total column is not marked ascending");
  // Every staff list sorts the same way: the payments by amount, the audit log oldest first.
  await page.goto(`${BASE}/payments`);
  const amount = page.getByRole("columnheader", { name: /Amount/ });
  await page.getByTestId("payment-row").first().waitFor();
  await amount.getByRole("button").click();
  await page.waitForURL(/sort=amount/);
  await page.getByRole("columnheader", { name: /Amount/ }).and(page.locator('[aria-sort="ascending"]')).waitFor();
  await page.goto(`${BASE}/audit-log`);
  const when = page.getByRole("columnheader", { name: /When/ });
  await page.getByTestId("audit-row").first().waitFor();
  assert((await when.getAttribute("aria-sort")) === "descending", "the audit log does not say it is newest first");
  await when.getByRole("button").click();
  await page.waitForURL(/sort=createdAt/);
  await page.getByRole("columnheader", { name: /When/ }).and(page.locator('[aria-sort="ascending"]')).waitFor();
  await screenshot(page, "audit log oldest first");
});

test("Ctrl+K finds the invoice by its number and Enter opens it", async (page) => {
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.waitFor();
  await page.keyboard.type(billing.invoiceNumber);
  // The invoice result itself (not the "Search users for …" fallback), selected once it arrives.
  const escaped = billing.invoiceNumber.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const hit = palette.locator('[role="option"][aria-selected="true"]', { hasText: new RegExp(`^\\s*${escaped}`) });
  await hit.waitFor();
  // Its status and total as the invoice list shows them ("Unpaid · $45.66"), not the API's raw "unpaid 45.66 USD".
  const hint = await hit.innerText();
  assert(/Unpaid|Paid|Partially paid|Overdue|Draft/.test(hint) && !/\b(unpaid|partially-paid)\b|\d USD/.test(hint), `raw invoice values in the palette: ${hint}`);
  await screenshot(page, "palette invoice search");
  await page.keyboard.press("Enter");
  await page.waitForURL(new RegExp(`/invoices/${billing.invoiceId}$`));
  await page.getByRole("heading", { level: 1, name: `Invoice ${billing.invoiceNumber}` }).waitFor();
  assert(!(await palette.isVisible()), "the palette stayed open");
});

test("a malformed id in a detail address shows the page's not-found state", async (page) => {
  for (const [path, message] of [["/invoices/abc", "Invoice not found."], ["/customers/xyz", "Customer not found."]]) {
    await page.goto(`${BASE}${path}`);
    const alert = page.getByRole("alert").filter({ hasText: message });
    await alert.waitFor();
    assert(!(await page.getByText("Some fields are not valid.").count()), `${path} says "Some fields are not valid."`);
  }
  // The search button is named by what it shows (label in name).
  await page.getByRole("button", { name: /^Search or jump to…/ }).waitFor();
});

test("platform tenants: rename, suspend and reactivate a tenant; your own cannot be suspended", async (page) => {
  const token = await apiLogin(EMAIL, PASSWORD);
  const me = await apiMe(token);
  assert(me.isPlatformOperator, "the e2e owner is expected to be a platform operator");
  const t = { slug: `e2e-t-${stamp}`, name: `E2E Tenant ${stamp}`, renamed: `E2E Renamed ${stamp}` };
  await api(token, "POST", "/api/tenants", { name: t.name, slug: t.slug, defaultCurrency: "USD", ownerName: "E2E", ownerEmail: `owner-${stamp}@${t.slug}.example.com`, ownerPassword: `T${stamp}-e2e-pass-9` });
  await page.goto(`${BASE}/tenants?sort=-createdAt`);
  await page.getByRole("heading", { name: "Tenants", level: 1 }).waitFor();
  await page.getByRole("button", { name: `Edit ${t.name}` }).click();
  const form = page.getByRole("form", { name: "Edit tenant" });
  await form.getByLabel("Company name").fill("");
  await form.getByLabel(/Default currency/).fill("EU");
  await form.getByRole("button", { name: "Save" }).click();
  await form.getByText("Name is required.").waitFor();
  await form.getByLabel("Company name").fill(t.renamed);
  await form.getByLabel(/Default currency/).fill("EUR");
  await form.getByRole("button", { name: "Save" }).click();
  await form.waitFor({ state: "detached" });
  const row = page.getByTestId("tenant-row").filter({ hasText: t.renamed });
  await row.getByText("EUR").waitFor();
  // Suspend, confirmed; then reactivate.
  await row.getByRole("button", { name: `Suspend ${t.renamed}` }).click();
  const confirm = page.getByRole("dialog", { name: "Suspend tenant?" });
  await confirm.getByRole("button", { name: "Suspend tenant" }).click();
  await confirm.waitFor({ state: "detached" });
  await row.getByText("Suspended", { exact: true }).waitFor();
  await screenshot(page, "tenant suspended");
  const listed = await api(token, "GET", `/api/tenants?limit=100&sort=-createdAt`);
  assert(listed.items.find((x) => x.slug === t.slug)?.status === "suspended", "the API does not show the tenant suspended");
  await row.getByRole("button", { name: `Reactivate ${t.renamed}` }).click();
  await page.getByRole("dialog", { name: "Reactivate tenant?" }).getByRole("button", { name: "Reactivate tenant" }).click();
  await row.getByText("Active", { exact: true }).waitFor();
  // Your own tenant: the API refuses, and the dialog says why.
  const own = page.getByTestId("tenant-row").filter({ hasText: "(yours)" });
  await own.getByRole("button", { name: /^Suspend / }).click();
  const refuse = page.getByRole("dialog", { name: "Suspend tenant?" });
  await refuse.getByRole("button", { name: "Suspend tenant" }).click();
  await refuse.getByRole("alert").filter({ hasText: "You cannot suspend or close your own tenant" }).waitFor();
  await screenshot(page, "own tenant refused");
  await refuse.getByRole("button", { name: "Cancel" }).click();
  await own.getByText("Active", { exact: true }).waitFor();
});

test("subscriptions: create one, preview an upgrade's proration, change the plan and cancel at period end", async (page) => {
  const token = await apiLogin(EMAIL, PASSWORD);
  const plan = { starter: `E2E Starter ${stamp}`, pro: `E2E Pro ${stamp}` };
  const starter = await api(token, "POST", "/api/products", { name: plan.starter, type: "hosting", billingCycle: "monthly", price: "10.00" });
  await api(token, "POST", "/api/products", { name: plan.pro, type: "hosting", billingCycle: "monthly", price: "20.00" });
  const inTenDays = new Date(Date.now() + 10 * 86400000).toISOString().slice(0, 10);
  await page.goto(`${BASE}/subscriptions?customerId=${billing.customerId}`);
  await page.getByRole("heading", { name: "Subscriptions", level: 1 }).waitFor();
  await page.getByRole("button", { name: "New subscription" }).click();
  const form = page.getByRole("form", { name: "New subscription" });
  await form.waitFor();
  // Keyboard only: type, Enter picks the suggestion, Tab moves on and closes the list.
  await page.keyboard.type(billing.customer.name);
  await form.getByRole("option", { name: new RegExp(billing.customer.name) }).waitFor();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await form.getByRole("button", { name: "Clear customer" }).waitFor(); // chosen (Enter waits for the typed name's results)
  await form.getByLabel("Product", { exact: true }).focus();
  await page.keyboard.type(plan.starter);
  await form.getByRole("option", { name: new RegExp(plan.starter) }).waitFor();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await form.getByRole("button", { name: "Clear product" }).waitFor();
  assert((await form.getByRole("listbox").count()) === 0, "a suggestion list stayed open after Tab");
  await form.getByLabel("Price", { exact: true }).fill("-1");
  await form.getByLabel("First billing date").focus();
  await form.getByText("Price cannot be negative.").waitFor(); // as you type, before the server
  await form.getByLabel("Price", { exact: true }).fill("");
  await form.getByLabel("First billing date").fill(inTenDays);
  await form.getByRole("button", { name: "Create subscription" }).click();
  await form.waitFor({ state: "detached" });
  const row = page.getByTestId("subscription-row").filter({ hasText: plan.starter });
  await row.waitFor();

  await row.getByRole("button", { name: "Change plan" }).click();
  const change = page.getByRole("form", { name: "Change plan" });
  await change.waitFor();
  await page.keyboard.type(plan.pro);
  await change.getByRole("option", { name: new RegExp(plan.pro) }).waitFor();
  await page.keyboard.press("Enter");
  const preview = page.getByTestId("proration-preview");
  await preview.getByText(/10 of \d+ days left/).waitFor();
  await preview.getByText("Due now").waitFor();
  await screenshot(page, "proration preview");
  await change.getByRole("button", { name: "Change plan" }).click();
  await change.waitFor({ state: "detached" });
  // The service now carries the new plan's name and price.
  const upgraded = page.getByTestId("subscription-row").filter({ hasText: plan.pro });
  await upgraded.getByText("$20.00").waitFor();

  await upgraded.getByRole("button", { name: "Cancel" }).click();
  const dialog = page.getByRole("dialog", { name: "Cancel subscription?" });
  await dialog.getByRole("button", { name: "Cancel subscription" }).click();
  await dialog.waitFor({ state: "detached" });
  await upgraded.getByText("ends at period end").waitFor();
  await screenshot(page, "subscription cancelled at period end");

  // Billed today: its new period is not invoiced yet, so a change today moves no money.
  const today = new Date().toISOString().slice(0, 10);
  const description = `E2E Billed today ${stamp}`;
  await api(token, "POST", "/api/subscriptions", { customerId: billing.customerId, productId: starter.id, billingCycle: "monthly", nextBillingDate: today, description });
  await page.reload();
  const billedToday = page.getByTestId("subscription-row").filter({ hasText: description });
  await billedToday.getByRole("button", { name: "Change plan" }).click();
  await change.waitFor();
  await page.keyboard.type(plan.pro);
  await change.getByRole("option", { name: new RegExp(plan.pro) }).waitFor();
  await page.keyboard.press("Enter");
  await page.getByTestId("no-proration").getByText(/Nothing is due now/).waitFor();
  await change.getByRole("button", { name: "Change plan" }).click();
  await change.waitFor({ state: "detached" });
  await billedToday.getByText("$20.00").waitFor();
});

test("a client logs in to the portal and sees only their own invoices", async (page) => {
  // Another customer's invoice, made through the API: the client must not see it.
  const token = await apiLogin(EMAIL, PASSWORD);
  const other = await api(token, "POST", "/api/customers", { name: `E2E Other ${stamp}`, email: `e2e-other-${stamp}@example.com`, country: "US" });
  const otherInvoice = await api(token, "POST", "/api/invoices", { customerId: other.id, items: [{ description: "Not yours", quantity: "1", unitPrice: "5" }] });
  billing.otherInvoiceNumber = otherInvoice.invoiceNumber;
  // The portal login, created in the UI on the customer's page.
  await page.goto(`${BASE}/customers/${billing.customerId}?tab=portal`);
  const form = page.getByRole("form", { name: "New portal login" });
  await form.waitFor();
  await form.getByLabel("Login e-mail").fill(billing.client.email);
  await form.getByLabel("Password").fill(billing.client.password);
  await form.getByRole("button", { name: "Create portal login" }).click();
  await page.getByRole("table", { name: "Portal logins" }).getByText(billing.client.email).waitFor();
  await logout(page);

  await login(page, billing.client.email, billing.client.password);
  await page.waitForURL(/\/portal$/);
  const rows = page.getByRole("table", { name: "Your invoices" }).getByTestId("invoice-row");
  await rows.first().waitFor();
  const texts = await rows.allInnerTexts();
  assert(texts.some((t) => t.includes(billing.invoiceNumber)), `the client's invoice ${billing.invoiceNumber} is missing: ${texts.join(" | ")}`);
  assert(!texts.some((t) => t.includes(billing.otherInvoiceNumber)), `the client sees another customer's invoice ${billing.otherInvoiceNumber}`);
  assert((await page.getByRole("navigation", { name: "Main" }).count()) === 0, "the client sees the staff sidebar");
  await screenshot(page, "client portal");
  // Staff pages are not theirs: they land back in the portal.
  await page.goto(`${BASE}/customers`);
  await page.waitForURL(/\/portal$/);
  // Their invoice, read-only.
  await page.goto(`${BASE}/portal/invoices/${billing.invoiceId}`);
  await page.getByRole("heading", { level: 1, name: `Invoice ${billing.invoiceNumber}` }).waitFor();
  assert((await moneyText(page.getByTestId("invoice-total"))).includes("45.66"), "the portal shows another total");
  assert((await page.getByRole("button", { name: /Record payment|Refund|Cancel invoice/ }).count()) === 0, "the portal offers staff actions");
  await screenshot(page, "client invoice");
  // Another customer's invoice answers the API's not-found, in its words.
  await page.goto(`${BASE}/portal/invoices/${otherInvoice.id}`);
  await page.getByRole("alert").getByText(/not found/).waitFor();
  assert((await page.getByRole("alert").getByRole("button", { name: "Try again" }).count()) === 0, "a not-found offers Try again");
  // On a tablet the portal's header still fits: its links move to their own row.
  await page.setViewportSize({ width: 768, height: 1024 });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  await page.setViewportSize({ width: 1280, height: 800 });
  assert(wide <= 768, `the portal is ${wide} px wide at 768 px`);
  await page.goto(`${BASE}/portal/invoices/${billing.invoiceId}`);
  const [pdf] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download PDF" }).click()]);
  assert(pdf.suggestedFilename() === `${billing.invoiceNumber}.pdf`, `the client downloaded ${pdf.suggestedFilename()}`);
  await logout(page);
  // Forgot password: the same answer for any address.
  await page.goto(`${BASE}/login`);
  await page.getByRole("link", { name: "Forgot password?" }).click();
  const reset = page.getByRole("form", { name: "Reset password" });
  await reset.getByLabel("E-mail").fill(billing.client.email);
  await reset.getByRole("button", { name: "Send the link" }).click();
  await page.getByText("If an account uses this address").waitFor();
  await screenshot(page, "forgot password");
  // Clean up the portal login like the support user (customers and invoices are kept: they are never deleted).
  const clients = await api(token, "GET", `/api/users?role=client&q=${encodeURIComponent(billing.client.email)}`);
  for (const u of clients.items.filter((x) => x.email === billing.client.email)) await api(token, "DELETE", `/api/users/${u.id}`);
});

test("Stripe: keys in Settings -> Payments, a client saves a card and pays (Stripe.js cannot load offline: a clear error)", async (page) => {
  const token = await apiLogin(EMAIL, PASSWORD);
  // The owner sets the tenant's own keys in the UI; the secret is write-only afterwards.
  await login(page, EMAIL, PASSWORD);
  await page.goto(`${BASE}/settings`);
  const payments = page.locator("#payments");
  await payments.getByLabel("Secret key").fill("sk_test_e2e4242");
  await payments.getByLabel("Publishable key").fill("pk_test_e2e");
  await payments.getByLabel("Webhook signing secret").fill("whsec_e2e9999");
  await payments.getByRole("button", { name: "Save keys" }).click();
  await payments.getByText("Your secret key ending in 4242 is set (test mode).").waitFor();
  assert((await payments.getByLabel("Secret key").inputValue()) === "", "the secret key is shown back");
  await screenshot(page, "settings payments");
  // A customer with an unpaid invoice and a portal login, made through the API.
  const customer = await api(token, "POST", "/api/customers", { name: "Card Payer", email: `e2e-card-${stamp}@example.com`, country: "GB" });
  const invoice = await api(token, "POST", "/api/invoices", { customerId: customer.id, items: [{ description: "Hosting", unitPrice: "12.00" }], taxRate: "0" });
  const client = { email: `e2e-card-client-${stamp}@example.com`, password: `C${stamp}-card-pass-9` };
  await api(token, "POST", `/api/customers/${customer.id}/users`, client);
  await logout(page);
  await login(page, client.email, client.password);
  await page.waitForURL(/\/portal$/);
  // Save a card: the page asks MPanel for a SetupIntent, shows the card field's container and,
  // with no connection to js.stripe.com, says so instead of failing silently.
  await page.goto(`${BASE}/portal/profile`);
  const setup = page.waitForResponse((r) => r.url().includes("/payment-methods/setup-intent") && r.request().method() === "POST");
  await page.getByRole("button", { name: "Save a card" }).click();
  assert((await setup).status() === 201, "the SetupIntent was not created");
  await page.getByTestId("card-element").waitFor();
  await page.getByText(/Stripe\.js did not load/).waitFor();
  await screenshot(page, "portal save a card offline");
  // Pay now on the unpaid invoice: a PaymentIntent, the card container, the same clear error.
  await page.goto(`${BASE}/portal/invoices/${invoice.id}`);
  const pay = page.waitForResponse((r) => r.url().endsWith(`/api/invoices/${invoice.id}/pay`));
  await page.getByRole("button", { name: "Pay with a new card" }).click();
  assert((await pay).status() === 200, "the PaymentIntent was not created");
  await page.getByTestId("card-element").waitFor();
  await page.getByText(/Stripe\.js did not load/).waitFor();
  await logout(page);
  // Staff see the attempt on the invoice.
  await login(page, EMAIL, PASSWORD);
  await page.goto(`${BASE}/invoices/${invoice.id}`);
  await page.getByRole("table", { name: "Payment attempts" }).getByText("Client portal").waitFor();
  await screenshot(page, "invoice payment attempts");
  const users = await api(token, "GET", `/api/users?role=client&q=${encodeURIComponent(client.email)}`);
  for (const u of users.items.filter((x) => x.email === client.email)) await api(token, "DELETE", `/api/users/${u.id}`);
  await logout(page); // the next test signs in itself
});

// ---------- hosting ----------
// No agent runs here: the server stays "not enrolled" and the zone stays pending, as expected.
const hosting = {
  server: { name: `e2e-ns-${stamp}`, hostname: `ns-${stamp}.example.net` },
  zone: `e2e-${stamp}.example.com`,
  serverId: null,
  zoneId: null,
};

test("add a server and see its one-time enrolment command", async (page) => {
  await login(page, EMAIL, PASSWORD);
  await sidebar(page).getByRole("link", { name: "Servers", exact: true }).click();
  await page.getByRole("heading", { name: "Servers", level: 1 }).waitFor();
  await page.getByRole("button", { name: "Add server" }).click();
  const form = page.getByRole("form", { name: "Add server" });
  await form.waitFor();
  await form.getByLabel("Name", { exact: true }).fill(hosting.server.name);
  await form.getByLabel("Host name", { exact: true }).fill(hosting.server.hostname);
  const dns = form.getByRole("checkbox", { name: "DNS" });
  if (!(await dns.isChecked())) await dns.check();
  await form.getByLabel("DNS zones", { exact: true }).fill("500");
  await form.getByRole("button", { name: "Add server" }).click();
  const dialog = page.getByRole("dialog", { name: `Enrol ${hosting.server.name}` });
  await dialog.waitFor();
  const command = (await dialog.getByTestId("enrol-command").innerText()).trim();
  assert(/^mpanel-agent enrol --token \S{20,}$/.test(command), `unexpected enrol command: ${command}`);
  await screenshot(page, "server enrolment token");
  await dialog.getByRole("link", { name: "Open the server" }).click();
  await page.waitForURL(/\/servers\/[0-9a-f-]{36}(\?.*)?$/);
  hosting.serverId = new URL(page.url()).pathname.split("/").pop();
  await page.getByRole("heading", { name: hosting.server.name, level: 1 }).waitFor();
  await page.getByTestId("server-status").getByText("Not enrolled").waitFor();
  assert((await page.getByTestId("enrol-command").count()) === 0, "the token is shown again on the server's page");
  await page.getByRole("radio", { name: "24h" }).click();
  await page.waitForURL(/range=24h/);
  await page.getByTestId("usage-chart").waitFor();
  await page.getByTestId("load-chart").waitFor();
  await screenshot(page, "server page");
});

test("Ctrl+K \"New DNS zone\" makes a zone on that server from the ip variable", async (page) => {
  await page.keyboard.press("Control+k");
  const palette = page.getByRole("dialog", { name: "Command palette" });
  await palette.waitFor();
  await page.keyboard.type("New DNS zone");
  await palette.locator('[role="option"][aria-selected="true"]', { hasText: "New DNS zone" }).waitFor();
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/dns\?new=1$/);
  const form = page.getByRole("form", { name: "New DNS zone" });
  await form.waitFor();
  await form.getByLabel("Zone name", { exact: true }).fill(hosting.zone);
  await form.getByLabel("Server", { exact: true }).selectOption(hosting.serverId);
  await form.getByLabel("IPv4 address ({ip})").fill("192.0.2.10");
  await screenshot(page, "new dns zone");
  await form.getByRole("button", { name: "Create zone" }).click();
  await page.waitForURL(/\/dns\/[0-9a-f-]{36}$/);
  hosting.zoneId = new URL(page.url()).pathname.split("/").pop();
  await page.getByRole("heading", { name: hosting.zone, level: 1 }).waitFor();
  await page.getByTestId("zone-status").first().getByText("Pending").waitFor();
  // The built-in template: NS from the server, A at the apex and www from {ip}; nothing for the variables left out.
  const rows = page.getByRole("table", { name: "Records" }).getByTestId("record-row");
  await rows.filter({ hasText: "192.0.2.10" }).first().waitFor();
  const texts = await rows.allInnerTexts();
  assert(texts.some((t) => /\bNS\b/.test(t) && t.includes(hosting.server.hostname)), `no NS record for the server: ${texts.join(" | ")}`);
  assert(texts.filter((t) => t.includes("192.0.2.10")).length === 2, `expected A records at @ and www: ${texts.join(" | ")}`);
  assert(!texts.some((t) => /\bMX\b|\bAAAA\b/.test(t)), `records for variables not given: ${texts.join(" | ")}`);
});

test("add an A record: a bad address shows the API's error on the content field", async (page) => {
  await page.getByRole("button", { name: "Add record" }).click();
  const form = page.getByRole("form", { name: "Add record" });
  await form.waitFor();
  await form.getByLabel("Name", { exact: true }).fill("api");
  await form.getByLabel("Type", { exact: true }).selectOption("A");
  await form.getByLabel("Content", { exact: true }).fill("300.1.2.3");
  await form.getByRole("button", { name: "Add record" }).click();
  await form.locator('input[name="content"][aria-invalid="true"]').waitFor();
  const message = (await form.locator("[data-field-error]").first().innerText()).trim();
  assert(/A record|IPv4|address/i.test(message), `expected the API's message on the content field, got "${message}"`);
  await screenshot(page, "dns record error");
  await form.getByLabel("Content", { exact: true }).fill("192.0.2.20");
  await form.getByRole("button", { name: "Add record" }).click();
  await form.waitFor({ state: "detached" });
  const row = page.getByRole("table", { name: "Records" }).getByTestId("record-row").filter({ hasText: "192.0.2.20" });
  await row.waitFor();
  assert((await row.innerText()).includes("api"), `the new record reads ${await row.innerText()}`);
  await page.getByRole("table", { name: "Operations" }).getByTestId("operation-row").first().waitFor().catch(() => {});
  await screenshot(page, "dns zone records");
});

test("export the zone as a BIND file and import records from one", async (page) => {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export" }).click()]);
  assert(download.suggestedFilename() === `${hosting.zone}.zone`, `export named ${download.suggestedFilename()}`);
  const text = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
  assert(text.includes(`$ORIGIN ${hosting.zone}.`) && text.includes("192.0.2.20"), `unexpected export:\n${text}`);
  await page.getByRole("button", { name: "Import" }).click();
  const form = page.getByRole("form", { name: "Import zone file" });
  await form.getByLabel("Zone file").fill(`$TTL 600\nftp IN A 192.0.2.30\n@ IN HINFO "PC" "Linux"\n`);
  await form.getByRole("button", { name: "Import" }).click();
  const result = page.getByTestId("import-result");
  await result.getByText("1 record imported.").waitFor();
  await result.getByText(/HINFO/).waitFor();
  await screenshot(page, "dns import");
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  await page.getByRole("table", { name: "Records" }).getByTestId("record-row").filter({ hasText: "192.0.2.30" }).waitFor();
});

test("Jobs lists the zone's apply job, linked to the zone", async (page) => {
  await sidebar(page).getByRole("link", { name: "Jobs", exact: true }).click();
  await page.getByRole("heading", { name: "Jobs", level: 1 }).waitFor();
  const table = page.getByRole("table", { name: "Jobs" });
  await table.waitFor();
  const zoneLink = `a[href="/dns/${hosting.zoneId}"]`;
  const row = table.getByTestId("job-row").filter({ has: page.locator(zoneLink) }).first();
  await row.waitFor();
  assert((await row.innerText()).includes("hosting.apply"), `the zone's job reads ${await row.innerText()}`);
  await screenshot(page, "jobs");
  await page.getByLabel("Filter by task").fill("hosting.apply");
  await page.waitForURL(/task=hosting\.apply/);
  await table.getByTestId("job-row").first().waitFor();
  await table.locator(zoneLink).first().click();
  await page.waitForURL(new RegExp(`/dns/${hosting.zoneId}$`));
  await page.getByRole("heading", { name: hosting.zone, level: 1 }).waitFor();
});

test("the server refuses deletion while it holds the zone, and goes into maintenance and back", async (page) => {
  await page.goto(`${BASE}/servers/${hosting.serverId}`);
  await page.getByRole("heading", { name: hosting.server.name, level: 1 }).waitFor();
  await page.getByRole("button", { name: "Delete", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Delete server?" });
  await dialog.getByRole("button", { name: "Delete server" }).click();
  await dialog.getByRole("alert").getByText(/still holds \d+ object/).waitFor();
  await screenshot(page, "server delete refused");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await page.getByRole("button", { name: "Maintenance", exact: true }).click();
  await page.getByTestId("server-status").getByText("Maintenance").waitFor();
  await page.getByRole("button", { name: "End maintenance" }).click();
  await page.getByTestId("server-status").getByText("Not enrolled").waitFor();
  await logout(page); // the next test signs in itself
});

test("a TLD's grace and redemption days are edited, and a domain shows its lifecycle", async (page) => {
  await login(page, EMAIL, PASSWORD);
  const token = await apiLogin(EMAIL, PASSWORD);
  const tld = `lc${stamp}`.toLowerCase().replace(/[0-9]/g, (d) => "abcdefghij"[Number(d)]); // letters only, like a real TLD
  const prices = ["register", "renew", "transfer"].map((action) => ({ action, years: 1, price: "12.00" }));
  await api(token, "POST", "/api/tlds", { tld, prices });
  await page.goto(`${BASE}/tlds`);
  await page.getByRole("button", { name: `Edit .${tld}` }).click();
  const form = page.getByRole("form", { name: "Edit TLD" });
  await form.getByLabel("Grace days").fill("7");
  await form.getByLabel("Redemption days").fill("400");
  await form.getByRole("button", { name: "Save TLD" }).click();
  await form.getByText("Whole days, 0 to 365.").waitFor(); // checked before it is sent
  await form.getByLabel("Redemption days").fill("14");
  await form.getByRole("button", { name: "Save TLD" }).click();
  await form.waitFor({ state: "detached" });
  const row = page.getByTestId("tld-row").filter({ hasText: `.${tld}` });
  await row.getByTestId("tld-periods").getByText("7 d / 14 d").waitFor();
  await screenshot(page, "tld grace and redemption days");

  // The request leaves the domain pending; the registrar job (the in-process worker) activates it.
  const name = `lifecycle-${stamp}.${tld}`;
  const created = await api(token, "POST", "/api/domains", { name, customerId: billing.customerId });
  assert(created.domain.status === "pending", `a new domain answers ${created.domain.status}, expected pending`);
  await api(token, "POST", `/api/domains/${created.domain.id}/status`, { status: "cancelled" }).catch(() => null);
  const kept = await api(token, "POST", "/api/domains", { name: `kept-${stamp}.${tld}`, customerId: billing.customerId });
  for (let i = 0; i < 40; i++) {
    const d = await api(token, "GET", `/api/domains/${kept.domain.id}`);
    if (d.status === "active") break;
    await page.waitForTimeout(250);
  }
  await api(token, "POST", `/api/domains/${kept.domain.id}/status`, { status: "grace" });
  await page.goto(`${BASE}/domains?q=${encodeURIComponent(`kept-${stamp}`)}`);
  const domainRow = page.getByTestId("domain-row").filter({ hasText: `kept-${stamp}` });
  await domainRow.getByText("Grace period", { exact: true }).waitFor();
  // The name's link, not the row's middle: that may be the customer's link in the next cell.
  await domainRow.getByRole("link", { name: `kept-${stamp}.${tld}`, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: `kept-${stamp}.${tld}` }).waitFor();
  await page.getByText("Grace ends").waitFor();
  await page.getByText("Last registrar error").waitFor();
  await screenshot(page, "domain lifecycle");

  // Nameservers: the request answers at once, the registrar job (in-process worker) sends them,
  // and the page follows the job until the history shows the change.
  await page.getByRole("button", { name: "Settings" }).click();
  const settings = page.getByRole("form", { name: "Domain settings" });
  await settings.getByLabel("Nameservers").fill("ns1.e2e.example\nns2.e2e.example");
  await settings.getByRole("button", { name: "Save" }).click();
  await settings.waitFor({ state: "detached" });
  await page.getByTestId("domain-nameservers").getByText("ns1.e2e.example", { exact: false }).waitFor();
  await page.getByRole("table", { name: "Domain history" }).getByText("ns1.e2e.example ns2.e2e.example").waitFor({ timeout: 20_000 });
  await page.getByTestId("domain-nameservers").getByText("Waiting for the registrar").waitFor({ state: "detached" });
});

// ---------- run ----------
await mkdir(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: !process.env.E2E_HEADED,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: "light" });
context.setDefaultTimeout(TIMEOUT);
const page = await context.newPage();
const consoleErrors = [];
// A 401/409 answered on purpose is logged by Chromium as a failed resource: not a page error.
page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && consoleErrors.push(m.text()));
page.on("pageerror", (e) => consoleErrors.push(String(e)));

let failedOnce = false;
console.log(`e2e against ${BASE} with ${CHROMIUM}`);
for (const t of tests) {
  if (failedOnce) {
    results.push({ name: t.name, status: "skipped" });
    console.log(`  - skipped  ${t.name}`);
    continue;
  }
  const started = Date.now();
  try {
    await t.fn(page);
    results.push({ name: t.name, status: "passed", ms: Date.now() - started });
    console.log(`  ✓ ${t.name} (${Date.now() - started} ms)`);
  } catch (e) {
    failedOnce = true; // the steps build on each other
    const file = await screenshot(page, `FAILED ${t.name}`).catch(() => null);
    results.push({ name: t.name, status: "failed", error: String(e?.message || e), screenshot: file });
    console.log(`  ✗ ${t.name}\n      ${String(e?.message || e).split("\n").join("\n      ")}${file ? `\n      screenshot: ${file}` : ""}`);
  }
}
await browser.close();

const passed = results.filter((r) => r.status === "passed").length;
const failed = results.filter((r) => r.status === "failed").length;
const skipped = results.filter((r) => r.status === "skipped").length;
await writeFile(join(OUT, "e2e-results.json"), JSON.stringify({ base: BASE, results, consoleErrors }, null, 2));
if (consoleErrors.length) console.log(`browser console errors (${consoleErrors.length}), see test-results/e2e-results.json`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed || skipped ? 1 : 0);
