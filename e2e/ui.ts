import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Password of every demo user seeded by `--seed demo`. */
export const DEMO_PASSWORD = 'demo1234';

/**
 * Opens a confirmation dialog (clicks `open`), confirms it (`ok`) and waits
 * until the dialog has closed, which it does once the action went through:
 * a failed action leaves it open, and the failure then names the message the
 * page showed (a slow action under load gets `timeoutMs`).
 */
export async function confirmDialog(page: Page, open: string, ok: string, timeoutMs = 60_000): Promise<void> {
  await page.getByTestId(open).click();
  const button = page.getByTestId(ok);
  await button.waitFor();
  await eventually(async () => expect(await button.isEnabled()).toBe(true));
  await button.click();
  try {
    await button.waitFor({ state: 'hidden', timeout: timeoutMs });
  } catch (e) {
    const shown = await page.locator('.ant-message, .ant-alert-error').allInnerTexts().catch(() => []);
    throw new Error(`the dialog of ${ok} stayed open${shown.length ? `; the page says: ${shown.join(' | ')}` : ''}`, { cause: e });
  }
}

/** Waits until `check` passes (Playwright-core has no `expect` of its own). */
export async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Signs in through the login form and waits for the dashboard. */
export async function login(page: Page, baseUrl: string, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.locator('#login_username').fill(username);
  await page.locator('#login_password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('dashboard-welcome').waitFor();
}

/** Signs out with the header button and waits for the login form. */
export async function logout(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await page.locator('#login_username').waitFor();
}

/** The labels of the side menu's top level (pages and module groups), in order. */
export async function menuLabels(page: Page): Promise<string[]> {
  const items = page.getByTestId('side-menu').locator(':scope > li.ant-menu-item, :scope > li.ant-menu-submenu > .ant-menu-submenu-title');
  await items.first().waitFor();
  return (await items.allInnerTexts()).map((s) => s.trim());
}

/** The labels of the pages in one module group of the side menu (opening it first). */
export async function submenuLabels(page: Page, group: string): Promise<string[]> {
  const submenu = page.getByTestId('side-menu').locator(':scope > li.ant-menu-submenu').filter({ has: page.locator('.ant-menu-submenu-title', { hasText: group }) });
  if (!(await submenu.evaluate((el) => el.classList.contains('ant-menu-submenu-open')))) await submenu.locator('.ant-menu-submenu-title').click();
  const items = submenu.locator('li.ant-menu-item');
  await items.first().waitFor();
  return (await items.allInnerTexts()).map((s) => s.trim());
}

/** The open dropdown of antd selects/cascaders (only one is open at a time). */
function openPopup(page: Page, cls: string): Locator {
  return page.locator(`.${cls}:not(.${cls}-hidden)`).last();
}

/** Picks an option of the antd Select whose input has the given id. */
export async function pickOption(page: Page, inputId: string, label: string): Promise<void> {
  await page.locator(`#${inputId}`).click();
  const popup = openPopup(page, 'ant-select-dropdown');
  const option = popup.locator('.ant-select-item-option').filter({ hasText: label }).first();
  // Picked when the dropdown closes: a click that lands while it is still opening (a slow machine) is clicked again,
  // and a dropdown left open would take the next field's click.
  for (let attempt = 1; ; attempt++) {
    await option.click();
    try {
      await popup.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** Walks an antd Cascader (the region picker) through the given names. */
export async function pickCascader(page: Page, inputId: string, names: string[]): Promise<void> {
  await page.locator(`#${inputId}`).click();
  const popup = openPopup(page, 'ant-select-dropdown');
  const item = (name: string) => popup.locator('.ant-cascader-menu-item').filter({ hasText: new RegExp(`^${name}$`) }).first();
  for (let i = 0; i < names.length; i++) {
    await item(names[i]!).click();
    const next = names[i + 1];
    if (next === undefined) continue;
    // The next level is loaded on the click; a click that lands while the column re-renders is clicked again.
    for (let attempt = 1; ; attempt++) {
      try {
        await item(next).waitFor({ timeout: 10_000 });
        break;
      } catch (error) {
        if (attempt === 3) throw error;
        await item(names[i]!).click();
      }
    }
  }
  // changeOnSelect keeps the menu open on a non-leaf region: move the focus
  // on to close it (Escape would close the whole drawer).
  await page.keyboard.press('Tab');
  await popup.waitFor({ state: 'hidden' });
}

/** The error messages shown under one form item. */
export function fieldErrors(page: Page, inputId: string): Locator {
  return page.locator('.ant-form-item').filter({ has: page.locator(`#${inputId}`) }).locator('.ant-form-item-explain-error');
}

/** Asserts that the element's text contains `text`, waiting for it. */
export async function expectText(locator: Locator, text: string | RegExp): Promise<void> {
  await eventually(async () => {
    const actual = await locator.innerText();
    if (typeof text === 'string') expect(actual).toContain(text);
    else expect(actual).toMatch(text);
  });
}

/** A signed-in API session of a user (cookie and CSRF token): for setting a scene and reading figures, never for the steps under test. */
export async function apiSession(baseUrl: string, username: string, password = DEMO_PASSWORD) {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async <T,>(method: string, p: string, body?: unknown): Promise<T> => {
    const r = await fetch(`${baseUrl}${p}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return { get: <T,>(p: string) => call<T>('GET', p), post: <T,>(p: string, body?: unknown) => call<T>('POST', p, body) };
}
