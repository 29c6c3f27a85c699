// Takes the screenshots in docs/console/: each page of the console at
// 1280×800, and the admin roles page at a phone's width, on the e2e
// fixture with seed 001's objects made through the shell.
// Usage: node screenshots.mjs [OUT_DIR]   (default: docs/console)
import { mkdirSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { launch } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] || join(here, '..', '..', '..', 'docs', 'console'));
mkdirSync(out, { recursive: true });

const server = await startServer(['Administrator', 'Helpy']);
const chrome = await launch();
try {
  server.shell(`New-ManagementScope -Name 'Staff' -RecipientRestrictionFilter "Name -like 'User*'" -RecipientRoot 'contoso.com/Staff'
New-RoleGroup -Name '2nd Level Support Management' -Description 'Second-level support: recipients' -Roles 'Mail Recipients' -Members '2nd Level Support'
New-ManagementRole -Name ModifyDistributionGroupMembership -Parent 'Distribution Groups'
Get-ManagementRoleEntry 'ModifyDistributionGroupMembership\\*' | Where-Object {($_.Name -ne 'Remove-DistributionGroupMember') -and ($_.Name -ne 'Get-DistributionGroupMember') -and ($_.Name -ne 'Add-DistributionGroupMember') -and ($_.Name -ne 'Get-DistributionGroup')} | Remove-ManagementRoleEntry -Confirm:$false
New-RoleGroup -Name '2nd Level Permissions Role' -Roles ModifyDistributionGroupMembership -Members '2nd Level Support' -CustomRecipientWriteScope Staff`);

  async function tab(as, viewport) {
    const context = await chrome.browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    await page.goto(`${server.url}/console/`);
    if (as) {
      await page.fill('#token', server.tokens[as]);
      await page.press('#token', 'Enter');
      await settled(page, 0);
    }
    return page;
  }
  const shot = async (page, name) => {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: join(out, `${name}.png`) });
    console.log(`${name}.png`);
  };
  const settled = (page, before) => page.waitForFunction((b) => Number(document.body.dataset.routed || 0) > b
    && document.querySelector('#main').getAttribute('aria-busy') === 'false', before);
  const open = async (page, hash) => {
    const before = await page.evaluate(() => Number(document.body.dataset.routed || 0));
    await page.evaluate((h) => { location.hash = h; }, hash);
    await settled(page, before);
  };
  const pick = async (page, list, key) => {
    await page.click(`#${list}-list tr[data-key="${key}"]`);
    await page.waitForFunction(([l, k]) => document.querySelector(`#${l}-details h2`)?.textContent === k, [list, key]);
  };

  const desk = { width: 1280, height: 800 };
  let page = await tab(null, desk);
  await page.fill('#token', 'exr_…');
  await shot(page, 'sign-in');

  page = await tab('Administrator', desk);
  await open(page, '#/admin-roles');
  await pick(page, 'rolegroups', '2nd Level Permissions Role');
  await shot(page, 'admin-roles');

  await open(page, '#/admin-roles/new');
  await page.waitForSelector('#rg-name');
  await page.fill('#rg-name', 'Help Desk');
  await page.fill('#rg-description', 'Tier 1 support');
  await page.fill('#rg-roles-filter', 'Mail Rec');
  await page.locator('#rg-roles label', { hasText: /^Mail Recipients$/ }).locator('input').check();
  await page.fill('#rg-members', '2nd Level Support');
  await page.press('#rg-members', 'Enter');
  await page.click('#rg-save');
  await page.locator('[data-field="name"] .error').waitFor();
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, 'new-role-group-error');

  await open(page, '#/user-roles');
  await pick(page, 'policies', 'Default Role Assignment Policy');
  await shot(page, 'user-roles');
  await open(page, '#/user-roles/edit/Default%20Role%20Assignment%20Policy');
  await page.waitForSelector('#policy-roles');
  await shot(page, 'user-roles-edit');

  await open(page, '#/roles');
  await pick(page, 'roles', 'ModifyDistributionGroupMembership');
  await shot(page, 'roles');

  await open(page, '#/scopes/new');
  await page.waitForSelector('#scope-filter');
  await page.fill('#scope-name', 'Sales users');
  await page.fill('#scope-filter', "Name -like 'User*' -and RecipientType -eq 'UserMailbox'");
  await page.waitForFunction(() => /^Valid/.test(document.querySelector('#scope-preview').textContent));
  await shot(page, 'scopes-new');

  await open(page, '#/explain');
  await page.waitForSelector('#explain-user');
  await page.fill('#explain-user', 'Helpy');
  await page.fill('#explain-cmdlet', 'Set-User');
  await page.press('#explain-cmdlet', 'Tab');
  await page.locator('#explain-params label', { hasText: /^Identity$/ }).locator('input').check();
  await page.locator('#explain-params label', { hasText: /^Office$/ }).locator('input').check();
  await page.fill('#explain-target', 'User2');
  await page.click('#explain-go');
  await page.locator('#decision').waitFor();
  await shot(page, 'explain-denied');
  await page.fill('#explain-user', 'User1');
  await page.fill('#explain-cmdlet', 'Set-Mailbox');
  await page.press('#explain-cmdlet', 'Tab');
  await page.locator('#explain-params label', { hasText: /^Identity$/ }).locator('input').check();
  await page.locator('#explain-params label', { hasText: /^Office$/ }).locator('input').check();
  await page.click('#explain-go');
  await page.waitForFunction(() => /^Allowed/.test(document.querySelector('#decision')?.textContent || ''));
  await shot(page, 'explain');

  await open(page, '#/who-can');
  await page.waitForSelector('#whocan-target');
  await page.fill('#whocan-target', 'User2');
  await page.click('#whocan-go');
  await page.locator('#whocan-table').waitFor();
  await shot(page, 'who-can');

  page = await tab('Helpy', desk);
  await shot(page, 'help-desk-view');

  page = await tab('Administrator', { width: 390, height: 844 });
  await open(page, '#/admin-roles');
  await pick(page, 'rolegroups', '2nd Level Support Management');
  await shot(page, 'phone-admin-roles');
} finally {
  await chrome.close();
  await server.stop();
}
