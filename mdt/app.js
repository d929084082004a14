/* global window, document, Node, TextEncoder, TextDecoder, btoa, atob, location, fetch, sessionStorage */
/* MDT review page. Plain ES2020, no dependencies. All data is written with textContent or
   DOM nodes, never innerHTML. The service is stateless: the case lives in the page, in a file,
   or in the URL fragment (#case=<base64url JSON>), which browsers never send to the server. */
'use strict';
(function () {
  const I18N = window.MDT_I18N;
  const SVG_NS = 'http://www.w3.org/2000/svg';
  const KEY_STORE = 'mdt.apiKey';
  const BREAKDOWN = [
    'drugAcquisition',
    'supportiveDrugs',
    'administration',
    'monitoring',
    'adverseEventManagement',
    'hospitalStay',
  ];
  const EXAMPLE = {
    caseRef: 'test-nsclc',
    patient: {
      age: 62,
      sex: 'male',
      weight: { value: 68, unit: 'kg', date: '2026-11-20' },
      height: { value: 170, unit: 'cm', date: '2026-11-20' },
      serumCreatinine: { value: 0.9, unit: 'mg/dL', date: '2026-11-20' },
      ecog: { value: 1, date: '2026-11-20' },
      diagnoses: [{ code: 'C34.900x001', system: 'icd-10', principal: true }],
      stage: { value: 'IV', date: '2026-11-02' },
      biomarkers: [
        {
          gene: 'EGFR',
          result: 'present',
          method: 'NGS',
          variant: 'p.E746_A750del',
          clinicalSignificance: 'pathogenic',
          date: '2026-11-10',
        },
      ],
      lineOfTherapy: 1,
    },
    proposal: {
      components: [
        {
          code: 'L01EB01',
          system: 'atc',
          dose: { value: 250, unit: 'mg' },
          route: 'oral',
          administrationsPerCycle: 21,
        },
        { code: 'L01BA04', system: 'atc', dose: { value: 500, unit: 'mg/m2' }, route: 'iv' },
        { code: 'L01XA02', system: 'atc', dose: { value: 5, unit: 'AUC' }, route: 'iv' },
      ],
      cycles: 4,
    },
    context: { asOf: '2026-11-23', hospitalTier: 'tertiary', setting: 'inpatient' },
  };

  const state = { lang: 'en', assessment: null, explained: false, meeting: null, base: {} };
  const $ = (id) => document.getElementById(id);

  // ---------- small helpers ----------
  function t(key) {
    return I18N[state.lang][key] ?? I18N.en[key] ?? key;
  }
  // a coded value (basis, dominance, overspend level…) as a word in the current language; unknown codes shown as sent
  function word(prefix, code) {
    if (code === undefined || code === null || code === '') return '';
    const k = prefix + code;
    return I18N[state.lang][k] ?? I18N.en[k] ?? String(code);
  }
  function loc(text) {
    return text ? (text[state.lang] ?? text.en ?? '') : '';
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else node.setAttribute(k, String(v));
    }
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return node;
  }
  function svg(tag, attrs, text) {
    const node = document.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = String(text);
    return node;
  }
  function money(n) {
    if (typeof n !== 'number') return t('notAvailable');
    return (
      '¥' +
      n.toLocaleString(state.lang === 'zh' ? 'zh-CN' : 'en-GB', { minimumFractionDigits: 0, maximumFractionDigits: 2 })
    );
  }
  function signedMoney(n) {
    return typeof n === 'number' && n > 0 ? '+' + money(n) : money(n);
  }
  function num(n, digits) {
    return typeof n === 'number' ? n.toFixed(digits) : t('notAvailable');
  }

  // ---------- base64url case links ----------
  function toBase64Url(text) {
    const bytes = new TextEncoder().encode(text);
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }
  function fromBase64Url(s) {
    const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4);
    const bin = atob(b64);
    return new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  }
  function caseFromFragment() {
    const m = /(?:^#|&)case=([A-Za-z0-9_-]+)/.exec(location.hash);
    if (!m) return null;
    try {
      return JSON.parse(fromBase64Url(m[1]));
    } catch {
      return null;
    }
  }

  // ---------- the case form ----------
  // The form covers the common fields. A case loaded from JSON (example, file, link, meeting row)
  // is kept as the base: fields the form does not show (dates, biomarker method, extra diagnoses…)
  // are carried over unchanged, and the form's fields replace their counterparts.
  const RESULTS = ['present', 'absent', 'positive', 'negative', 'equivocal', 'IHC 0', 'IHC 1+', 'IHC 2+', 'IHC 3+'];
  const UNITS = ['mg', 'mg/m2', 'mg/kg', 'AUC'];
  const ROUTES = ['', 'iv', 'oral', 'sc', 'im'];
  let rowSeq = 0;
  const clone = (o) => JSON.parse(JSON.stringify(o ?? {}));
  const today = () => {
    const d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  };

  function setSelect(sel, value) {
    const v = value === undefined || value === null ? '' : String(value);
    if (![...sel.options].some((o) => o.value === v)) sel.append(el('option', { value: v }, v));
    sel.value = v;
  }
  function setField(id, value) {
    const node = $(id);
    if (node.tagName === 'SELECT') setSelect(node, value);
    else node.value = value === undefined || value === null ? '' : String(value);
  }
  function fieldText(id) {
    return $(id).value.trim();
  }
  function fieldNum(id) {
    const v = $(id).value.trim();
    if (v === '') return undefined;
    const n = Number(v);
    return Number.isFinite(n) ? n : v; // a non-number is sent as typed so the API names the field
  }

  function rowField(labelKey, control) {
    return el('label', { class: 'field' }, el('span', { 'data-i18n': labelKey }, t(labelKey)), control);
  }
  function selectOf(values, labelPrefix) {
    return el(
      'select',
      {},
      values.map((v) =>
        el(
          'option',
          { value: v, 'data-i18n': labelPrefix && v ? labelPrefix + v : null },
          v ? (labelPrefix ? t(labelPrefix + v) : v) : '—',
        ),
      ),
    );
  }
  function removeButton(addId) {
    const b = el('button', { type: 'button', class: 'remove' }, '×');
    b.addEventListener('click', () => {
      b.closest('.row').remove();
      relabelRows();
      $(addId).focus();
    });
    return b;
  }
  function addBiomarkerRow(b) {
    const n = ++rowSeq;
    const gene = el('input', {
      type: 'text',
      name: 'gene',
      maxlength: 32,
      autocomplete: 'off',
      spellcheck: 'false',
      id: 'bm-gene-' + n,
    });
    const result = selectOf(['', ...RESULTS]);
    result.name = 'result';
    const variant = el('input', {
      type: 'text',
      name: 'variant',
      maxlength: 120,
      autocomplete: 'off',
      spellcheck: 'false',
    });
    const row = el(
      'div',
      { class: 'row biomarker-row' },
      rowField('fGene', gene),
      rowField('fResult', result),
      rowField('fVariant', variant),
      removeButton('add-biomarker'),
    );
    const { gene: g, result: r, variant: v, ...extra } = b || {};
    gene.value = g ?? '';
    setSelect(result, r);
    variant.value = v ?? '';
    row.extra = extra;
    $('biomarker-rows').append(row);
    relabelRows();
    return row;
  }
  function addComponentRow(c) {
    const n = ++rowSeq;
    const code = el('input', {
      type: 'text',
      name: 'code',
      maxlength: 64,
      autocomplete: 'off',
      spellcheck: 'false',
      id: 'cmp-code-' + n,
      placeholder: 'L01EB01',
    });
    const dose = el('input', { type: 'number', name: 'dose', min: 0, step: 'any', inputmode: 'decimal' });
    const unit = selectOf(UNITS);
    unit.name = 'unit';
    const route = selectOf(ROUTES, 'route-');
    route.name = 'route';
    const per = el('input', { type: 'number', name: 'perCycle', min: 1, max: 366, step: 1, inputmode: 'numeric' });
    const row = el(
      'div',
      { class: 'row component-row' },
      rowField('fCode', code),
      rowField('fDose', dose),
      rowField('fUnit', unit),
      rowField('fRoute', route),
      rowField('fPerCycle', per),
      removeButton('add-component'),
    );
    const { code: cd, dose: ds, route: rt, administrationsPerCycle: pc, ...extra } = c || {};
    code.value = cd ?? '';
    dose.value = ds?.value ?? '';
    setSelect(unit, ds?.unit ?? 'mg');
    setSelect(route, rt);
    per.value = pc ?? '';
    row.extra = extra;
    $('component-rows').append(row);
    relabelRows();
    return row;
  }
  // remove buttons name their row in the current language ("Remove drug 2")
  function relabelRows() {
    [
      ['biomarker-rows', 'removeBiomarker'],
      ['component-rows', 'removeComponent'],
    ].forEach(([id, key]) => {
      [...$(id).children].forEach((row, i) =>
        row.querySelector('button.remove').setAttribute('aria-label', `${t(key)} ${i + 1}`),
      );
    });
  }

  function fillForm(req) {
    state.base = clone(req);
    const p = req?.patient || {},
      pr = req?.proposal || {},
      cx = req?.context || {};
    const dx = (p.diagnoses || []).find((d) => d.principal) || (p.diagnoses || [])[0];
    setField('f-caseRef', req?.caseRef);
    setField('f-age', p.age);
    setField('f-sex', p.sex);
    setField('f-weight', p.weight?.value);
    setField('f-height', p.height?.value);
    setField('f-scr', p.serumCreatinine?.value);
    setField('f-scr-unit', p.serumCreatinine?.unit === 'µmol/L' ? 'umol/L' : (p.serumCreatinine?.unit ?? 'mg/dL'));
    setField('f-ecog', p.ecog?.value);
    setField('f-egfr', p.egfr?.value);
    setField('f-diagnosis', dx?.code);
    setField('f-stage', p.stage?.value);
    setField('f-line', p.lineOfTherapy);
    setField('f-week', p.treatmentWeek);
    setField('f-regimenId', pr.regimenId);
    setField('f-cycles', pr.cycles);
    setField('f-asOf', cx.asOf ? String(cx.asOf).slice(0, 10) : today());
    setField('f-tier', cx.hospitalTier);
    setField('f-setting', cx.setting ?? 'inpatient');
    setField('f-insurance', cx.insuranceType);
    $('biomarker-rows').replaceChildren();
    $('component-rows').replaceChildren();
    (p.biomarkers || []).forEach((b) => addBiomarkerRow(b));
    (pr.components || []).forEach((c) => addComponentRow(c));
    if (!(pr.components || []).length) addComponentRow();
  }

  // value-with-unit observation: keep the loaded date only if the value is unchanged
  function observation(prev, value, unit) {
    if (value === undefined) return undefined;
    const o = { value };
    if (unit) o.unit = unit;
    if (prev && prev.value === value && prev.date && (!unit || prev.unit === unit)) o.date = prev.date;
    return o;
  }
  function put(obj, key, value) {
    if (value === undefined || value === '' || (Array.isArray(value) && !value.length)) delete obj[key];
    else obj[key] = value;
  }

  function formToRequest() {
    const req = clone(state.base);
    const p = { ...(req.patient || {}) },
      pr = { ...(req.proposal || {}) },
      cx = { ...(req.context || {}) };
    put(req, 'caseRef', fieldText('f-caseRef'));
    put(p, 'age', fieldNum('f-age'));
    put(p, 'sex', fieldText('f-sex'));
    put(p, 'weight', observation(p.weight, fieldNum('f-weight'), 'kg'));
    put(p, 'height', observation(p.height, fieldNum('f-height'), 'cm'));
    put(p, 'serumCreatinine', observation(p.serumCreatinine, fieldNum('f-scr'), fieldText('f-scr-unit')));
    const ecog = fieldNum('f-ecog');
    put(
      p,
      'ecog',
      ecog === undefined
        ? undefined
        : { value: ecog, ...(p.ecog?.value === ecog && p.ecog.date ? { date: p.ecog.date } : {}) },
    );
    put(p, 'egfr', observation(p.egfr, fieldNum('f-egfr'), p.egfr?.unit ?? 'mL/min/1.73m2'));
    const code = fieldText('f-diagnosis');
    const others = (p.diagnoses || []).filter((d, i, all) => d !== (all.find((x) => x.principal) || all[0]));
    const before = (p.diagnoses || []).find((d) => d.principal) || (p.diagnoses || [])[0];
    const principal = code
      ? before && before.code === code
        ? before
        : { code, system: 'icd-10', principal: true }
      : null;
    p.diagnoses = principal ? [principal, ...others] : others;
    const stage = fieldText('f-stage');
    put(
      p,
      'stage',
      stage ? { value: stage, ...(p.stage?.value === stage && p.stage.date ? { date: p.stage.date } : {}) } : undefined,
    );
    put(
      p,
      'biomarkers',
      [...$('biomarker-rows').children]
        .map((row) => {
          const q = (n) => row.querySelector(`[name="${n}"]`).value.trim();
          if (!q('gene')) return null;
          const b = { gene: q('gene'), ...row.extra };
          if (q('result')) b.result = q('result');
          if (q('variant')) b.variant = q('variant');
          else delete b.variant;
          return b;
        })
        .filter(Boolean),
    );
    put(p, 'lineOfTherapy', fieldNum('f-line'));
    put(p, 'treatmentWeek', fieldNum('f-week'));
    put(pr, 'regimenId', fieldText('f-regimenId'));
    put(
      pr,
      'components',
      [...$('component-rows').children]
        .map((row) => {
          const q = (n) => row.querySelector(`[name="${n}"]`).value.trim();
          if (!q('code')) return null;
          const c = { code: q('code'), system: 'atc', ...row.extra };
          if (q('dose') !== '') c.dose = { value: Number(q('dose')), unit: q('unit') };
          if (q('route')) c.route = q('route');
          if (q('perCycle') !== '') c.administrationsPerCycle = Number(q('perCycle'));
          return c;
        })
        .filter(Boolean),
    );
    put(pr, 'cycles', fieldNum('f-cycles'));
    put(cx, 'asOf', fieldText('f-asOf'));
    put(cx, 'hospitalTier', fieldText('f-tier'));
    put(cx, 'setting', fieldText('f-setting'));
    put(cx, 'insuranceType', fieldText('f-insurance'));
    // keep the key order of a typed request: caseRef, patient, proposal, context, then the rest
    const { caseRef, ...rest } = req;
    return { ...(caseRef ? { caseRef } : {}), ...rest, patient: p, proposal: pr, context: cx };
  }
  function loadCase(req) {
    $('case-json').value = JSON.stringify(req, null, 2);
    fillForm(req);
  }

  // ---------- API ----------
  async function callApi(path, body) {
    const key = $('api-key').value.trim();
    if (!key) throw { title: t('noKey'), status: 0 };
    const res = await fetch(path, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/json, application/problem+json',
        Authorization: 'Bearer ' + key,
      },
      body: JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({ title: res.statusText, status: res.status }));
    if (!res.ok) throw data;
    return data;
  }

  // ---------- status and problems ----------
  function showStatus(text) {
    $('status').textContent = text || '';
  }
  function showProblem(problem) {
    const box = $('problem');
    box.replaceChildren();
    if (!problem) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    const p = problem instanceof Error ? { title: problem.message } : problem;
    box.append(
      el('h2', {}, t('problem')),
      el('p', { class: 'problem-title' }, [p.title, p.status ? ` (${p.status})` : ''].join('')),
    );
    if (p.detail) box.append(el('p', {}, p.detail));
    if (Array.isArray(p.errors) && p.errors.length) {
      box.append(
        el(
          'ul',
          {},
          p.errors.map((e) =>
            el('li', {}, el('code', {}, e.pointer || '/'), ' ', e.message || '', e.code ? ` [${e.code}]` : ''),
          ),
        ),
      );
    }
    box.focus();
  }

  // ---------- the single-case view ----------
  function readCase() {
    try {
      return JSON.parse($('case-json').value);
    } catch (e) {
      throw { title: t('invalidJson'), detail: e.message };
    }
  }
  // fromForm: build the request from the form and show it in the JSON box; otherwise send the JSON box as written
  async function assess(explain, fromForm) {
    showProblem(null);
    let req;
    try {
      if (fromForm) {
        req = formToRequest();
        $('case-json').value = JSON.stringify(req, null, 2);
      } else {
        req = readCase();
        fillForm(req);
      }
      showStatus(t('working'));
      // The page shows every option's cost breakdown side by side: the full view (explain adds the excluded candidates).
      state.assessment = await callApi('/v1/assessments' + (explain ? '?explain=true' : '?view=full'), req);
      state.explained = explain;
      showStatus('');
      renderAssessment();
    } catch (p) {
      showStatus('');
      showProblem(p);
    }
  }

  function optionRows(a) {
    const wtp = a.outcome?.willingnessToPay;
    const rows = [
      {
        label: 'P',
        kind: 'proposal',
        title: loc(a.regimen?.name) || t('proposal'),
        cost: a.expectedCost,
        drgMargin: a.drg?.margin,
        value: {
          qalys: a.outcome?.qalys,
          incrementalCost: 0,
          incrementalQalys: 0,
          icer: null,
          dominance: null,
          willingnessToPay: wtp,
        },
        findings: a.findings,
        outOfPocket: a.outOfPocket,
      },
    ];
    (a.alternatives || []).forEach((o, i) => rows.push(fromOption(o, 'A' + (i + 1), 'alternative')));
    (a.preferredOptions || []).forEach((o, i) => rows.push(fromOption(o, 'G' + (i + 1), 'preferred')));
    (a.therapyChanges || []).forEach((o, i) => rows.push(fromOption(o, 'T' + (i + 1), 'therapyChange')));
    return rows;
  }
  function fromOption(o, label, kind) {
    return {
      label,
      kind,
      option: o,
      title: loc(o.description),
      cost: o.expectedCost,
      drgMargin: o.drgMargin,
      value: o.value || {},
      outOfPocket: o.outOfPocket,
    };
  }

  function renderAssessment() {
    const a = state.assessment;
    const out = $('result');
    out.replaceChildren();
    if (!a) {
      out.hidden = true;
      return;
    }
    out.hidden = false;
    const rows = optionRows(a);
    out.append(
      renderSummary(a),
      renderTable(a, rows),
      renderPlane(rows, a.outcome?.willingnessToPay),
      renderExcluded(a),
      renderUnassessed(a),
      renderProvenance(a),
    );
  }

  function renderSummary(a) {
    const over = a.drg?.overspend?.level;
    const approval = a.approval?.required
      ? `${t('approvalRequired')} ${loc(a.approval.approver)} (${money(a.approval.courseCost)} > ${money(a.approval.threshold)})`
      : t('approvalNotRequired');
    return el(
      'section',
      { 'aria-labelledby': 'summary-h' },
      el('h2', { id: 'summary-h' }, t('summary')),
      el(
        'dl',
        { class: 'summary' },
        el('dt', {}, t('caseRef')),
        el('dd', {}, a.caseRef || '—'),
        el('dt', {}, t('regimen')),
        el('dd', {}, loc(a.regimen?.name) || word('regimen-', a.regimen?.status) || '—'),
        el('dt', {}, t('drgGroup')),
        el('dd', { id: 'drg-group' }, drgGroupText(a.drg)),
        el('dt', {}, t('overspend')),
        el(
          'dd',
          { class: over && over !== 'none' ? 'flag flag-warn' : '' },
          a.drg?.applicable
            ? el('span', { 'data-code': over }, word('overspend-', over) || t('notAvailable'))
            : t('notApplicable'),
        ),
        el('dt', {}, t('approval')),
        el('dd', {}, approval),
      ),
    );
  }

  /** The grouped DRG with the CC/MCC that decided it, e.g. "RE11 … — decided by MCC D61.101 化疗后骨髓抑制 (without them RE13)". */
  function drgGroupText(drg) {
    if (!drg?.group) return drg?.grouping ? `${drg.grouping.drg} (${drg.grouping.status})` : t('notApplicable');
    const head = `${drg.group.code} ${loc(drg.group.name)}`;
    const split = drg.grouping?.splitBy;
    if (!split || split.level === 'none') return `${head} — ${t('drgNoSplit')}`;
    const all = [...(drg.grouping.complications?.mcc || []), ...(drg.grouping.complications?.cc || [])];
    const named = split.codes.map((c) => {
      const n = all.find((x) => x.code === c)?.name;
      return n ? `${c} ${n}` : c;
    });
    return `${head} — ${t('drgDecidedBy')} ${split.level.toUpperCase()} ${named.join(', ')} (${t('drgWithout')} ${split.drgWithout})`;
  }

  function renderTable(a, rows) {
    const heads = [
      'colLabel',
      'colOption',
      'colCost',
      'colBreakdown',
      'colOop',
      'colDrg',
      'colQaly',
      'colIncCost',
      'colIcer',
      'colFindings',
    ];
    return el(
      'section',
      { 'aria-labelledby': 'options-h' },
      el('h2', { id: 'options-h' }, t('resultHeading')),
      el(
        'div',
        { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'options-h' },
        el(
          'table',
          { id: 'options-table', class: 'options' },
          el('caption', {}, t('tableCaption')),
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              heads.map((h) => el('th', { scope: 'col' }, t(h))),
            ),
          ),
          el(
            'tbody',
            {},
            rows.map((r) => renderRow(a, r)),
          ),
        ),
      ),
    );
  }

  function renderRow(a, r) {
    const c = r.cost || {};
    const v = r.value || {};
    const kindText = t(r.kind);
    const title = el(
      'td',
      {},
      el('span', { class: 'kind kind-' + r.kind }, kindText),
      el('br'),
      r.title,
      r.option
        ? el(
            'div',
            { class: 'muted' },
            el('span', { class: 'basis', 'data-code': r.option.basis }, word('basis-', r.option.basis)),
            r.option.savings
              ? ` · ${t('savings')} ${money(r.option.savings.absolute)} (${Math.round(r.option.savings.fraction * 100)}%)`
              : '',
          )
        : null,
    );
    const interval = c.interval
      ? el('div', { class: 'muted' }, `${money(c.interval.lower)} – ${money(c.interval.upper)}`)
      : null;
    const drg = a.drg?.applicable
      ? el(
          'td',
          {},
          money(a.drg.paymentStandard?.amount),
          el('br'),
          el('span', { class: r.drgMargin < 0 ? 'neg' : '' }, `${t('margin')} ${money(r.drgMargin)}`),
        )
      : el('td', {}, t('notApplicable'));
    return el(
      'tr',
      { 'data-option': r.label, class: 'row-' + r.kind },
      el('th', { scope: 'row' }, r.label),
      title,
      el('td', { class: 'num' }, money(c.perCourse), interval),
      el('td', {}, renderBreakdown(c.breakdownPerCourse)),
      el('td', { class: 'num' }, r.outOfPocket?.available ? money(r.outOfPocket.patientPays) : t('notAvailable')),
      drg,
      el('td', { class: 'num' }, num(v.qalys, 3)),
      el('td', { class: 'num' }, r.kind === 'proposal' ? '—' : signedMoney(v.incrementalCost)),
      el('td', {}, renderIcer(v, r.kind)),
      el('td', {}, r.kind === 'proposal' ? renderFindings(r.findings) : renderOptionSource(r.option)),
    );
  }

  function renderBreakdown(b) {
    if (!b) return t('notAvailable');
    return el(
      'dl',
      { class: 'breakdown' },
      BREAKDOWN.filter((k) => b[k]).map((k) => [el('dt', {}, t(k)), el('dd', {}, money(b[k]))]),
    );
  }
  function renderIcer(v, kind) {
    if (kind === 'proposal') return '—';
    const parts = [];
    if (typeof v.icer === 'number') parts.push(money(v.icer) + t('perQaly'));
    if (v.dominance)
      parts.push(
        el('span', { class: 'dom dom-' + v.dominance, 'data-code': v.dominance }, word('dominance-', v.dominance)),
      );
    return parts.length ? parts.flatMap((p, i) => (i ? [el('br'), p] : [p])) : t('notAvailable');
  }
  function renderFindings(findings) {
    if (!findings || !findings.length) return t('noFindings');
    return el(
      'ul',
      { class: 'findings' },
      findings.map((f) =>
        el(
          'li',
          { class: 'sev-' + f.severity },
          el('span', { class: 'sev' }, t('severity-' + f.severity)),
          ' ',
          loc(f.message),
          el('div', { class: 'source' }, `${f.ruleId} · `, sourceNode(f.source)),
        ),
      ),
    );
  }
  function renderOptionSource(o) {
    if (!o) return '';
    return el(
      'div',
      {},
      sourceNode(o.source),
      o.evidenceLevel ? ` (${o.evidenceLevel})` : '',
      el('div', { class: 'muted' }, `${o.safetyRulesPassed ?? (o.rulesPassed || []).length} ${t('rulesPassed')}`),
    );
  }
  // Sources are ids into the answer's citation table.
  function sourceNode(id) {
    if (!id) return '';
    const src = (state.assessment && state.assessment.citations && state.assessment.citations[id]) || {};
    const text = src.citation || id;
    if (src.url && /^https?:\/\//.test(src.url))
      return el('a', { href: src.url, rel: 'noopener', target: '_blank' }, text);
    return el('cite', {}, text);
  }

  // ---------- cost-effectiveness plane ----------
  function renderPlane(rows, wtp) {
    const W = 640,
      H = 380,
      M = { l: 90, r: 20, t: 20, b: 50 };
    const pts = rows.map((r) => ({
      label: r.label,
      kind: r.kind,
      title: r.title,
      x: r.value.incrementalQalys ?? 0,
      y: r.value.incrementalCost ?? 0,
    }));
    const xMax = Math.max(0.05, ...pts.map((p) => Math.abs(p.x))) * 1.2;
    const yMax = Math.max(1000, ...pts.map((p) => Math.abs(p.y))) * 1.15;
    const sx = (x) => M.l + ((x + xMax) / (2 * xMax)) * (W - M.l - M.r);
    const sy = (y) => M.t + ((yMax - y) / (2 * yMax)) * (H - M.t - M.b);
    const root = svg('svg', {
      viewBox: `0 0 ${W} ${H}`,
      role: 'img',
      'aria-labelledby': 'plane-title plane-desc',
      id: 'ce-plane',
      class: 'plane',
    });
    root.append(
      svg('title', { id: 'plane-title' }, t('planeHeading')),
      svg('desc', { id: 'plane-desc' }, t('planeDesc')),
    );
    root.append(svg('rect', { x: M.l, y: M.t, width: W - M.l - M.r, height: H - M.t - M.b, class: 'plane-bg' }));
    root.append(svg('line', { x1: sx(-xMax), y1: sy(0), x2: sx(xMax), y2: sy(0), class: 'axis' }));
    root.append(svg('line', { x1: sx(0), y1: sy(-yMax), x2: sx(0), y2: sy(yMax), class: 'axis' }));
    for (const y of [-yMax / 1.15, yMax / 1.15])
      root.append(svg('text', { x: M.l - 6, y: sy(y) + 4, 'text-anchor': 'end', class: 'tick' }, money(Math.round(y))));
    for (const x of [-xMax / 1.2, xMax / 1.2])
      root.append(svg('text', { x: sx(x), y: H - M.b + 16, 'text-anchor': 'middle', class: 'tick' }, x.toFixed(3)));
    if (typeof wtp === 'number') root.append(wtpLine(wtp, xMax, yMax, sx, sy));
    root.append(
      svg('text', { x: (M.l + W - M.r) / 2, y: H - 8, 'text-anchor': 'middle', class: 'axis-label' }, t('xAxis')),
    );
    root.append(
      svg(
        'text',
        {
          x: 14,
          y: (M.t + H - M.b) / 2,
          transform: `rotate(-90 14 ${(M.t + H - M.b) / 2})`,
          'text-anchor': 'middle',
          class: 'axis-label',
        },
        t('yAxis'),
      ),
    );
    pts.forEach((p, i) => root.append(planePoint(p, i, sx, sy)));
    return el(
      'section',
      { 'aria-labelledby': 'plane-h' },
      el('h2', { id: 'plane-h' }, t('planeHeading')),
      el('p', { class: 'muted' }, t('planeDesc')),
      root,
    );
  }
  function wtpLine(wtp, xMax, yMax, sx, sy) {
    const xEnd = Math.min(xMax, yMax / wtp);
    const g = svg('g', { class: 'wtp' });
    g.append(svg('line', { x1: sx(-xEnd), y1: sy(-wtp * xEnd), x2: sx(xEnd), y2: sy(wtp * xEnd), class: 'wtp-line' }));
    g.append(
      svg(
        'text',
        { x: sx(xEnd) - 4, y: sy(wtp * xEnd) + 14, 'text-anchor': 'end', class: 'wtp-label' },
        `${t('wtp')} ${money(wtp)}${t('perQaly')}`,
      ),
    );
    return g;
  }
  function planePoint(p, i, sx, sy) {
    const g = svg('g', { class: 'point point-' + p.kind, 'data-option': p.label });
    g.append(svg('title', {}, `${p.label}: ${p.title} (ΔC ${money(p.y)}, ΔQALY ${p.x.toFixed(3)})`));
    const cx = sx(p.x),
      cy = sy(p.y);
    g.append(
      p.kind === 'proposal'
        ? svg('rect', { x: cx - 6, y: cy - 6, width: 12, height: 12 })
        : svg('circle', { cx, cy, r: 6 }),
    );
    // stagger labels so points on the same vertical line (same-outcome swaps) stay readable
    const dx = i % 2 ? -10 : 10;
    g.append(
      svg('text', { x: cx + dx, y: cy + 4, 'text-anchor': dx < 0 ? 'end' : 'start', class: 'point-label' }, p.label),
    );
    return g;
  }

  // ---------- excluded, unassessed, provenance ----------
  function renderExcluded(a) {
    const sec = el(
      'section',
      { 'aria-labelledby': 'excluded-h', id: 'excluded' },
      el('h2', { id: 'excluded-h' }, t('excludedHeading')),
    );
    if (!state.explained) return (sec.append(el('p', { class: 'muted' }, t('excludedHint'))), sec);
    const list = a.excludedCandidates || [];
    if (!list.length) return (sec.append(el('p', {}, t('excludedNone'))), sec);
    sec.append(
      el(
        'ul',
        {},
        list.map((x) =>
          el(
            'li',
            {},
            el('strong', {}, loc(x.description) || x.id),
            ` (${word('basis-', x.basis)})`,
            el(
              'ul',
              {},
              x.reasons.map((r) => el('li', {}, `${r.kind}${r.ruleId ? ' ' + r.ruleId : ''}: ${r.message}`)),
            ),
          ),
        ),
      ),
    );
    return sec;
  }
  function renderUnassessed(a) {
    if (!a.unassessed || !a.unassessed.length) return '';
    return el(
      'section',
      { 'aria-labelledby': 'unassessed-h' },
      el('h2', { id: 'unassessed-h' }, t('unassessedHeading')),
      el(
        'ul',
        {},
        a.unassessed.map((u) => el('li', {}, el('code', {}, u.where), ` ${u.code}: ${loc(u.reason)}`)),
      ),
    );
  }
  function renderProvenance(a) {
    const p = a.provenance || {};
    const text = [
      p.pack && `pack ${p.pack.id} ${p.pack.version}`,
      p.model && `model ${p.model.id} ${p.model.version}`,
      p.serviceVersion && `service ${p.serviceVersion}`,
      p.requestId && `request ${p.requestId}`,
      p.asOf && `asOf ${p.asOf}`,
    ]
      .filter(Boolean)
      .join(' · ');
    return el(
      'footer',
      { class: 'provenance' },
      el('strong', {}, t('provenance') + ': '),
      text,
      ' · ',
      `${t('printed')} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
    );
  }

  // ---------- meeting list ----------
  function parseCsvLine(line) {
    const out = [];
    let cur = '';
    let q = false;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i];
      if (q) {
        if (ch === '"' && line[i + 1] === '"') {
          cur += '"';
          i++;
        } else if (ch === '"') q = false;
        else cur += ch;
      } else if (ch === '"') q = true;
      else if (ch === ',') {
        out.push(cur);
        cur = '';
      } else cur += ch;
    }
    out.push(cur);
    return out.map((s) => s.trim());
  }
  function csvComponent(spec) {
    const [code, dose, unit, route, perCycle] = spec.trim().split(/\s+/);
    const c = { code, system: 'atc' };
    if (dose && unit) c.dose = { value: Number(dose), unit };
    if (route) c.route = route;
    if (perCycle) c.administrationsPerCycle = Number(perCycle);
    return c;
  }
  function casesFromCsv(text) {
    const lines = text.split(/\r?\n/).filter((l) => l.trim());
    const head = parseCsvLine(lines.shift() || '');
    return lines.map((line) => {
      const r = Object.fromEntries(parseCsvLine(line).map((v, i) => [head[i], v]));
      const patient = { diagnoses: [{ code: r.diagnosis, system: 'icd-10', principal: true }] };
      if (r.age) patient.age = Number(r.age);
      if (r.sex) patient.sex = r.sex;
      if (r.stage) patient.stage = { value: r.stage };
      if (r.weight) patient.weight = { value: Number(r.weight), unit: 'kg' };
      if (r.height) patient.height = { value: Number(r.height), unit: 'cm' };
      if (r.serumCreatinine) {
        const [v, u] = r.serumCreatinine.split(/\s+/);
        patient.serumCreatinine = { value: Number(v), unit: u || 'mg/dL' };
      }
      if (r.ecog) patient.ecog = { value: Number(r.ecog) };
      if (r.lineOfTherapy) patient.lineOfTherapy = Number(r.lineOfTherapy);
      const proposal = {
        components: (r.components || '')
          .split('|')
          .filter((s) => s.trim())
          .map(csvComponent),
      };
      if (r.cycles) proposal.cycles = Number(r.cycles);
      const context = { asOf: r.asOf, setting: r.setting || 'inpatient' };
      if (r.hospitalTier) context.hospitalTier = r.hospitalTier;
      if (r.insuranceType) context.insuranceType = r.insuranceType;
      return { ...(r.caseRef ? { caseRef: r.caseRef } : {}), patient, proposal, context };
    });
  }
  function parseMeetingFile(name, text) {
    const trimmed = text.trim();
    if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
      const data = JSON.parse(trimmed);
      return Array.isArray(data) ? data : data.cases;
    }
    return casesFromCsv(text);
  }
  async function runMeeting(cases) {
    showProblem(null);
    showStatus(t('working'));
    try {
      const res = await callApi('/v1/assessments/batch?view=full', { cases });
      state.meeting = { cases, results: res.results };
      showStatus('');
      renderMeeting();
    } catch (p) {
      showStatus('');
      showProblem(p);
    }
  }
  function flagsOf(result) {
    if (!result.assessment)
      return [{ cls: 'flag-fail', text: `${t('flagFailed')} (${result.status}): ${result.problem?.title ?? ''}` }];
    const a = result.assessment;
    const flags = [];
    if (a.drg?.overspend && a.drg.overspend.level !== 'none')
      flags.push({ cls: 'flag-warn', text: `${t('flagOverspend')}: ${word('overspend-', a.drg.overspend.level)}` });
    if ((a.findings || []).some((f) => f.severity === 'critical'))
      flags.push({ cls: 'flag-crit', text: t('flagCritical') });
    if ((a.alternatives || []).length)
      flags.push({
        cls: 'flag-ok',
        text: `${t('flagSavings')} ${money(Math.max(...a.alternatives.map((o) => o.savings.absolute)))}`,
      });
    return flags;
  }
  function renderMeeting() {
    const box = $('meeting-result');
    box.replaceChildren();
    const m = state.meeting;
    if (!m) return;
    box.append(
      el(
        'table',
        { id: 'meeting-table', class: 'meeting' },
        el('caption', {}, t('meetingCaption')),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            ['colRow', 'caseRef', 'regimen', 'colCost', 'colFlags', 'colOpen'].map((h) =>
              el('th', { scope: 'col' }, t(h)),
            ),
          ),
        ),
        el(
          'tbody',
          {},
          m.results.map((r) => meetingRow(m, r)),
        ),
      ),
    );
  }
  function meetingRow(m, r) {
    const a = r.assessment;
    const flags = flagsOf(r);
    const btn = el('button', { type: 'button', 'aria-label': `${t('open')} ${r.index + 1}` }, t('open'));
    btn.addEventListener('click', () => openMeetingCase(m, r));
    return el(
      'tr',
      { 'data-index': r.index },
      el('th', { scope: 'row' }, r.index + 1),
      el('td', {}, a?.caseRef ?? m.cases[r.index]?.caseRef ?? '—'),
      el('td', {}, a ? loc(a.regimen?.name) || word('regimen-', a.regimen?.status) : '—'),
      el('td', { class: 'num' }, a ? money(a.expectedCost.perCourse) : '—'),
      el(
        'td',
        {},
        flags.length
          ? flags.map((f) => el('span', { class: 'flag ' + f.cls }, f.text))
          : el('span', { class: 'muted' }, t('flagNone')),
      ),
      el('td', {}, btn),
    );
  }
  function openMeetingCase(m, r) {
    loadCase(m.cases[r.index]);
    if (!r.assessment) {
      showProblem(r.problem || { title: t('flagFailed'), status: r.status });
      return;
    }
    showProblem(null);
    state.assessment = r.assessment;
    state.explained = false;
    renderAssessment();
    $('result').focus();
  }

  // ---------- language ----------
  function applyLanguage() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = t('title');
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    $('lang-toggle').setAttribute('aria-label', t('langLabel'));
    relabelRows();
    renderAssessment();
    renderMeeting();
  }

  // ---------- wiring ----------
  function readFile(input, then) {
    const file = input.files && input.files[0];
    if (!file) return;
    file
      .text()
      .then((text) => then(file.name, text))
      .catch((e) => showProblem(e));
  }
  function init() {
    const key = $('api-key');
    key.value = sessionStorage.getItem(KEY_STORE) || '';
    key.addEventListener('input', () => sessionStorage.setItem(KEY_STORE, key.value.trim()));
    $('lang-toggle').addEventListener('click', () => {
      state.lang = state.lang === 'en' ? 'zh' : 'en';
      applyLanguage();
    });
    $('load-example').addEventListener('click', () => loadCase(EXAMPLE));
    $('case-file').addEventListener('change', (e) =>
      readFile(e.target, (_n, text) => {
        $('case-json').value = text;
        try {
          fillForm(JSON.parse(text));
        } catch (err) {
          showProblem({ title: t('invalidJson'), detail: err.message });
        }
      }),
    );
    $('case-form').addEventListener('submit', (e) => {
      e.preventDefault();
      assess(false, true);
    });
    $('explain').addEventListener('click', () => assess(true, true));
    $('assess-json').addEventListener('click', () => assess(false, false));
    $('json-to-form').addEventListener('click', () => {
      try {
        showProblem(null);
        fillForm(readCase());
      } catch (p) {
        showProblem(p);
      }
    });
    $('clear-form').addEventListener('click', () => {
      fillForm({});
      $('f-caseRef').focus();
    });
    $('add-biomarker').addEventListener('click', () => addBiomarkerRow().querySelector('input').focus());
    $('add-component').addEventListener('click', () => addComponentRow().querySelector('input').focus());
    $('copy-link').addEventListener('click', () => {
      try {
        const req = formToRequest();
        $('case-json').value = JSON.stringify(req, null, 2);
        location.hash = 'case=' + toBase64Url(JSON.stringify(req));
        showStatus(t('linkCopied'));
      } catch (p) {
        showProblem(p);
      }
    });
    $('meeting-file').addEventListener('change', (e) =>
      readFile(e.target, (name, text) => {
        try {
          runMeeting(parseMeetingFile(name, text));
        } catch (err) {
          showProblem({ title: t('invalidJson'), detail: err.message });
        }
      }),
    );
    const fromLink = caseFromFragment();
    if (fromLink) {
      loadCase(fromLink);
      if (key.value) assess(false, false);
    } else fillForm({});
    applyLanguage();
  }
  window.MDT = { toBase64Url, fromBase64Url, casesFromCsv };
  document.addEventListener('DOMContentLoaded', init);
})();
