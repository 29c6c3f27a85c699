// The exrbac console. Everything it shows or changes goes through the /v1
// API with the signed-in principal's token: reads and writes are the
// shell's own cmdlets run by /v1/invoke, so RBAC, validation and error
// texts are exactly the shell's; which buttons appear is asked of
// /v1/check. Nothing is ever inserted as HTML: every value becomes text.
'use strict';

(() => {
  const TOKEN_KEY = 'exrbac.console.token';
  const state = { me: null, caps: new Map(), revision: 0 };

  // ----- DOM --------------------------------------------------------------

  /** An element: attributes (class, text, on… handlers, the rest as
   * attributes; false/null left out) and children (text, nodes, arrays). */
  function h(tag, attrs, ...kids) {
    const svg = tag.startsWith('svg:');
    const el = svg
      ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
      : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'value' && !svg) el.value = v;
      else if (k === 'checked' && !svg) el.checked = !!v;
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    add(el, kids);
    return el;
  }
  function add(el, kids) {
    for (const k of kids) {
      if (k === null || k === undefined || k === false) continue;
      if (Array.isArray(k)) add(el, k);
      else if (k instanceof Node) el.appendChild(k);
      else el.appendChild(document.createTextNode(String(k)));
    }
  }
  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }
  const $ = (sel, root) => (root || document).querySelector(sel);
  let uid = 0;
  const newId = (p) => `${p}-${++uid}`;

  function status(text) {
    $('#status').textContent = text || '';
  }

  // ----- PowerShell quoting -------------------------------------------------

  /** A single-quoted PowerShell string: nothing inside is expanded, and
   * each quote character (the parser takes ' and the typographic ‘ ’ ‚ ‛
   * alike) is doubled, which the parser reads back as that one character. */
  function q(s) {
    return "'" + String(s).replace(/['\u2018\u2019\u201A\u201B]/g, (c) => c + c) + "'";
  }
  const qList = (a) => a.map(q).join(',');

  // ----- the API ------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
  /** Errors a cmdlet wrote, with the command that wrote them. */
  class ShellFailure extends Error {
    constructor(errors) {
      super(errors.map((e) => e.message).join('\n'));
      this.errors = errors;
    }
  }

  const token = () => sessionStorage.getItem(TOKEN_KEY);

  async function api(method, path, body, tok) {
    let r;
    try {
      r = await fetch(path, {
        method,
        headers: Object.assign(
          { Authorization: `Bearer ${tok || token() || ''}` },
          body === undefined ? {} : { 'Content-Type': 'application/json' },
        ),
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new ApiError(0, 'network', `The server can't be reached (${e.message}).`);
    }
    let j = null;
    try {
      j = await r.json();
    } catch (_) {
      j = null;
    }
    if (r.status === 401 && !tok) {
      signOut('The server no longer accepts this token (revoked, or its principal was removed). Sign in again.');
    }
    if (!r.ok) {
      const e = (j && j.error) || {};
      throw new ApiError(r.status, e.code || 'error', e.message || `${r.status} ${r.statusText}`);
    }
    if (j && typeof j.revision === 'number' && j.revision > state.revision) state.revision = j.revision;
    return j;
  }

  /** Runs a script as the signed-in principal; the raw answer. */
  function invoke(script) {
    return api('POST', '/v1/invoke', { script, min_revision: state.revision || undefined });
  }

  /** Runs a read; its objects, or a ShellFailure with the shell's errors. */
  async function read(script) {
    const r = await invoke(script);
    const errors = r.outcomes.flatMap((o) => o.errors);
    if (errors.length) throw new ShellFailure(errors);
    return r.outcomes.flatMap((o) => o.output);
  }

  /** Asks /v1/check which of these cmdlets (with parameters) the signed-in
   * principal may run; remembers the answers. */
  async function learn(checks) {
    const todo = checks.filter((c) => !state.caps.has(capKey(c)));
    if (!todo.length) return;
    const r = await api('POST', '/v1/check/batch', {
      checks: todo.map((c) => ({ cmdlet: c[0], parameters: c.slice(1), explain: false })),
    });
    todo.forEach((c, i) => state.caps.set(capKey(c), !!(r.results[i] && r.results[i].allowed)));
  }
  const capKey = (c) => c.join(' ').toLowerCase();
  /** Whether the principal may run the cmdlet with these parameters. */
  const can = (...c) => state.caps.get(capKey(c)) === true;

  // Everything a page may offer, asked once after sign-in.
  const CAPABILITIES = [
    ['Get-RoleGroup'],
    ['New-RoleGroup', 'Name'],
    ['Set-RoleGroup', 'Identity'],
    ['Remove-RoleGroup', 'Identity'],
    ['Add-RoleGroupMember', 'Identity', 'Member'],
    ['Remove-RoleGroupMember', 'Identity', 'Member'],
    ['Get-ManagementRoleAssignment'],
    ['New-ManagementRoleAssignment', 'Role', 'SecurityGroup'],
    ['New-ManagementRoleAssignment', 'Role', 'Policy'],
    ['Set-ManagementRoleAssignment', 'Identity'],
    ['Remove-ManagementRoleAssignment', 'Identity'],
    ['Get-RoleAssignmentPolicy'],
    ['New-RoleAssignmentPolicy', 'Name'],
    ['Set-RoleAssignmentPolicy', 'Identity'],
    ['Set-RoleAssignmentPolicy', 'Identity', 'IsDefault'],
    ['Remove-RoleAssignmentPolicy', 'Identity'],
    ['Get-ManagementRole'],
    ['Get-ManagementRoleEntry', 'Identity'],
    ['New-ManagementRole', 'Name', 'Parent'],
    ['Remove-ManagementRole', 'Identity'],
    ['Add-ManagementRoleEntry', 'Identity'],
    ['Remove-ManagementRoleEntry', 'Identity'],
    ['Get-ManagementScope'],
    ['New-ManagementScope', 'Name', 'RecipientRestrictionFilter'],
    ['Set-ManagementScope', 'Identity'],
    ['Remove-ManagementScope', 'Identity'],
    ['Get-Recipient'],
    ['Get-OrganizationalUnit'],
  ];

  // ----- errors shown where they belong -------------------------------------

  /** The field an error is about: the field whose parameter the message
   * names, else the field holding a value the message quotes, else one
   * holding a value the message mentions; null: the form as a whole. */
  function fieldOf(message, fields) {
    const m = message.toLowerCase();
    for (const f of fields) {
      for (const p of f.params || []) {
        const pl = p.toLowerCase();
        if (m.includes(`parameter '${pl}'`) || m.includes(`parameters: ${pl}`) || m.includes(`-${pl} `)) return f.key;
      }
    }
    const values = (f) => (f.values || []).filter((v) => v && String(v).trim()).map((v) => String(v).toLowerCase());
    for (const f of fields) {
      for (const v of values(f)) {
        if (m.includes(`'${v}'`) || m.includes(`"${v}"`)) return f.key;
      }
    }
    for (const f of fields) {
      for (const v of values(f)) {
        if (v.length >= 3 && m.includes(v)) return f.key;
      }
    }
    return null;
  }

  /** A form's error slots: clear them, or show a message at its field. */
  function errorSlots(form) {
    return {
      clear() {
        form.querySelectorAll('.error, .form-error, .form-ok').forEach((e) => e.remove());
        form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
      },
      show(key, text) {
        const field = key && form.querySelector(`[data-field="${key}"]`);
        if (!field) {
          const box = h('div', { class: 'form-error', role: 'alert', text });
          const at = form.querySelector('.actions');
          form.insertBefore(box, at);
          return box;
        }
        const id = newId('err');
        const msg = h('div', { class: 'error', id, role: 'alert', text });
        field.appendChild(msg);
        const input = field.querySelector('input, textarea, select, .picker');
        if (input) {
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute('aria-describedby', id);
        }
        return msg;
      },
      ok(text) {
        const box = h('div', { class: 'form-ok', role: 'status', text });
        form.insertBefore(box, form.querySelector('.actions'));
      },
    };
  }

  /** Runs a change as steps, one request each, stopping at the first that
   * fails; its errors go to their fields. Each step is what the shell
   * would run: {script, fields}. True when every step succeeded. */
  async function runSteps(form, steps) {
    const slots = errorSlots(form);
    slots.clear();
    let done = 0;
    for (const step of steps) {
      let r;
      try {
        r = await invoke(step.script);
      } catch (e) {
        slots.show(null, e.message);
        return false;
      }
      const errors = r.outcomes.flatMap((o) => o.errors);
      if (errors.length) {
        let first = null;
        for (const e of errors) {
          const text = e.command ? `${e.command} : ${e.message}` : e.message;
          const el = slots.show(fieldOf(e.message, step.fields || []), text);
          first = first || el;
        }
        if (done > 0) {
          slots.show(null, `The changes before this step were saved (${done} of ${steps.length} steps); the rest were not made.`);
        }
        const bad = form.querySelector('[aria-invalid=true]');
        (bad || first).focus && (bad || first).focus();
        if (first && first.scrollIntoView) first.scrollIntoView({ block: 'nearest' });
        return false;
      }
      done += 1;
    }
    return true;
  }

  function showError(where, e) {
    const text = e instanceof ShellFailure
      ? e.errors.map((x) => (x.command ? `${x.command} : ${x.message}` : x.message)).join('\n')
      : e.message;
    clear(where).appendChild(h('div', { class: 'form-error', role: 'alert', text }));
  }

  // ----- sign-in --------------------------------------------------------------

  function signOut(why) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    state.caps = new Map();
    state.revision = 0;
    $('#nav').hidden = true;
    $('#who').hidden = true;
    if (location.hash && location.hash !== '#/') history.replaceState(null, '', '#/');
    renderSignIn(why);
  }

  function renderSignIn(why) {
    const main = clear($('#main'));
    const input = h('input', { type: 'password', id: 'token', name: 'token', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'token-hint' });
    const form = h('form', { class: 'signin', onsubmit: async (ev) => {
      ev.preventDefault();
      const slots = errorSlots(form);
      slots.clear();
      const t = input.value.trim();
      if (!t) {
        slots.show('token', 'Enter an API token.');
        return;
      }
      try {
        const me = await api('GET', '/v1/whoami', undefined, t);
        sessionStorage.setItem(TOKEN_KEY, t);
        await start(me);
      } catch (e) {
        slots.show('token', e.status === 401 ? 'This token is not valid here (unknown, revoked, or its principal was removed).' : e.message);
      }
    } },
      h('h1', { text: 'Sign in' }),
      why ? h('p', { class: 'form-error', role: 'alert', text: why }) : null,
      h('div', { class: 'field', 'data-field': 'token' },
        h('label', { for: 'token', text: 'API token' }),
        input,
        h('p', { class: 'hint', id: 'token-hint' },
          'Create one with ', h('code', { text: 'exrbac token create --as NAME' }),
          '. It is kept for this browser tab only and sent to this server alone; every page acts as its principal.')),
      h('div', { class: 'actions' }, h('button', { class: 'primary', type: 'submit', text: 'Sign in' })));
    main.appendChild(form);
    input.focus();
  }

  async function start(me) {
    state.me = me;
    state.revision = me.revision || 0;
    state.caps = new Map();
    const who = clear($('#who'));
    who.appendChild(h('span', {}, 'Signed in as ', h('strong', { id: 'whoami', text: me.principal }), ` · ${me.organization}`));
    who.appendChild(h('button', { type: 'button', text: 'Sign out', onclick: () => signOut() }));
    who.hidden = false;
    status('Loading…');
    try {
      await learn(CAPABILITIES);
      status('');
    } catch (e) {
      status(`What this principal may do couldn't be asked: ${e.message}`);
    }
    renderNav();
    route();
  }

  // ----- pages and navigation -------------------------------------------------

  const PAGES = [];
  function page(path, title, visible, render) {
    PAGES.push({ path, title, visible, render });
  }

  function renderNav() {
    const nav = clear($('#nav'));
    for (const p of PAGES) {
      if (!p.visible()) continue;
      nav.appendChild(h('a', { href: `#/${p.path}`, 'data-page': p.path, text: p.title }));
    }
    nav.hidden = false;
  }

  function route() {
    if (!state.me) return;
    const path = (location.hash.replace(/^#\/?/, '').split('/')[0]) || '';
    const p = PAGES.find((x) => x.path === path) || PAGES.find((x) => x.visible());
    const main = clear($('#main'));
    if (!p) {
      main.appendChild(h('p', { class: 'notice', text: `None of these pages is available to ${state.me.principal}.` }));
      return;
    }
    document.querySelectorAll('#nav a').forEach((a) => {
      if (a.dataset.page === p.path) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    document.title = `${p.title} · exrbac console`;
    main.appendChild(h('h1', { text: p.title }));
    if (!p.visible()) {
      main.appendChild(h('p', { class: 'notice', text: `${state.me.principal} can't view this page: the cmdlets it needs aren't available to it.` }));
      return;
    }
    Promise.resolve(p.render(main)).catch((e) => showError(main.appendChild(h('div')), e));
  }

  /** A sortable, searchable list with a details pane, keyboard-driven. */
  function listPage(main, opts) {
    const search = h('input', { type: 'search', placeholder: 'Search', 'aria-label': `Search ${opts.noun}s`, id: `${opts.id}-search` });
    const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Actions' });
    const tbody = h('tbody');
    const count = h('div', { class: 'count', 'aria-live': 'polite' });
    const sortState = { col: 0, dir: 1 };
    const headRow = h('tr');
    const details = h('section', { class: 'details', 'aria-label': 'Details', id: `${opts.id}-details`, tabindex: '-1' });
    const table = h('table', { class: 'list', id: `${opts.id}-list`, 'aria-label': `${opts.noun}s` }, h('thead', {}, headRow), tbody);
    const listbox = h('div', { class: 'listbox' }, table, count);
    main.appendChild(toolbar);
    main.appendChild(h('div', { class: 'split' }, listbox, details));
    let items = [];
    let selected = null;

    opts.columns.forEach((c, i) => {
      const b = h('button', { type: 'button', class: 'sort', text: c.title, onclick: () => {
        sortState.dir = sortState.col === i ? -sortState.dir : 1;
        sortState.col = i;
        draw();
      } });
      headRow.appendChild(h('th', { scope: 'col', 'aria-sort': 'none' }, b));
    });

    function draw() {
      const needle = search.value.trim().toLowerCase();
      const col = opts.columns[sortState.col];
      const shown = items
        .filter((it) => !needle || opts.columns.some((c) => String(c.text(it) || '').toLowerCase().includes(needle)))
        .sort((a, b) => sortState.dir * String(col.text(a) || '').localeCompare(String(col.text(b) || ''), undefined, { sensitivity: 'base', numeric: true }));
      headRow.querySelectorAll('th').forEach((th, i) => th.setAttribute('aria-sort', i === sortState.col ? (sortState.dir > 0 ? 'ascending' : 'descending') : 'none'));
      clear(tbody);
      for (const it of shown) {
        const key = opts.key(it);
        const tr = h('tr', { tabindex: '-1', 'data-key': key, 'aria-selected': selected === key ? 'true' : 'false',
          onclick: () => choose(key, true),
          onkeydown: (ev) => {
            const rows = [...tbody.rows];
            const at = rows.indexOf(tr);
            let to = null;
            if (ev.key === 'ArrowDown') to = rows[at + 1];
            else if (ev.key === 'ArrowUp') to = rows[at - 1];
            else if (ev.key === 'Home') to = rows[0];
            else if (ev.key === 'End') to = rows[rows.length - 1];
            else if (ev.key === 'Enter' && opts.onOpen) { ev.preventDefault(); opts.onOpen(key); return; }
            if (to) { ev.preventDefault(); choose(to.dataset.key, true); }
          } },
        opts.columns.map((c) => h('td', { class: c.class || false, title: c.class === 'clip' ? c.text(it) : false }, c.cell ? c.cell(it) : c.text(it))));
        tbody.appendChild(tr);
      }
      // One row is in the tab order: the selected one, else the first.
      const rows = [...tbody.rows];
      const focusRow = rows.find((r) => r.dataset.key === selected) || rows[0];
      if (focusRow) focusRow.tabIndex = 0;
      count.textContent = needle ? `${shown.length} of ${items.length} shown` : `${items.length} ${opts.noun}${items.length === 1 ? '' : 's'}`;
    }

    async function choose(key, focus) {
      selected = key;
      [...tbody.rows].forEach((r) => {
        const on = r.dataset.key === key;
        r.setAttribute('aria-selected', on ? 'true' : 'false');
        r.tabIndex = on ? 0 : -1;
        if (on && focus) r.focus();
      });
      const it = items.find((x) => opts.key(x) === key);
      if (opts.onSelect) opts.onSelect(it || null);
      clear(details);
      if (!it) {
        details.appendChild(h('p', { class: 'empty', text: `Select a ${opts.noun} to see its details.` }));
        return;
      }
      details.appendChild(h('p', { class: 'hint', text: 'Loading…' }));
      try {
        const body = await opts.details(it);
        if (selected !== key) return;
        clear(details).appendChild(body);
      } catch (e) {
        if (selected === key) showError(details, e);
      }
    }

    async function load(keep) {
      count.textContent = 'Loading…';
      try {
        items = await opts.load();
      } catch (e) {
        items = [];
        showError(details, e);
      }
      draw();
      const k = keep !== undefined ? keep : selected;
      if (k && items.some((x) => opts.key(x) === k)) await choose(k, false);
      else {
        selected = null;
        clear(details).appendChild(h('p', { class: 'empty', text: `Select a ${opts.noun} to see its details.` }));
        if (opts.onSelect) opts.onSelect(null);
      }
    }

    search.addEventListener('input', draw);
    return { toolbar, search, load, selected: () => items.find((x) => opts.key(x) === selected) || null, choose, details };
  }

  const dd = (v) => (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)
    ? h('dd', { class: 'empty', text: 'None' })
    : Array.isArray(v) ? h('dd', {}, h('ul', {}, v.map((x) => h('li', { text: x })))) : h('dd', { text: v }));
  const arr = (v) => (Array.isArray(v) ? v : v === null || v === undefined || v === '' ? [] : [v]);
  /** The last part of a canonical name (contoso.com/OU/Name → Name). */
  const leaf = (cn) => String(cn || '').split('/').pop();

  // ----- admin roles (role groups) -------------------------------------------

  /** The write scope of a role group, as the admin center shows it: one
   * scope shared by its regular assignments, "Default" when they use their
   * roles' own scopes. */
  function writeScopeOf(assignments) {
    const regular = assignments.filter((a) => a.RoleAssignmentDelegationType === 'Regular');
    const seen = new Set(regular.map((a) => scopeText(a)));
    if (!seen.size) return 'Default';
    if (seen.size === 1) return [...seen][0];
    return `Mixed: ${[...seen].join('; ')}`;
  }
  function scopeText(a) {
    if (a.CustomRecipientWriteScope) return `${a.CustomRecipientWriteScope} (${a.RecipientWriteScope === 'ExclusiveRecipientScope' ? 'exclusive scope' : 'scope'})`;
    if (a.RecipientOrganizationalUnitScope) return `${a.RecipientOrganizationalUnitScope} (organizational unit)`;
    return 'Default';
  }

  async function groupAssignments(name) {
    if (!can('Get-ManagementRoleAssignment')) return null;
    const rows = await read(`Get-ManagementRoleAssignment -RoleAssignee ${q(name)}`);
    // Asked about a group, the shell also lists what reaches it through
    // groups it belongs to: the group's own are the ones naming it.
    return rows.filter((a) => String(a.RoleAssigneeName).toLowerCase() === name.toLowerCase());
  }

  page('admin-roles', 'Admin roles', () => can('Get-RoleGroup'), async (main) => {
    main.appendChild(h('p', { class: 'hint', text: 'Role groups: the roles their members hold, where they may write, and who manages them.' }));
    const list = listPage(main, {
      id: 'rolegroups',
      noun: 'role group',
      key: (g) => g.Name,
      columns: [
        { title: 'Name', text: (g) => g.Name },
        { title: 'Description', text: (g) => g.Description || '', class: 'clip' },
      ],
      load: () => read('Get-RoleGroup'),
      details: async (g) => {
        const assignments = await groupAssignments(g.Name).catch(() => null);
        return h('div', {},
          h('h2', { text: g.Name }),
          h('dl', {},
            h('dt', { text: 'Description' }), dd(g.Description),
            h('dt', { text: 'Assigned roles' }), dd(arr(g.Roles)),
            h('dt', { text: 'Write scope' }), dd(assignments ? writeScopeOf(assignments) : null),
            h('dt', { text: 'Members' }), dd(arr(g.Members)),
            h('dt', { text: 'Managed by' }), dd(arr(g.ManagedBy).map(leaf))));
      },
    });
    list.toolbar.appendChild(h('span', { class: 'grow' }));
    list.toolbar.appendChild(list.search);
    list.toolbar.appendChild(h('button', { type: 'button', text: 'Refresh', onclick: () => list.load() }));
    await list.load();
  });

  // ----- start ------------------------------------------------------------------

  window.addEventListener('hashchange', route);
  document.addEventListener('DOMContentLoaded', async () => {
    const t = token();
    if (!t) {
      renderSignIn();
      return;
    }
    try {
      await start(await api('GET', '/v1/whoami'));
    } catch (e) {
      if (e.status !== 401) signOut(e.message);
    }
  });
})();
