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
    ['Get-User'],
    ['Get-Group'],
    ['Get-Recipient', 'RecipientPreviewFilter', 'ResultSize'],
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
        const input = field.querySelector('.picker') || field.querySelector('input, textarea, select');
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
    state.capsAt = undefined;
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
    await relearn();
    await route();
  }

  /** Asks again what the principal may do: at sign-in, and on the next
   * page after the organization changed (a change may have given or taken
   * away a role), so a page never offers what is no longer allowed. */
  async function relearn() {
    status('Loading…');
    try {
      const fresh = new Map();
      const old = state.caps;
      state.caps = fresh;
      try {
        await learn(CAPABILITIES);
      } catch (e) {
        state.caps = old;
        throw e;
      }
      // Decided at the revision the check answered at.
      state.capsAt = state.revision;
      status('');
    } catch (e) {
      status(`What this principal may do couldn't be asked: ${e.message}`);
    }
    renderNav();
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

  let routed = 0;
  /** Shows the page the address names. Each visit renders into a view of
   * its own, so a slower earlier visit finishing late writes into a view no
   * longer on the page, never into this one. */
  async function route() {
    if (!state.me) return;
    const n = ++routed;
    const main = clear($('#main'));
    main.setAttribute('aria-busy', 'true');
    main.appendChild(h('p', { class: 'hint', text: 'Loading…' }));
    // Marks the page loaded (for assistive technology, and for tests).
    const done = () => {
      if (n !== routed) return;
      main.setAttribute('aria-busy', 'false');
      document.body.dataset.routed = String(n);
    };
    // The organization's revision now (whoami also finds a revoked token).
    try {
      await api('GET', '/v1/whoami');
    } catch (e) {
      if (!state.me) return;
    }
    if (n !== routed) return;
    if (state.capsAt !== state.revision) await relearn();
    if (n !== routed) return;
    const parts = location.hash.replace(/^#\/?/, '').split('/');
    const path = parts[0] || '';
    let args;
    try {
      args = parts.slice(1).map(decodeURIComponent);
    } catch (_) {
      args = [];
    }
    const p = PAGES.find((x) => x.path === path) || PAGES.find((x) => x.visible());
    const view = h('div', { class: 'view' });
    clear(main).appendChild(view);
    if (!p) {
      view.appendChild(h('p', { class: 'notice', text: `None of these pages is available to ${state.me.principal}.` }));
      done();
      return;
    }
    document.querySelectorAll('#nav a').forEach((a) => {
      if (a.dataset.page === p.path) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    document.title = `${p.title} · exrbac console`;
    view.appendChild(h('h1', { text: p.title }));
    if (!p.visible()) {
      view.appendChild(h('p', { class: 'notice', text: `${state.me.principal} can't view this page: the cmdlets it needs aren't available to it.` }));
      done();
      return;
    }
    await Promise.resolve(p.render(view, args)).catch((e) => showError(view.appendChild(h('div')), e));
    done();
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
        else if (on && r.scrollIntoView) r.scrollIntoView({ block: 'nearest' });
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

  /** Where to go, and which item to select there. */
  function go(hash, select) {
    state.select = select;
    if (location.hash === hash) route();
    else location.hash = hash;
  }
  const hashFor = (...parts) => `#/${parts.map(encodeURIComponent).join('/')}`;

  // ----- form widgets -------------------------------------------------------

  /** A labelled field; its errors appear inside it. A control that is not
   * an input is a group named by the label. */
  function field(key, label, control, hint) {
    const id = control.id || (control.id = newId(key));
    const hintEl = hint ? h('p', { class: 'hint', id: `${id}-hint`, text: hint }) : null;
    const plain = ['INPUT', 'SELECT', 'TEXTAREA'].includes(control.tagName);
    const lab = plain ? h('label', { for: id, text: label }) : h('span', { class: 'label', id: `${id}-label`, text: label });
    if (!plain) {
      control.setAttribute('role', 'group');
      control.setAttribute('aria-labelledby', lab.id);
    }
    if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
    return h('div', { class: 'field', 'data-field': key }, lab, control, hintEl);
  }

  /** Values chosen one by one, shown as removable chips; suggestions come
   * from `suggest(text)` as the user types. */
  function chipPicker(opts) {
    let values = [...(opts.values || [])];
    const listId = newId('suggest');
    const datalist = h('datalist', { id: listId });
    const input = h('input', { type: 'text', list: listId, autocomplete: 'off', 'aria-label': opts.inputLabel, id: opts.id, disabled: opts.disabled });
    const chips = h('ul', { class: 'chips', 'aria-label': opts.chosenLabel });
    const el = h('div', { class: 'picker', id: `${opts.id}-picker` }, chips,
      opts.disabled ? null : h('div', { class: 'picker-add' }, input, datalist,
        h('button', { type: 'button', text: 'Add', 'aria-label': opts.addLabel, onclick: () => take() })));
    function draw() {
      clear(chips);
      for (const v of values) {
        chips.appendChild(h('li', { class: 'chip' }, v,
          opts.disabled ? null : h('button', { type: 'button', 'aria-label': `Remove ${v}`, text: '×', onclick: () => {
            values = values.filter((x) => x !== v);
            draw();
            input.focus();
          } })));
      }
      if (!values.length) chips.appendChild(h('li', { class: 'empty', text: 'None' }));
    }
    function take() {
      const v = input.value.trim();
      if (v && !values.some((x) => x.toLowerCase() === v.toLowerCase())) values.push(v);
      input.value = '';
      draw();
      input.focus();
    }
    let timer = null;
    let asked = '';
    input.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter') {
        ev.preventDefault();
        take();
      }
    });
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const text = input.value.trim();
      if (!opts.suggest || text.length < 1 || text === asked) return;
      timer = setTimeout(async () => {
        asked = text;
        try {
          const names = await opts.suggest(text);
          clear(datalist);
          for (const n of names) datalist.appendChild(h('option', { value: n }));
        } catch (_) {
          // Suggestions are a convenience: the shell still resolves what is typed.
        }
      }, 200);
    });
    draw();
    return { el, input, get: () => [...values] };
  }

  /** Checkboxes with a filter box; children indented under their parent. */
  function checklist(opts) {
    const filter = h('input', { type: 'search', placeholder: 'Filter', 'aria-label': `Filter ${opts.noun}`, id: `${opts.id}-filter` });
    const box = h('div', { class: 'checklist', id: opts.id });
    const count = h('p', { class: 'hint', 'aria-live': 'polite' });
    const boxes = [];
    for (const it of opts.items) {
      const cb = h('input', { type: 'checkbox', value: it.value, checked: opts.checked.has(it.value.toLowerCase()), disabled: opts.disabled });
      cb.addEventListener('change', counted);
      const lab = h('label', { class: it.child ? 'child' : false, 'data-name': it.value.toLowerCase() }, cb, it.label || it.value);
      boxes.push([cb, lab]);
      box.appendChild(lab);
    }
    function counted() {
      const n = boxes.filter(([c]) => c.checked).length;
      count.textContent = `${n} selected`;
    }
    filter.addEventListener('input', () => {
      const t = filter.value.trim().toLowerCase();
      for (const [, l] of boxes) l.hidden = !!t && !l.dataset.name.includes(t);
    });
    counted();
    const el = h('div', {}, opts.items.length > 12 ? filter : null, box, count);
    el.classList.add('checklist-wrap');
    return { el, box, get: () => boxes.filter(([c]) => c.checked).map(([c]) => c.value) };
  }

  /** A modal question; resolves to true when confirmed. `act` runs on
   * confirm and may return an error text to show in the dialog instead. */
  function ask(title, text, okText, act) {
    return new Promise((resolve) => {
      const d = clear($('#dialog'));
      const msg = h('div');
      const ok = h('button', { type: 'button', class: 'primary danger', text: okText });
      const cancel = h('button', { type: 'button', text: 'Cancel', onclick: () => { d.close(); resolve(false); } });
      ok.addEventListener('click', async () => {
        ok.disabled = true;
        const err = act ? await act() : null;
        ok.disabled = false;
        if (err) {
          clear(msg).appendChild(h('div', { class: 'form-error', role: 'alert', text: err }));
          return;
        }
        d.close();
        resolve(true);
      });
      d.appendChild(h('h2', { id: 'dialog-title', text: title }));
      d.appendChild(h('p', { text }));
      d.appendChild(msg);
      d.appendChild(h('div', { class: 'actions' }, ok, cancel));
      d.onclose = () => resolve(false);
      d.showModal();
      cancel.focus();
    });
  }

  /** Runs one change from a dialog; the shell's error text, or null. */
  async function change(script) {
    try {
      const r = await invoke(script);
      const errors = r.outcomes.flatMap((o) => o.errors);
      return errors.length ? errors.map((e) => (e.command ? `${e.command} : ${e.message}` : e.message)).join('\n') : null;
    } catch (e) {
      return e.message;
    }
  }

  // ----- shared reads -------------------------------------------------------

  /** Reads remembered until the organization changes. */
  const memo = new Map();
  async function cached(script) {
    const hit = memo.get(script);
    if (hit && hit.revision === state.revision) return hit.value;
    const value = await read(script);
    memo.set(script, { revision: state.revision, value });
    return value;
  }
  const allRoles = () => cached('Get-ManagementRole | Select-Object Name,RoleType,IsEndUserRole,IsBuiltIn,Parent,Description,ImplicitRecipientWriteScope');
  const allScopes = () => (can('Get-ManagementScope') ? cached('Get-ManagementScope') : Promise.resolve([]));
  const allOus = () => (can('Get-OrganizationalUnit') ? cached('Get-OrganizationalUnit') : Promise.resolve([]));

  /** Security principals whose names start with the text: users, and
   * security groups (which Get-Recipient leaves out unless mail-enabled). */
  async function principalsLike(text) {
    const reads = [];
    if (can('Get-User')) reads.push(`Get-User -Anr ${q(text)} -ResultSize 20 | Select-Object Name,RecipientTypeDetails`);
    if (can('Get-Group')) reads.push(`Get-Group -Anr ${q(text)} -ResultSize 20 | Select-Object Name,RecipientTypeDetails`);
    if (!reads.length) return [];
    const r = await invoke(reads.join('\n'));
    return r.outcomes.flatMap((o) => o.output)
      .filter((x) => /User|Mailbox|SecurityGroup|RoleGroup/.test(String(x.RecipientTypeDetails)))
      .map((x) => x.Name);
  }

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
  /** The form's value for an assignment's write scope. */
  function scopeValue(a) {
    if (a.CustomRecipientWriteScope) return `scope:${a.CustomRecipientWriteScope}`;
    if (a.RecipientOrganizationalUnitScope) return `ou:${a.RecipientOrganizationalUnitScope}`;
    return 'default';
  }
  /** The shell parameters for a write scope chosen in the form. */
  function scopeParams(v, role) {
    if (v.startsWith('scope:')) return ` -CustomRecipientWriteScope ${q(v.slice(6))}`;
    if (v.startsWith('ou:')) return ` -RecipientOrganizationalUnitScope ${q(v.slice(3))}`;
    // Back to the role's own scope.
    return role ? ` -RecipientRelativeWriteScope ${q(role.ImplicitRecipientWriteScope || 'Organization')}` : '';
  }

  async function groupAssignments(name) {
    if (!can('Get-ManagementRoleAssignment')) return null;
    const rows = await read(`Get-ManagementRoleAssignment -RoleAssignee ${q(name)}`);
    // Asked about a group, the shell also lists what reaches it through
    // groups it belongs to: the group's own are the ones naming it.
    return rows.filter((a) => String(a.RoleAssigneeName).toLowerCase() === name.toLowerCase());
  }

  const mayEditGroup = () => can('Set-RoleGroup', 'Identity') || can('Add-RoleGroupMember', 'Identity', 'Member')
    || can('New-ManagementRoleAssignment', 'Role', 'SecurityGroup') || can('Set-ManagementRoleAssignment', 'Identity');

  /** Finishes a list page: its actions (those the principal may take;
   * the others are null), search and refresh in the toolbar, then the
   * first load, selecting the item a previous visit asked for. */
  async function openList(list, actions) {
    for (const b of actions) if (b) list.toolbar.appendChild(b);
    list.toolbar.appendChild(h('span', { class: 'grow' }));
    list.toolbar.appendChild(list.search);
    list.toolbar.appendChild(h('button', { type: 'button', text: 'Refresh', onclick: () => list.load() }));
    const pick = state.select;
    state.select = undefined;
    await list.load(pick);
  }

  page('admin-roles', 'Admin roles', () => can('Get-RoleGroup'), async (main, args) => {
    const [mode, name] = args;
    if (mode === 'new' || mode === 'edit' || mode === 'copy') return roleGroupForm(main, mode, name);
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
      onSelect: (g) => {
        for (const b of [edit, copy, del]) if (b) b.disabled = !g;
      },
      onOpen: (key) => edit && go(hashFor('admin-roles', 'edit', key)),
      details: async (g) => {
        const assignments = await groupAssignments(g.Name).catch(() => null);
        return h('div', {},
          h('h2', { text: g.Name }),
          h('dl', {},
            h('dt', { text: 'Description' }), dd(g.Description),
            h('dt', { text: 'Assigned roles' }), dd(arr(g.Roles)),
            h('dt', { text: 'Write scope' }), assignments ? dd(writeScopeOf(assignments)) : h('dd', { class: 'empty', text: 'Not shown: Get-ManagementRoleAssignment isn\'t available to you' }),
            h('dt', { text: 'Members' }), dd(arr(g.Members)),
            h('dt', { text: 'Managed by' }), dd(arr(g.ManagedBy).map(leaf))));
      },
    });
    const sel = () => list.selected();
    const add = can('New-RoleGroup', 'Name')
      ? h('button', { type: 'button', class: 'primary', id: 'new-role-group', text: 'New role group', onclick: () => go(hashFor('admin-roles', 'new')) })
      : null;
    const edit = mayEditGroup()
      ? h('button', { type: 'button', id: 'edit-role-group', text: 'Edit', disabled: true, onclick: () => sel() && go(hashFor('admin-roles', 'edit', sel().Name)) })
      : null;
    const copy = can('New-RoleGroup', 'Name')
      ? h('button', { type: 'button', id: 'copy-role-group', text: 'Copy', disabled: true, onclick: () => sel() && go(hashFor('admin-roles', 'copy', sel().Name)) })
      : null;
    const del = can('Remove-RoleGroup', 'Identity')
      ? h('button', { type: 'button', class: 'danger', id: 'delete-role-group', text: 'Delete', disabled: true, onclick: async () => {
        const g = sel();
        if (!g) return;
        const gone = await ask('Delete role group', `Delete the role group "${g.Name}"? Its members lose the roles it gives them.`, 'Delete',
          () => change(`Remove-RoleGroup -Identity ${q(g.Name)} -Confirm:$false`));
        if (gone) await list.load(null);
      } })
      : null;
    await openList(list, [add, edit, copy, del]);
  });

  /** New, edit or copy a role group: the admin center's fields (name,
   * description, write scope, roles, members, managed by). */
  async function roleGroupForm(main, mode, name) {
    const heading = { new: 'New role group', edit: `Edit ${name}`, copy: `Copy ${name}` }[mode];
    main.appendChild(h('h2', { text: heading }));
    const holder = main.appendChild(h('div', { class: 'hint', text: 'Loading…' }));
    let group = null;
    let assignments = [];
    const [roles, scopes, ous] = await Promise.all([allRoles(), allScopes(), allOus()]);
    if (mode !== 'new') {
      try {
        group = (await read(`Get-RoleGroup -Identity ${q(name)}`))[0];
        assignments = (await groupAssignments(name)) || [];
      } catch (e) {
        showError(holder, e);
        return;
      }
    }
    holder.remove();
    const regular = assignments.filter((a) => a.RoleAssignmentDelegationType === 'Regular');
    const editing = mode === 'edit';
    const mayName = !editing || can('Set-RoleGroup', 'Identity');
    const mayRoles = !editing || (can('New-ManagementRoleAssignment', 'Role', 'SecurityGroup') && can('Remove-ManagementRoleAssignment', 'Identity'));
    const mayScope = !editing || can('Set-ManagementRoleAssignment', 'Identity');
    const mayMembers = !editing || (can('Add-RoleGroupMember', 'Identity', 'Member') && can('Remove-RoleGroupMember', 'Identity', 'Member'));

    const nameIn = h('input', { type: 'text', id: 'rg-name', value: mode === 'copy' ? `Copy of ${group.Name}` : group ? group.Name : '', disabled: !mayName, maxlength: '64' });
    const descIn = h('textarea', { id: 'rg-description', disabled: !mayName }, group && group.Description ? group.Description : '');
    const scopeSel = h('select', { id: 'rg-scope', disabled: !mayScope },
      h('option', { value: 'default', text: 'Default' }),
      scopes.some((x) => x.ScopeRestrictionType === 'RecipientScope')
        ? h('optgroup', { label: 'Management scopes' },
          scopes.filter((x) => x.ScopeRestrictionType === 'RecipientScope')
            .map((x) => h('option', { value: `scope:${x.Name}`, text: x.Exclusive ? `${x.Name} (exclusive)` : x.Name })))
        : null,
      ous.length
        ? h('optgroup', { label: 'Organizational units' }, ous.map((o) => h('option', { value: `ou:${o.Identity}`, text: o.Identity })))
        : null);
    const currentScope = regular.length ? scopeValue(regular[0]) : 'default';
    scopeSel.value = currentScope;
    if (scopeSel.value !== currentScope) scopeSel.value = 'default';
    const chosen = new Set(arr(group && group.Roles).map((r) => r.toLowerCase()));
    // The group's roles first, then the others, each alphabetically.
    const roleItems = roles.filter((r) => !r.IsEndUserRole)
      .sort((a, b) => (chosen.has(b.Name.toLowerCase()) - chosen.has(a.Name.toLowerCase())) || a.Name.localeCompare(b.Name))
      .map((r) => ({ value: r.Name }));
    const rolesBox = checklist({ id: 'rg-roles', noun: 'roles', items: roleItems, checked: chosen, disabled: !mayRoles });
    rolesBox.box.classList.add('picker');
    const members = chipPicker({ id: 'rg-members', values: arr(group && group.Members), suggest: principalsLike, disabled: !mayMembers,
      inputLabel: 'Add a member', addLabel: 'Add member', chosenLabel: 'Members' });
    const managers = chipPicker({ id: 'rg-managedby', values: arr(group && group.ManagedBy).map(leaf), suggest: principalsLike, disabled: !mayName,
      inputLabel: 'Add a manager', addLabel: 'Add manager', chosenLabel: 'Managed by' });
    const save = h('button', { type: 'submit', class: 'primary', id: 'rg-save', text: 'Save' });
    const form = h('form', { class: 'page', id: 'role-group-form', novalidate: true },
      field('name', 'Name', nameIn),
      field('description', 'Description', descIn),
      field('scope', 'Write scope', scopeSel, 'Where members may write: the roles\' own scope (Default), a management scope, or an organizational unit.'),
      field('roles', 'Roles', rolesBox.el),
      field('members', 'Members', members.el, 'Users and security groups; type a few letters for suggestions.'),
      field('managedby', 'Managed by', managers.el, 'Who may change the group\'s membership; none: Organization Management and Role Management holders.'),
      h('div', { class: 'actions' }, save, h('button', { type: 'button', text: 'Cancel', onclick: () => go(hashFor('admin-roles'), group && group.Name) })));
    main.appendChild(form);
    nameIn.focus();

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      save.disabled = true;
      try {
        const steps = editing ? editSteps() : [createStep()];
        if (!steps.length) {
          go(hashFor('admin-roles'), group.Name);
          return;
        }
        if (await runSteps(form, steps)) go(hashFor('admin-roles'), nameIn.value.trim());
      } finally {
        save.disabled = false;
      }
    });

    const fieldsFor = (extra) => [
      { key: 'scope', params: ['CustomRecipientWriteScope', 'RecipientOrganizationalUnitScope', 'RecipientRelativeWriteScope'], values: [scopeSel.value.replace(/^(scope|ou):/, '')] },
      { key: 'members', params: ['Members', 'Member'], values: members.get() },
      { key: 'managedby', params: ['ManagedBy'], values: managers.get() },
      { key: 'roles', params: ['Roles', 'Role'], values: rolesBox.get() },
      { key: 'name', params: ['Name', 'Identity'], values: [nameIn.value] },
      { key: 'description', params: ['Description'], values: [] },
    ].concat(extra || []);

    function createStep() {
      let script = `New-RoleGroup -Name ${q(nameIn.value.trim())}`;
      if (descIn.value.trim()) script += ` -Description ${q(descIn.value.trim())}`;
      if (rolesBox.get().length) script += ` -Roles ${qList(rolesBox.get())}`;
      if (members.get().length) script += ` -Members ${qList(members.get())}`;
      if (managers.get().length) script += ` -ManagedBy ${qList(managers.get())}`;
      if (scopeSel.value !== 'default') script += scopeParams(scopeSel.value);
      return { script, fields: fieldsFor() };
    }

    function editSteps() {
      const steps = [];
      let id = group.Name;
      const newName = nameIn.value.trim();
      const lower = (a) => a.map((x) => x.toLowerCase());
      const sameList = (a, b) => lower(a).sort().join('\n') === lower(b).sort().join('\n');
      if (mayName) {
        let set = '';
        if (newName !== group.Name) set += ` -Name ${q(newName)}`;
        if (descIn.value.trim() !== (group.Description || '')) set += ` -Description ${q(descIn.value.trim())}`;
        const before = arr(group.ManagedBy).map(leaf);
        if (!sameList(before, managers.get())) set += managers.get().length ? ` -ManagedBy ${qList(managers.get())}` : ' -ManagedBy $null';
        if (set) {
          steps.push({ script: `Set-RoleGroup -Identity ${q(id)}${set}`, fields: fieldsFor() });
          if (newName !== group.Name) id = newName;
        }
      }
      const roleInfo = (n) => roles.find((r) => r.Name.toLowerCase() === n.toLowerCase());
      const had = lower(arr(group.Roles));
      const want = rolesBox.get();
      if (mayRoles) {
        for (const a of regular) {
          if (!lower(want).includes(String(a.Role).toLowerCase())) {
            steps.push({ script: `Remove-ManagementRoleAssignment -Identity ${q(a.Name)} -Confirm:$false`, fields: fieldsFor([{ key: 'roles', values: [a.Role, a.Name] }]) });
          }
        }
        for (const r of want) {
          if (!had.includes(r.toLowerCase())) {
            const sp = scopeSel.value === 'default' ? '' : scopeParams(scopeSel.value);
            steps.push({ script: `New-ManagementRoleAssignment -SecurityGroup ${q(id)} -Role ${q(r)}${sp}`, fields: fieldsFor() });
          }
        }
      }
      if (mayScope && scopeSel.value !== currentScope) {
        for (const a of regular) {
          if (!lower(want).includes(String(a.Role).toLowerCase())) continue;
          steps.push({ script: `Set-ManagementRoleAssignment -Identity ${q(a.Name)}${scopeParams(scopeSel.value, roleInfo(a.Role))}`, fields: fieldsFor() });
        }
      }
      if (mayMembers) {
        const before = arr(group.Members);
        const now = members.get();
        const added = now.filter((m) => !lower(before).includes(m.toLowerCase()));
        const removed = before.filter((m) => !lower(now).includes(m.toLowerCase()));
        if (added.length) steps.push({ script: `Add-RoleGroupMember -Identity ${q(id)} -Member ${qList(added)}`, fields: fieldsFor() });
        if (removed.length) steps.push({ script: `Remove-RoleGroupMember -Identity ${q(id)} -Member ${qList(removed)} -Confirm:$false`, fields: fieldsFor() });
      }
      return steps;
    }
  }

  // ----- user roles (role assignment policies) --------------------------------

  // The admin center's headings for end-user roles; each lists its roots,
  // and a role's children follow it. Anything else is "Other".
  const USER_ROLE_SECTIONS = [
    ['Contact information', ['MyContactInformation']],
    ['Profile information', ['MyProfileInformation']],
    ['Distribution groups', ['MyDistributionGroupMembership', 'MyDistributionGroups']],
  ];

  /** End-user roles in the admin center's sections, each root followed by
   * its descendants: [[title, [{role, depth, parent}]]]. */
  function userRoleSections(roles) {
    const endUser = roles.filter((r) => r.IsEndUserRole);
    const byName = new Map(endUser.map((r) => [r.Name.toLowerCase(), r]));
    const kids = new Map();
    for (const r of endUser) {
      const p = r.Parent && byName.has(String(r.Parent).toLowerCase()) ? String(r.Parent).toLowerCase() : null;
      if (p) {
        if (!kids.has(p)) kids.set(p, []);
        kids.get(p).push(r);
      }
    }
    const placed = new Set();
    const walk = (r, depth, parent, out) => {
      placed.add(r.Name.toLowerCase());
      out.push({ role: r, depth, parent });
      for (const c of (kids.get(r.Name.toLowerCase()) || []).sort((a, b) => a.Name.localeCompare(b.Name))) walk(c, depth + 1, r, out);
      return out;
    };
    const sections = [];
    for (const [title, roots] of USER_ROLE_SECTIONS) {
      const rows = [];
      for (const n of roots) if (byName.has(n.toLowerCase())) walk(byName.get(n.toLowerCase()), 0, null, rows);
      if (rows.length) sections.push([title, rows]);
    }
    const other = [];
    const roots = endUser.filter((r) => !placed.has(r.Name.toLowerCase()) && !(r.Parent && byName.has(String(r.Parent).toLowerCase())));
    for (const r of roots.sort((a, b) => a.Name.localeCompare(b.Name))) walk(r, 0, null, other);
    if (other.length) sections.push(['Other', other]);
    return sections;
  }

  /** The end-user roles as grouped checkboxes. A checked role covers its
   * descendants (they are checked and locked, as in the admin center). */
  function userRoleBoxes(roles, assigned, disabled) {
    const have = new Set(assigned.map((r) => r.toLowerCase()));
    const boxes = new Map();
    const el = h('div', { id: 'policy-roles', class: 'picker plain' });
    for (const [title, rows] of userRoleSections(roles)) {
      const set = h('fieldset', {}, h('legend', { text: title }));
      for (const row of rows) {
        const cb = h('input', { type: 'checkbox', value: row.role.Name, checked: have.has(row.role.Name.toLowerCase()), disabled });
        boxes.set(row.role.Name.toLowerCase(), { cb, row });
        set.appendChild(h('label', { class: row.depth ? 'child' : false }, cb, row.role.Name));
      }
      el.appendChild(set);
    }
    const ancestors = (row) => {
      const out = [];
      for (let p = row.parent; p; p = (boxes.get(p.Name.toLowerCase()) || {}).row?.parent) out.push(p.Name.toLowerCase());
      return out;
    };
    const covered = (row) => ancestors(row).some((a) => boxes.get(a) && boxes.get(a).cb.checked);
    function sync() {
      for (const { cb, row } of boxes.values()) {
        const under = covered(row);
        if (under) cb.checked = true;
        cb.disabled = disabled || under;
      }
    }
    el.addEventListener('change', sync);
    sync();
    return {
      el,
      /** The roles to assign: checked ones not covered by a checked ancestor. */
      get: () => [...boxes.values()].filter(({ cb, row }) => cb.checked && !covered(row)).map(({ row }) => row.role.Name),
    };
  }

  page('user-roles', 'User roles', () => can('Get-RoleAssignmentPolicy'), async (main, args) => {
    const [mode, name] = args;
    if (mode === 'new' || mode === 'edit') return policyForm(main, mode, name);
    main.appendChild(h('p', { class: 'hint', text: 'Role assignment policies: the end-user roles a mailbox gets, for its own settings. New mailboxes get the default one.' }));
    const roles = await allRoles();
    const list = listPage(main, {
      id: 'policies',
      noun: 'policy',
      key: (p) => p.Name,
      columns: [
        { title: 'Name', text: (p) => p.Name, cell: (p) => [p.Name, p.IsDefault ? h('span', { class: 'tag default', text: 'default' }) : null] },
        { title: 'Description', text: (p) => p.Description || '', class: 'clip' },
      ],
      load: () => read('Get-RoleAssignmentPolicy'),
      onSelect: (p) => {
        for (const b of [edit, del]) if (b) b.disabled = !p;
        if (makeDefault) makeDefault.disabled = !p || p.IsDefault;
      },
      onOpen: (key) => edit && go(hashFor('user-roles', 'edit', key)),
      details: async (p) => {
        const assigned = new Set(arr(p.AssignedRoles).map((r) => r.toLowerCase()));
        const grouped = userRoleSections(roles)
          .map(([title, rows]) => [title, rows.filter((x) => assigned.has(x.role.Name.toLowerCase())).map((x) => x.role.Name)])
          .filter(([, names]) => names.length);
        return h('div', {},
          h('h2', { text: p.Name }),
          h('dl', {},
            h('dt', { text: 'Default policy' }), h('dd', { text: p.IsDefault ? 'Yes: new mailboxes get it' : 'No' }),
            h('dt', { text: 'Description' }), dd(p.Description),
            h('dt', { text: 'Assigned roles' }),
            grouped.length ? grouped.map(([title, names]) => h('dd', {}, h('strong', { text: title }), h('ul', {}, names.map((n) => h('li', { text: n })))))
              : dd(null)));
      },
    });
    const sel = () => list.selected();
    const add = can('New-RoleAssignmentPolicy', 'Name')
      ? h('button', { type: 'button', class: 'primary', id: 'new-policy', text: 'New policy', onclick: () => go(hashFor('user-roles', 'new')) })
      : null;
    const edit = can('Set-RoleAssignmentPolicy', 'Identity') || can('New-ManagementRoleAssignment', 'Role', 'Policy')
      ? h('button', { type: 'button', id: 'edit-policy', text: 'Edit', disabled: true, onclick: () => sel() && go(hashFor('user-roles', 'edit', sel().Name)) })
      : null;
    const makeDefault = can('Set-RoleAssignmentPolicy', 'Identity', 'IsDefault')
      ? h('button', { type: 'button', id: 'default-policy', text: 'Set as default', disabled: true, onclick: async () => {
        const p = sel();
        if (!p) return;
        const err = await change(`Set-RoleAssignmentPolicy -Identity ${q(p.Name)} -IsDefault`);
        if (err) showError(list.details, new Error(err));
        else await list.load(p.Name);
      } })
      : null;
    const del = can('Remove-RoleAssignmentPolicy', 'Identity')
      ? h('button', { type: 'button', class: 'danger', id: 'delete-policy', text: 'Delete', disabled: true, onclick: async () => {
        const p = sel();
        if (!p) return;
        const assignments = arr(p.RoleAssignments);
        const text = assignments.length
          ? `Delete the policy "${p.Name}" and its ${assignments.length} role assignment${assignments.length === 1 ? '' : 's'}?`
          : `Delete the policy "${p.Name}"?`;
        const gone = await ask('Delete role assignment policy', text, 'Delete', () => removePolicy(p.Name, assignments));
        if (gone) await list.load(null);
      } })
      : null;
    await openList(list, [add, edit, makeDefault, del]);
  });

  /** Removes a policy as the admin center does: the shell refuses one that
   * still holds role assignments, so when that is the only objection
   * (asked first: a policy in use or the default one is refused before
   * its assignments are looked at) the assignments go first. */
  async function removePolicy(name, assignments) {
    const remove = `Remove-RoleAssignmentPolicy -Identity ${q(name)} -Confirm:$false`;
    const err = await change(remove);
    if (!err || !assignments.length || !/assigned one or more management roles/.test(err)) return err;
    const script = assignments.map((a) => `Remove-ManagementRoleAssignment -Identity ${q(a)} -Confirm:$false`).join('\n');
    return (await change(script)) || change(remove);
  }

  /** New or edit a role assignment policy: name, description, end-user roles. */
  async function policyForm(main, mode, name) {
    main.appendChild(h('h2', { text: mode === 'new' ? 'New role assignment policy' : `Edit ${name}` }));
    const holder = main.appendChild(h('div', { class: 'hint', text: 'Loading…' }));
    const roles = await allRoles();
    let policy = null;
    if (mode === 'edit') {
      try {
        policy = (await read(`Get-RoleAssignmentPolicy -Identity ${q(name)}`))[0];
      } catch (e) {
        showError(holder, e);
        return;
      }
    }
    holder.remove();
    const editing = mode === 'edit';
    const mayName = !editing || can('Set-RoleAssignmentPolicy', 'Identity');
    const mayRoles = !editing || (can('New-ManagementRoleAssignment', 'Role', 'Policy') && can('Remove-ManagementRoleAssignment', 'Identity'));
    const nameIn = h('input', { type: 'text', id: 'policy-name', value: policy ? policy.Name : '', disabled: !mayName, maxlength: '64' });
    const descIn = h('textarea', { id: 'policy-description', disabled: !mayName }, policy && policy.Description ? policy.Description : '');
    const assigned = arr(policy && policy.AssignedRoles);
    const boxes = userRoleBoxes(roles, assigned, !mayRoles);
    const save = h('button', { type: 'submit', class: 'primary', id: 'policy-save', text: 'Save' });
    const form = h('form', { class: 'page', id: 'policy-form', novalidate: true },
      field('name', 'Name', nameIn),
      field('description', 'Description', descIn),
      field('roles', 'End-user roles', boxes.el, 'What mailboxes with this policy may change about themselves. A checked role includes the roles under it.'),
      h('div', { class: 'actions' }, save, h('button', { type: 'button', text: 'Cancel', onclick: () => go(hashFor('user-roles'), policy && policy.Name) })));
    main.appendChild(form);
    nameIn.focus();
    const fields = () => [
      { key: 'roles', params: ['Roles', 'Role'], values: boxes.get().concat(assigned) },
      { key: 'name', params: ['Name', 'Identity'], values: [nameIn.value] },
      { key: 'description', params: ['Description'], values: [] },
    ];
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const steps = [];
      const newName = nameIn.value.trim();
      const want = boxes.get();
      if (!editing) {
        let script = `New-RoleAssignmentPolicy -Name ${q(newName)}`;
        if (descIn.value.trim()) script += ` -Description ${q(descIn.value.trim())}`;
        if (want.length) script += ` -Roles ${qList(want)}`;
        steps.push({ script, fields: fields() });
      } else {
        let id = policy.Name;
        let set = '';
        if (mayName && newName !== policy.Name) set += ` -Name ${q(newName)}`;
        if (mayName && descIn.value.trim() !== (policy.Description || '')) set += ` -Description ${q(descIn.value.trim())}`;
        if (set) {
          steps.push({ script: `Set-RoleAssignmentPolicy -Identity ${q(id)}${set}`, fields: fields() });
          id = newName;
        }
        if (mayRoles) {
          const lower = (a) => a.map((x) => x.toLowerCase());
          // The policy's assignments, role by role (listed in the same order).
          const names = arr(policy.RoleAssignments);
          assigned.forEach((r, i) => {
            if (!lower(want).includes(r.toLowerCase()) && names[i]) {
              steps.push({ script: `Remove-ManagementRoleAssignment -Identity ${q(names[i])} -Confirm:$false`, fields: fields() });
            }
          });
          for (const r of want) {
            if (!lower(assigned).includes(r.toLowerCase())) {
              steps.push({ script: `New-ManagementRoleAssignment -Policy ${q(id)} -Role ${q(r)}`, fields: fields() });
            }
          }
        }
      }
      if (!steps.length) {
        go(hashFor('user-roles'), policy.Name);
        return;
      }
      save.disabled = true;
      try {
        if (await runSteps(form, steps)) go(hashFor('user-roles'), newName);
      } finally {
        save.disabled = false;
      }
    });
  }

  // ----- management roles ------------------------------------------------------

  const isCustom = (r) => !r.IsBuiltIn;

  page('roles', 'Roles', () => can('Get-ManagementRole'), async (main, args) => {
    const [mode, name] = args;
    if (mode === 'new') return childRoleForm(main, name);
    main.appendChild(h('p', { class: 'hint', text: 'Management roles: the cmdlets and parameters each role allows. A custom role is made from a parent and holds a subset of its entries.' }));
    const list = listPage(main, {
      id: 'roles',
      noun: 'role',
      key: (r) => r.Name,
      columns: [
        { title: 'Name', text: (r) => r.Name, cell: (r) => [r.Name, isCustom(r) ? h('span', { class: 'tag', text: 'custom' }) : null] },
        { title: 'Parent', text: (r) => r.Parent || '' },
      ],
      load: () => read('Get-ManagementRole | Select-Object Name,RoleType,IsEndUserRole,IsBuiltIn,Parent,Description,ImplicitRecipientReadScope,ImplicitRecipientWriteScope,ImplicitConfigReadScope,ImplicitConfigWriteScope'),
      onSelect: (r) => {
        if (child) child.disabled = !r;
        if (del) del.disabled = !r || !isCustom(r);
      },
      details: (r) => roleDetails(r, () => list.load(r.Name)),
    });
    const sel = () => list.selected();
    const child = can('New-ManagementRole', 'Name', 'Parent')
      ? h('button', { type: 'button', class: 'primary', id: 'new-child-role', text: 'New child role', disabled: true, onclick: () => sel() && go(hashFor('roles', 'new', sel().Name)) })
      : null;
    const del = can('Remove-ManagementRole', 'Identity')
      ? h('button', { type: 'button', class: 'danger', id: 'delete-role', text: 'Delete', disabled: true, onclick: async () => {
        const r = sel();
        if (!r) return;
        const gone = await ask('Delete management role', `Delete the custom role "${r.Name}"?`, 'Delete',
          () => change(`Remove-ManagementRole -Identity ${q(r.Name)} -Confirm:$false`));
        if (gone) await list.load(null);
      } })
      : null;
    await openList(list, [child, del]);
  });

  /** A role's details with its entries; a custom role's entries can be
   * pruned, or added back from its parent. */
  async function roleDetails(r, reload) {
    const entries = can('Get-ManagementRoleEntry', 'Identity') ? await read(`Get-ManagementRoleEntry -Identity ${q(`${r.Name}\\*`)}`) : null;
    const prune = isCustom(r) && can('Remove-ManagementRoleEntry', 'Identity');
    const mayAdd = isCustom(r) && r.Parent && can('Add-ManagementRoleEntry', 'Identity');
    const out = h('div', {},
      h('h2', { text: r.Name }),
      h('dl', {},
        h('dt', { text: 'Description' }), dd(r.Description),
        h('dt', { text: 'Role type' }), dd(r.RoleType),
        h('dt', { text: 'Parent' }), dd(r.Parent),
        h('dt', { text: 'Kind' }), dd(isCustom(r) ? 'Custom' : 'Built-in'),
        h('dt', { text: 'Implicit scopes' }),
        h('dd', {}, h('ul', {},
          h('li', { text: `Recipients: read ${r.ImplicitRecipientReadScope}, write ${r.ImplicitRecipientWriteScope}` }),
          h('li', { text: `Configuration: read ${r.ImplicitConfigReadScope}, write ${r.ImplicitConfigWriteScope}` })))));
    if (!entries) return out;
    out.appendChild(h('h3', { text: `Entries (${entries.length})` }));
    const filter = h('input', { type: 'search', id: 'entries-filter', placeholder: 'Filter entries', 'aria-label': 'Filter entries' });
    const boxes = [];
    const all = prune ? h('input', { type: 'checkbox', id: 'entries-all', 'aria-label': 'Select all shown entries' }) : null;
    const tbody = h('tbody');
    for (const e of entries) {
      const cb = prune ? h('input', { type: 'checkbox', value: e.Name, 'aria-label': `Select ${e.Name}` }) : null;
      const tr = h('tr', { 'data-entry': e.Name.toLowerCase() }, prune ? h('td', {}, cb) : null,
        h('td', { class: 'mono', text: e.Name }), h('td', { class: 'params', text: arr(e.Parameters).join(', ') }));
      if (cb) boxes.push([cb, tr]);
      tbody.appendChild(tr);
    }
    const status = h('div');
    const removeBtn = prune ? h('button', { type: 'button', class: 'danger', id: 'remove-entries', text: 'Remove selected entries', onclick: async () => {
      const chosen = boxes.filter(([c]) => c.checked).map(([c]) => c.value);
      if (!chosen.length) {
        showError(status, new Error('Select the entries to remove first.'));
        return;
      }
      const script = chosen.map((c) => `Remove-ManagementRoleEntry -Identity ${q(`${r.Name}\\${c}`)} -Confirm:$false`).join('\n');
      const done = await ask('Remove role entries', `Remove ${chosen.length} entr${chosen.length === 1 ? 'y' : 'ies'} from "${r.Name}"? Its holders can no longer run ${chosen.length === 1 ? 'that cmdlet' : 'those cmdlets'} through it.`, 'Remove', () => change(script));
      if (done) await reload();
    } }) : null;
    filter.addEventListener('input', () => {
      const t = filter.value.trim().toLowerCase();
      for (const tr of tbody.rows) tr.hidden = !!t && !tr.dataset.entry.includes(t);
    });
    if (all) {
      all.addEventListener('change', () => {
        for (const [c, tr] of boxes) if (!tr.hidden) c.checked = all.checked;
      });
    }
    out.appendChild(h('div', { class: 'toolbar' }, filter, removeBtn));
    out.appendChild(status);
    out.appendChild(h('table', { class: 'entries', id: 'entries' },
      h('thead', {}, h('tr', {}, prune ? h('th', {}, all) : null, h('th', { text: 'Cmdlet' }), h('th', { text: 'Parameters' }))),
      tbody));
    if (mayAdd) {
      // The parent's entries this role lacks: what may be added back.
      const parentEntries = await read(`Get-ManagementRoleEntry -Identity ${q(`${r.Parent}\\*`)}`).catch(() => []);
      const have = new Set(entries.map((e) => e.Name.toLowerCase()));
      const missing = parentEntries.map((e) => e.Name).filter((n) => !have.has(n.toLowerCase()));
      const listId = newId('parent-entries');
      const input = h('input', { type: 'text', id: 'add-entry', list: listId, autocomplete: 'off' });
      const form = h('form', { class: 'page', novalidate: true },
        field('entry', `Add an entry from ${r.Parent}`, input, `${missing.length} of the parent's cmdlets are not in this role.`),
        h('datalist', { id: listId }, missing.map((n) => h('option', { value: n }))),
        h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'add-entry-save', text: 'Add entry' })));
      form.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        const c = input.value.trim();
        const ok = await runSteps(form, [{ script: `Add-ManagementRoleEntry -Identity ${q(`${r.Name}\\${c}`)}`, fields: [{ key: 'entry', params: ['Identity'], values: [c] }] }]);
        if (ok) await reload();
      });
      out.appendChild(form);
    }
    return out;
  }

  /** New-ManagementRole -Parent: a custom role starting with all of its
   * parent's entries. */
  async function childRoleForm(main, parent) {
    main.appendChild(h('h2', { text: 'New child role' }));
    const roles = await allRoles();
    const listId = newId('roles');
    const nameIn = h('input', { type: 'text', id: 'role-name', maxlength: '64' });
    const parentIn = h('input', { type: 'text', id: 'role-parent', list: listId, value: parent || '', autocomplete: 'off' });
    const descIn = h('textarea', { id: 'role-description' });
    const save = h('button', { type: 'submit', class: 'primary', id: 'role-save', text: 'Save' });
    const form = h('form', { class: 'page', id: 'role-form', novalidate: true },
      field('name', 'Name', nameIn),
      field('parent', 'Parent role', parentIn, 'The new role starts with all of the parent\'s entries; remove the ones it shouldn\'t have afterwards.'),
      h('datalist', { id: listId }, roles.map((r) => h('option', { value: r.Name }))),
      field('description', 'Description', descIn),
      h('div', { class: 'actions' }, save, h('button', { type: 'button', text: 'Cancel', onclick: () => go(hashFor('roles'), parent) })));
    main.appendChild(form);
    nameIn.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      let script = `New-ManagementRole -Name ${q(nameIn.value.trim())} -Parent ${q(parentIn.value.trim())}`;
      if (descIn.value.trim()) script += ` -Description ${q(descIn.value.trim())}`;
      save.disabled = true;
      try {
        const ok = await runSteps(form, [{ script, fields: [
          { key: 'parent', params: ['Parent'], values: [parentIn.value.trim()] },
          { key: 'name', params: ['Name'], values: [nameIn.value.trim()] },
          { key: 'description', params: ['Description'] },
        ] }]);
        if (ok) go(hashFor('roles'), nameIn.value.trim());
      } finally {
        save.disabled = false;
      }
    });
  }

  // ----- management scopes -------------------------------------------------------

  const FILTER_PARAM = { RecipientScope: 'RecipientRestrictionFilter', ServerScope: 'ServerRestrictionFilter', DatabaseScope: 'DatabaseRestrictionFilter' };
  const filterOf = (sc) => sc.RecipientFilter || sc.ServerFilter || sc.DatabaseFilter || '';

  page('scopes', 'Scopes', () => can('Get-ManagementScope'), async (main, args) => {
    const [mode, name] = args;
    if (mode === 'new' || mode === 'edit') return scopeForm(main, mode, name);
    main.appendChild(h('p', { class: 'hint', text: 'Management scopes: the objects an assignment may write, chosen by a filter (and a root), or a list of servers or databases.' }));
    const list = listPage(main, {
      id: 'scopes',
      noun: 'scope',
      key: (sc) => sc.Name,
      columns: [
        { title: 'Name', text: (sc) => sc.Name, cell: (sc) => [sc.Name, sc.Exclusive ? h('span', { class: 'tag', text: 'exclusive' }) : null] },
        { title: 'Filter', text: filterOf, class: 'clip' },
      ],
      load: () => read('Get-ManagementScope'),
      onSelect: (sc) => {
        for (const b of [edit, del]) if (b) b.disabled = !sc;
      },
      onOpen: (key) => edit && go(hashFor('scopes', 'edit', key)),
      details: async (sc) => h('div', {},
        h('h2', { text: sc.Name }),
        h('dl', {},
          h('dt', { text: 'Type' }), dd(sc.ScopeRestrictionType),
          h('dt', { text: 'Filter' }), filterOf(sc) ? h('dd', {}, h('code', { text: filterOf(sc) })) : dd(null),
          h('dt', { text: 'Recipient root' }), dd(sc.RecipientRoot),
          arr(sc.ServerList).length ? [h('dt', { text: 'Servers' }), dd(arr(sc.ServerList))] : null,
          arr(sc.DatabaseList).length ? [h('dt', { text: 'Databases' }), dd(arr(sc.DatabaseList))] : null,
          h('dt', { text: 'Exclusive' }), dd(sc.Exclusive ? 'Yes: only assignments with this scope may write what it matches' : 'No'))),
    });
    const sel = () => list.selected();
    const add = can('New-ManagementScope', 'Name', 'RecipientRestrictionFilter')
      ? h('button', { type: 'button', class: 'primary', id: 'new-scope', text: 'New scope', onclick: () => go(hashFor('scopes', 'new')) })
      : null;
    const edit = can('Set-ManagementScope', 'Identity')
      ? h('button', { type: 'button', id: 'edit-scope', text: 'Edit', disabled: true, onclick: () => sel() && go(hashFor('scopes', 'edit', sel().Name)) })
      : null;
    const del = can('Remove-ManagementScope', 'Identity')
      ? h('button', { type: 'button', class: 'danger', id: 'delete-scope', text: 'Delete', disabled: true, onclick: async () => {
        const sc = sel();
        if (!sc) return;
        const gone = await ask('Delete management scope', `Delete the scope "${sc.Name}"?`, 'Delete',
          () => change(`Remove-ManagementScope -Identity ${q(sc.Name)} -Confirm:$false`));
        if (gone) await list.load(null);
      } })
      : null;
    await openList(list, [add, edit, del]);
  });

  /** New or edit a scope; a recipient filter is tried as it is typed
   * (Get-Recipient -RecipientPreviewFilter parses it as a scope's filter is
   * parsed, and shows what it matches). */
  async function scopeForm(main, mode, name) {
    main.appendChild(h('h2', { text: mode === 'new' ? 'New management scope' : `Edit ${name}` }));
    const holder = main.appendChild(h('div', { class: 'hint', text: 'Loading…' }));
    let scope = null;
    const ous = await allOus();
    if (mode === 'edit') {
      try {
        scope = (await read(`Get-ManagementScope -Identity ${q(name)}`))[0];
      } catch (e) {
        showError(holder, e);
        return;
      }
    }
    holder.remove();
    const editing = mode === 'edit';
    const nameIn = h('input', { type: 'text', id: 'scope-name', value: scope ? scope.Name : '', maxlength: '64' });
    const kind = h('select', { id: 'scope-kind' },
      h('option', { value: 'RecipientScope', text: 'Recipients (RecipientRestrictionFilter)' }),
      h('option', { value: 'ServerScope', text: 'Servers (ServerRestrictionFilter)' }),
      h('option', { value: 'DatabaseScope', text: 'Databases (DatabaseRestrictionFilter)' }));
    kind.value = scope && FILTER_PARAM[scope.ScopeRestrictionType] ? scope.ScopeRestrictionType : 'RecipientScope';
    const filterIn = h('textarea', { id: 'scope-filter', class: 'mono', spellcheck: 'false' }, scope ? filterOf(scope) : '');
    const preview = h('p', { class: 'hint', id: 'scope-preview', 'aria-live': 'polite' });
    // The shell sets a root but has no way to clear one: an edit keeps it.
    const keepsRoot = editing && scope && scope.RecipientRoot;
    const root = h('select', { id: 'scope-root' }, h('option', { value: '', text: '(the whole organization)', disabled: keepsRoot }),
      ous.map((o) => h('option', { value: o.Identity, text: o.Identity })));
    root.value = scope && scope.RecipientRoot ? scope.RecipientRoot : '';
    const exclusive = h('input', { type: 'checkbox', id: 'scope-exclusive', checked: scope && scope.Exclusive, disabled: editing });
    const save = h('button', { type: 'submit', class: 'primary', id: 'scope-save', text: 'Save' });
    const filterField = field('filter', 'Filter', filterIn);
    filterField.appendChild(preview);
    const rootField = field('root', 'Recipient root', root, 'Only recipients under this organizational unit.');
    const form = h('form', { class: 'page', id: 'scope-form', novalidate: true },
      field('name', 'Name', nameIn),
      field('kind', 'Applies to', kind),
      filterField,
      rootField,
      h('div', { class: 'field', 'data-field': 'exclusive' },
        h('label', {}, exclusive, ' Exclusive: only assignments using this scope may write what it matches',
          editing ? h('span', { class: 'hint', text: ' (set when the scope is made)' }) : null)),
      h('div', { class: 'actions' }, save, h('button', { type: 'button', text: 'Cancel', onclick: () => go(hashFor('scopes'), scope && scope.Name) })));
    main.appendChild(form);
    nameIn.focus();

    const live = can('Get-Recipient', 'RecipientPreviewFilter', 'ResultSize');
    let asked = 0;
    let timer = null;
    async function check() {
      const slot = filterField.querySelector('.error');
      const text = filterIn.value.trim();
      rootField.hidden = kind.value !== 'RecipientScope';
      if (kind.value !== 'RecipientScope' || !live) {
        if (slot) slot.remove();
        filterIn.removeAttribute('aria-invalid');
        preview.textContent = live ? 'Server and database filters are checked when saved.' : 'The filter is checked when saved.';
        return;
      }
      if (!text) {
        preview.textContent = 'Type a recipient filter, e.g. Department -eq \'Sales\'.';
        return;
      }
      const n = ++asked;
      preview.textContent = 'Checking…';
      const limit = 1000;
      let r;
      try {
        let script = `Get-Recipient -RecipientPreviewFilter ${q(text)} -ResultSize ${limit + 1}`;
        if (root.value) script += ` -OrganizationalUnit ${q(root.value)}`;
        r = await invoke(`${script} | Select-Object Name`);
      } catch (e) {
        if (n === asked) preview.textContent = e.message;
        return;
      }
      if (n !== asked) return;
      const errors = r.outcomes.flatMap((o) => o.errors);
      const old = filterField.querySelector('.error');
      if (old) old.remove();
      if (errors.length) {
        filterIn.setAttribute('aria-invalid', 'true');
        preview.textContent = '';
        errorSlots(form).show('filter', errors.map((e) => e.message).join('\n'));
        return;
      }
      filterIn.removeAttribute('aria-invalid');
      const names = r.outcomes.flatMap((o) => o.output).map((x) => x.Name);
      const many = names.length > limit;
      preview.textContent = names.length === 0
        ? 'Valid; it matches no recipient now.'
        : `Valid; it matches ${many ? `more than ${limit}` : names.length} recipient${names.length === 1 ? '' : 's'} now: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
    }
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(check, 250);
    };
    filterIn.addEventListener('input', soon);
    kind.addEventListener('change', check);
    root.addEventListener('change', check);
    check();

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const param = FILTER_PARAM[kind.value];
      const text = filterIn.value.trim();
      const newName = nameIn.value.trim();
      let script;
      if (!editing) {
        script = `New-ManagementScope -Name ${q(newName)} -${param} ${q(text)}`;
        if (kind.value === 'RecipientScope' && root.value) script += ` -RecipientRoot ${q(root.value)}`;
        if (exclusive.checked) script += ' -Exclusive -Force';
      } else {
        script = `Set-ManagementScope -Identity ${q(scope.Name)}`;
        if (newName !== scope.Name) script += ` -Name ${q(newName)}`;
        if (text !== filterOf(scope) || kind.value !== scope.ScopeRestrictionType) script += ` -${param} ${q(text)}`;
        if (kind.value === 'RecipientScope' && root.value !== (scope.RecipientRoot || '') && root.value) script += ` -RecipientRoot ${q(root.value)}`;
      }
      save.disabled = true;
      try {
        const ok = await runSteps(form, [{ script, fields: [
          { key: 'filter', params: Object.values(FILTER_PARAM), values: [text] },
          { key: 'root', params: ['RecipientRoot'], values: [root.value] },
          { key: 'name', params: ['Name', 'Identity'], values: [newName] },
        ] }]);
        if (ok) go(hashFor('scopes'), newName);
      } finally {
        save.disabled = false;
      }
    });
  }

  // ----- explain and who-can -------------------------------------------------------

  /** Cmdlets some role holds, starting with the text (for suggestions). */
  async function cmdletsLike(text) {
    if (!can('Get-ManagementRoleEntry', 'Identity')) return [];
    const rows = await read(`Get-ManagementRoleEntry -Identity ${q(`*\\${text}*`)} | Select-Object Name`);
    return [...new Set(rows.map((r) => r.Name))].sort().slice(0, 40);
  }

  /** The parameters any role allows with a cmdlet: what RBAC decides on. */
  async function parametersOf(cmdlet) {
    if (!can('Get-ManagementRoleEntry', 'Identity') || !/^[A-Za-z]+-[A-Za-z0-9]+$/.test(cmdlet)) return null;
    const rows = await read(`Get-ManagementRoleEntry -Identity ${q(`*\\${cmdlet}`)} | Select-Object Parameters`);
    return [...new Set(rows.flatMap((r) => arr(r.Parameters)))].sort((a, b) => a.localeCompare(b));
  }

  async function recipientsLike(text) {
    if (!can('Get-Recipient')) return [];
    return (await read(`Get-Recipient -Anr ${q(text)} -ResultSize 20 | Select-Object Name`)).map((x) => x.Name);
  }

  /** A text box with suggestions from `suggest(text)`. */
  function suggestBox(id, value, suggest, attrs) {
    const listId = newId('suggest');
    const datalist = h('datalist', { id: listId });
    const input = h('input', Object.assign({ type: 'text', id, list: listId, autocomplete: 'off', value: value || '' }, attrs || {}));
    let timer = null;
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const t = input.value.trim();
      if (t.length < 2) return;
      timer = setTimeout(async () => {
        try {
          const names = await suggest(t);
          clear(datalist);
          for (const n of names) datalist.appendChild(h('option', { value: n }));
        } catch (_) {
          // Only suggestions: what is typed is still sent as it is.
        }
      }, 200);
    });
    return { input, datalist };
  }

  /** A cmdlet box and its parameters as checkboxes (plus any typed). */
  function cmdletPicker(prefix, required) {
    const cmd = suggestBox(`${prefix}-cmdlet`, '', cmdletsLike, { required, spellcheck: 'false' });
    const params = h('div', { class: 'params-list', id: `${prefix}-params` }, h('span', { class: 'hint', text: 'Type a cmdlet to see its parameters.' }));
    const extra = h('input', { type: 'text', id: `${prefix}-params-extra`, placeholder: 'Other parameters, comma-separated', spellcheck: 'false' });
    let shownFor = '';
    async function load() {
      const c = cmd.input.value.trim();
      if (c === shownFor) return;
      shownFor = c;
      // The previous cmdlet's boxes go at once: ticking one of them while
      // the new list loads would be lost when it arrives.
      delete params.dataset.cmdlet;
      clear(params);
      params.appendChild(h('span', { class: 'hint', text: c ? 'Loading the parameters…' : 'Type a cmdlet to see its parameters.' }));
      let names = null;
      try {
        names = c ? await parametersOf(c) : null;
      } catch (_) {
        names = null;
      }
      if (shownFor !== c) return;
      clear(params);
      if (!c) params.appendChild(h('span', { class: 'hint', text: 'Type a cmdlet to see its parameters.' }));
      else if (names === null) params.appendChild(h('span', { class: 'hint', text: 'Type the parameters below.' }));
      else if (!names.length) params.appendChild(h('span', { class: 'hint', text: `No role holds ${c}.` }));
      else for (const n of names) params.appendChild(h('label', {}, h('input', { type: 'checkbox', value: n }), n));
      params.dataset.cmdlet = c;
    }
    cmd.input.addEventListener('change', load);
    cmd.input.addEventListener('blur', load);
    return {
      els: [cmd.input, cmd.datalist],
      params,
      extra,
      cmdlet: () => cmd.input.value.trim(),
      parameters: () => [...params.querySelectorAll('input:checked')].map((x) => x.value)
        .concat(extra.value.split(',').map((x) => x.trim().replace(/^-/, '')).filter(Boolean)),
    };
  }

  /** The nodes of one chain: principal → groups → role group or policy →
   * assignment → role → entry → scope. */
  function chainNodes(c) {
    const nodes = [{ kind: 'Principal', name: c.principal, cls: 'principal' }];
    const groups = arr(c.groups);
    groups.forEach((g, i) => {
      const last = i === groups.length - 1 && g === c.assignee;
      nodes.push({ kind: last ? kindName(c.assignee_type) : 'Group', name: g, cls: last ? 'assignee' : 'group' });
    });
    if (c.assignee !== c.principal && groups[groups.length - 1] !== c.assignee) {
      nodes.push({ kind: kindName(c.assignee_type), name: c.assignee, cls: 'assignee' });
    }
    const [entryRole, entryRest] = String(c.entry).split('\\');
    const [entryCmdlet, entryParams] = String(entryRest || entryRole).split(' ');
    nodes.push({ kind: 'Assignment', name: c.assignment, cls: 'assignment' });
    nodes.push({ kind: 'Role', name: c.role, cls: 'role' });
    nodes.push({ kind: 'Entry', name: entryCmdlet, full: entryParams ? `${entryCmdlet} ${entryParams.split(',').join(', ')}` : entryCmdlet, cls: 'entry' });
    nodes.push({ kind: 'Write scope', name: c.scope, cls: 'scope' });
    return nodes;
  }
  function kindName(t) {
    return { RoleGroup: 'Role group', SecurityGroup: 'Security group', RoleAssignmentPolicy: 'Assignment policy', User: 'User' }[t] || t || 'Assignee';
  }

  /** A chain as a small diagram: boxes joined by arrows, in a row, or in a
   * column when the page is narrow. */
  function chainDiagram(c, narrow) {
    const nodes = chainNodes(c);
    const W = narrow ? 280 : 150;
    const H = 62;
    const gap = narrow ? 22 : 26;
    const fit = (t, n) => (t.length > n ? `${t.slice(0, n - 1)}…` : t);
    // A name on up to two lines, broken between words where it can be.
    const lines = (t, n) => {
      const out = [''];
      for (const w of String(t).split(/(?<=[\s-])/)) {
        const cur = out[out.length - 1];
        if ((cur + w).length <= n || !cur) out[out.length - 1] = cur + w;
        else out.push(w);
      }
      return out.length <= 2 ? out.map((l) => fit(l.trim(), n)) : [fit(out[0].trim(), n), fit(out.slice(1).join('').trim(), n)];
    };
    const chars = narrow ? 38 : 19;
    const width = narrow ? W + 2 : nodes.length * (W + gap) - gap + 2;
    const height = narrow ? nodes.length * (H + gap) - gap + 2 : H + 2;
    const svg = h('svg:svg', { width, height, viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': nodes.map((n) => `${n.kind}: ${n.full || n.name}`).join(' → ') });
    svg.appendChild(h('svg:defs', {}, h('svg:marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' },
      h('svg:path', { d: 'M 0 0 L 10 5 L 0 10 z' }))));
    nodes.forEach((n, i) => {
      const x = narrow ? 1 : 1 + i * (W + gap);
      const y = narrow ? 1 + i * (H + gap) : 1;
      const g = h('svg:g', { class: `node ${n.cls}` },
        h('svg:title', { text: `${n.kind}: ${n.full || n.name}` }),
        h('svg:rect', { x, y, width: W, height: H, rx: '5' }),
        h('svg:text', { x: x + 8, y: y + 15, class: 'kind', text: n.kind }),
        lines(n.name, chars).map((l, j) => h('svg:text', { x: x + 8, y: y + 32 + j * 16, text: l })));
      svg.appendChild(g);
      if (i < nodes.length - 1) {
        const d = narrow
          ? `M ${x + W / 2} ${y + H} L ${x + W / 2} ${y + H + gap - 1}`
          : `M ${x + W} ${y + H / 2} L ${x + W + gap - 1} ${y + H / 2}`;
        svg.appendChild(h('svg:path', { class: 'edge', d }));
      }
    });
    return h('div', { class: 'chain' }, svg);
  }

  const narrowNow = () => window.matchMedia('(max-width: 820px)').matches;

  page('explain', 'Explain', () => true, async (main) => {
    const mayOthers = can('Get-ManagementRoleAssignment');
    main.appendChild(h('p', { class: 'hint', text: mayOthers
      ? 'Why a user may or may not run a cmdlet with these parameters on a target, and through which chain.'
      : `Why ${state.me.principal} may or may not run a cmdlet (asking about others takes Get-ManagementRoleAssignment).` }));
    const user = suggestBox('explain-user', state.me.principal, principalsLike, { disabled: !mayOthers });
    const picker = cmdletPicker('explain', true);
    const target = suggestBox('explain-target', '', recipientsLike, { placeholder: 'A recipient, server or database (optional)' });
    const out = h('section', { id: 'explain-result', 'aria-live': 'polite' });
    const go_ = h('button', { type: 'submit', class: 'primary', id: 'explain-go', text: 'Explain' });
    const form = h('form', { class: 'page', id: 'explain-form', novalidate: true },
      h('div', { class: 'grid2' },
        field('user', 'User', user.input), user.datalist,
        field('cmdlet', 'Cmdlet', picker.els[0]), picker.els[1],
        field('target', 'Target', target.input), target.datalist),
      field('parameters', 'Parameters', picker.params),
      field('parameters-extra', 'Other parameters', picker.extra),
      h('div', { class: 'actions' }, go_));
    main.appendChild(form);
    main.appendChild(out);
    (mayOthers ? user.input : picker.els[0]).focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const slots = errorSlots(form);
      slots.clear();
      clear(out);
      if (!picker.cmdlet()) {
        slots.show('cmdlet', 'Enter a cmdlet.');
        return;
      }
      const body = { cmdlet: picker.cmdlet(), parameters: picker.parameters() };
      if (target.input.value.trim()) body.target = target.input.value.trim();
      if (user.input.value.trim() && user.input.value.trim() !== state.me.principal) body.principal = user.input.value.trim();
      go_.disabled = true;
      let r;
      try {
        r = await api('POST', '/v1/explain', body);
      } catch (e) {
        slots.show(fieldOf(e.message, [
          { key: 'user', params: ['principal'], values: [body.principal] },
          { key: 'target', params: ['target'], values: [body.target] },
        ]), e.message);
        return;
      } finally {
        go_.disabled = false;
      }
      renderDecision(out, body, r);
    });
  });

  function renderDecision(out, body, r) {
    const who = body.principal || state.me.principal;
    const what = `${body.cmdlet}${body.parameters.length ? ` -${body.parameters.join(' -')}` : ''}${body.target ? ` on ${body.target}` : ''}`;
    const ex = r.explanation || { chains: [], near_misses: [] };
    out.appendChild(h('div', { class: `decision ${r.allowed ? 'allowed' : 'denied'}`, id: 'decision' },
      `${r.allowed ? 'Allowed' : 'Denied'}: ${who} — ${what}`,
      r.error ? h('span', { class: 'why', text: r.error }) : null,
      !r.allowed && ex.failed_step ? h('span', { class: 'why', text: `Failed at: ${ex.failed_step}` }) : null));
    const narrow = narrowNow();
    if (ex.chains.length) {
      out.appendChild(h('h3', { text: ex.chains.length === 1 ? 'Through' : `Through (${ex.chains.length} chains)` }));
      for (const c of ex.chains) out.appendChild(chainDiagram(c, narrow));
    }
    if (ex.near_misses && ex.near_misses.length) {
      out.appendChild(h('h3', { text: 'Near misses' }));
      out.appendChild(h('ul', { class: 'misses', id: 'near-misses' }, ex.near_misses.map((m) => h('li', {},
        h('strong', { text: m.assignment }), ` (role ${m.role}): ${m.reason}`))));
    }
    out.appendChild(h('p', { class: 'hint', text: `Decided at revision ${r.revision}.` }));
  }

  page('who-can', 'Who can', () => can('Get-ManagementRoleAssignment'), async (main) => {
    main.appendChild(h('p', { class: 'hint', text: 'Everyone who can write a target, and through what: every write assignment that reaches it (Get-ManagementRoleAssignment -WritableRecipient -GetEffectiveUsers), or, with a cmdlet, those who may run it there.' }));
    const target = suggestBox('whocan-target', '', recipientsLike, { required: true });
    const picker = cmdletPicker('whocan', false);
    const out = h('section', { id: 'whocan-result', 'aria-live': 'polite' });
    const go_ = h('button', { type: 'submit', class: 'primary', id: 'whocan-go', text: 'Who can' });
    const form = h('form', { class: 'page', id: 'whocan-form', novalidate: true },
      h('div', { class: 'grid2' },
        field('target', 'Target', target.input), target.datalist,
        field('cmdlet', 'Cmdlet (optional)', picker.els[0]), picker.els[1]),
      field('parameters', 'Parameters', picker.params),
      field('parameters-extra', 'Other parameters', picker.extra),
      h('div', { class: 'actions' }, go_));
    main.appendChild(form);
    main.appendChild(out);
    target.input.focus();
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const slots = errorSlots(form);
      slots.clear();
      clear(out);
      const t = target.input.value.trim();
      if (!t) {
        slots.show('target', 'Enter a target.');
        return;
      }
      go_.disabled = true;
      try {
        if (picker.cmdlet()) await whoCanRun(out, slots, t, picker.cmdlet(), picker.parameters());
        else await whoCanWrite(out, slots, t);
      } finally {
        go_.disabled = false;
      }
    });
  });

  /** Every user a write assignment reaches the target for, with the chain. */
  async function whoCanWrite(out, slots, t) {
    const r = await invoke(`Get-ManagementRoleAssignment -WritableRecipient ${q(t)} -GetEffectiveUsers`);
    const errors = r.outcomes.flatMap((o) => o.errors);
    if (errors.length) {
      for (const e of errors) slots.show(fieldOf(e.message, [{ key: 'target', params: ['WritableRecipient'], values: [t] }]) || 'target', e.message);
      return;
    }
    const rows = r.outcomes.flatMap((o) => o.output).filter((a) => a.RoleAssignmentDelegationType === 'Regular' && a.Enabled !== false);
    const users = [...new Set(rows.map((a) => a.EffectiveUserName))].sort((a, b) => a.localeCompare(b));
    out.appendChild(h('h2', { id: 'whocan-summary', text: `${users.length} user${users.length === 1 ? '' : 's'} can write ${t}` }));
    if (!rows.length) return;
    const byUser = new Map();
    for (const a of rows.sort((x, y) => x.Role.localeCompare(y.Role))) {
      if (!byUser.has(a.EffectiveUserName)) byUser.set(a.EffectiveUserName, []);
      byUser.get(a.EffectiveUserName).push(a);
    }
    out.appendChild(h('table', { class: 'list', id: 'whocan-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'User' }), h('th', { scope: 'col', text: 'Role — through — write scope' }))),
      h('tbody', {}, users.map((u) => h('tr', { 'data-user': u },
        h('td', { text: u }),
        h('td', {}, h('ul', {}, byUser.get(u).map((a) => h('li', { 'data-role': a.Role, 'data-through': `${a.RoleAssigneeName} (${kindName(a.RoleAssigneeType)})` },
          h('strong', { text: a.Role }), ` — ${a.RoleAssigneeName} (${kindName(a.RoleAssigneeType)}) — ${a.CustomRecipientWriteScope || a.RecipientOrganizationalUnitScope || a.RecipientWriteScope}`)))))))));
  }

  /** /v1/who-can: the users who may run the cmdlet with these parameters on
   * the target, page by page. */
  async function whoCanRun(out, slots, t, cmdlet, parameters) {
    const body = { cmdlet, parameters, target: t, limit: 200 };
    let r;
    try {
      r = await api('POST', '/v1/who-can', body);
    } catch (e) {
      slots.show(fieldOf(e.message, [{ key: 'target', params: ['target'], values: [t] }, { key: 'cmdlet', values: [cmdlet] }]), e.message);
      return;
    }
    const what = `${cmdlet}${parameters.length ? ` -${parameters.join(' -')}` : ''}`;
    out.appendChild(h('h2', { id: 'whocan-summary', text: `${r.total} user${r.total === 1 ? '' : 's'} can run ${what} on ${t}` }));
    const tbody = h('tbody');
    const addRows = (results) => {
      for (const w of results) {
        tbody.appendChild(h('tr', { 'data-user': w.user }, h('td', { text: w.user }), h('td', {}, h('ul', {}, arr(w.assignments).map((a) => h('li', { text: a }))))));
      }
    };
    addRows(r.results);
    out.appendChild(h('table', { class: 'list', id: 'whocan-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: 'User' }), h('th', { scope: 'col', text: 'Through the assignments' }))),
      tbody));
    let cursor = r.next_cursor;
    if (cursor) {
      const more = h('button', { type: 'button', id: 'whocan-more', text: 'Show more' });
      more.addEventListener('click', async () => {
        more.disabled = true;
        try {
          const next = await api('POST', '/v1/who-can', Object.assign({}, body, { cursor }));
          addRows(next.results);
          cursor = next.next_cursor;
          if (!cursor) more.remove();
        } catch (e) {
          showError(out.appendChild(h('div')), e);
        } finally {
          more.disabled = false;
        }
      });
      out.appendChild(more);
    }
  }

  // ----- start ------------------------------------------------------------------

  window.addEventListener('hashchange', () => {
    route().catch((e) => status(e.message));
  });
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
