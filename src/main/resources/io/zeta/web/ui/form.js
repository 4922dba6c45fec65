// The install form, generated from a package's config.json (JSON Schema draft-04): nested objects
// become sections, enums selects, booleans checkboxes, numbers number fields with min/max,
// format "password" masked fields, descriptions help text, defaults filled in. Only the values the
// user changed are sent: the server applies the defaults (and keeps secret defaults it masked).
import { html } from './vendor/htm-preact.js';

export function pointer(path) {
  return path.length === 0 ? '' : '/' + path.map(p => String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function typeOf(schema) {
  let t = schema.type;
  if (Array.isArray(t)) t = t.find(x => x !== 'null') || t[0];
  if (!t && schema.properties) t = 'object';
  if (!t && Array.isArray(schema.enum)) t = 'enum';
  return t || 'any';
}

/** The fields of a schema as a tree: sections (objects with properties) and leaves. */
export function fieldsOf(schema, path = []) {
  const props = (schema && typeof schema.properties === 'object' && schema.properties) || {};
  const required = new Set(Array.isArray(schema && schema.required) ? schema.required : []);
  const out = [];
  for (const name of Object.keys(props)) {
    const s = props[name] && typeof props[name] === 'object' ? props[name] : {};
    const p = path.concat([name]);
    const t = typeOf(s);
    if (t === 'object' && s.properties && typeof s.properties === 'object') {
      out.push({ kind: 'section', name, path: p, pointer: pointer(p), schema: s, children: fieldsOf(s, p) });
    } else {
      out.push({ kind: 'field', name, path: p, pointer: pointer(p), schema: s, type: t, required: required.has(name) });
    }
  }
  return out;
}

/** The form's initial text or boolean for each field, from the defaults. */
export function initialValues(fields, out = {}) {
  for (const f of fields) {
    if (f.kind === 'section') { initialValues(f.children, out); continue; }
    out[f.pointer] = display(f, f.schema.default);
  }
  return out;
}

function display(f, v) {
  if (f.type === 'boolean') return v === true || v === 'true';
  if (v === undefined || v === null) return '';
  if (Array.isArray(f.schema.enum)) return String(f.schema.enum.findIndex(e => JSON.stringify(e) === JSON.stringify(v)));
  if (typeof v === 'object') return JSON.stringify(v, null, 2);
  return String(v);
}

function parse(f, text) {
  if (f.type === 'boolean') return text === true;
  if (Array.isArray(f.schema.enum)) return f.schema.enum[Number(text)];
  if (f.type === 'integer' || f.type === 'number') {
    const n = Number(text);
    // Not a number: sent as typed, so that the server names the field and what it wants.
    return text.trim() !== '' && Number.isFinite(n) ? n : text;
  }
  if (f.type === 'string') return text;
  try { return JSON.parse(text); } catch (e) { return text; }
}

/** The options to send: the fields whose value differs from the form's initial one. */
export function changedOptions(fields, values, initial) {
  const out = {};
  const walk = list => {
    for (const f of list) {
      if (f.kind === 'section') { walk(f.children); continue; }
      const v = values[f.pointer];
      if (v === initial[f.pointer]) continue;
      if (v === '' && f.type !== 'string') continue;
      let o = out;
      for (const k of f.path.slice(0, -1)) { o = o[k] = o[k] || {}; }
      o[f.path[f.path.length - 1]] = parse(f, v);
    }
  };
  walk(fields);
  return out;
}

let serial = 0;
function fieldId(f) {
  if (!f.id) f.id = 'opt-' + (++serial);
  return f.id;
}

function Leaf({ f, values, errors, set }) {
  const id = fieldId(f);
  const s = f.schema;
  const v = values[f.pointer];
  const err = errors[f.pointer];
  const help = s.description ? id + '-help' : null;
  const errId = err ? id + '-err' : null;
  const describedBy = [help, errId].filter(Boolean).join(' ') || undefined;
  const common = { id, name: f.pointer, 'data-pointer': f.pointer, 'aria-describedby': describedBy,
    'aria-invalid': err ? 'true' : undefined, class: err ? 'invalid' : undefined };
  let input;
  if (f.type === 'boolean') {
    input = html`<input type="checkbox" ...${common} checked=${!!v} onChange=${e => set(f.pointer, e.target.checked)}/>`;
  } else if (Array.isArray(s.enum)) {
    input = html`<select ...${common} value=${v} onChange=${e => set(f.pointer, e.target.value)}>
      ${v === '' ? html`<option value="">(none)</option>` : null}
      ${s.enum.map((e, i) => html`<option value=${String(i)}>${typeof e === 'string' ? e : JSON.stringify(e)}</option>`)}
    </select>`;
  } else if (f.type === 'integer' || f.type === 'number') {
    input = html`<input type="number" step=${f.type === 'integer' ? '1' : 'any'} min=${s.minimum} max=${s.maximum}
      ...${common} value=${v} onInput=${e => set(f.pointer, e.target.value)}/>`;
  } else if (f.type === 'string') {
    const secret = s.format === 'password';
    input = html`<input type=${secret ? 'password' : 'text'} autocomplete=${secret ? 'new-password' : 'off'} ...${common}
      value=${v} onInput=${e => set(f.pointer, e.target.value)}/>`;
  } else {
    input = html`<textarea rows="3" spellcheck="false" ...${common} value=${v}
      onInput=${e => set(f.pointer, e.target.value)}></textarea>`;
  }
  const range = (s.minimum !== undefined || s.maximum !== undefined)
    ? html` <span class="range">(${s.minimum !== undefined ? 'min ' + s.minimum : ''}${s.minimum !== undefined && s.maximum !== undefined ? ', ' : ''}${s.maximum !== undefined ? 'max ' + s.maximum : ''})</span>` : null;
  const kind = f.type === 'any' || f.type === 'array' || f.type === 'object' ? html` <span class="range">(JSON)</span>` : null;
  return html`<div class=${'field' + (f.type === 'boolean' ? ' check' : '')}>
    <label for=${id}>${s.title || f.name}${f.required ? html`<span class="req" aria-label="required"> *</span>` : null}${range}${kind}</label>
    ${input}
    ${s.description ? html`<p class="help" id=${help}>${String(s.description)}</p>` : null}
    ${err ? html`<p class="error" id=${errId} role="alert">${err}</p>` : null}
  </div>`;
}

function Section({ f, values, errors, set, depth }) {
  return html`<fieldset class="section" data-pointer=${f.pointer}>
    <legend>${f.schema.title || f.name}</legend>
    ${f.schema.description ? html`<p class="help">${String(f.schema.description)}</p>` : null}
    ${errors[f.pointer] ? html`<p class="error" role="alert">${errors[f.pointer]}</p>` : null}
    <${Fields} fields=${f.children} values=${values} errors=${errors} set=${set} depth=${depth + 1}/>
  </fieldset>`;
}

export function Fields({ fields, values, errors, set, depth = 0 }) {
  return fields.map(f => f.kind === 'section'
    ? html`<${Section} key=${f.pointer} f=${f} values=${values} errors=${errors} set=${set} depth=${depth}/>`
    : html`<${Leaf} key=${f.pointer} f=${f} values=${values} errors=${errors} set=${set}/>`);
}

/** Server violations ({pointer, message}) by the field they name; the rest under ''. */
export function errorsByField(fields, violations) {
  const known = new Set();
  const walk = list => list.forEach(f => { known.add(f.pointer); if (f.children) walk(f.children); });
  walk(fields);
  const out = {};
  for (const v of violations || []) {
    let p = v.pointer || (v.instance && v.instance.pointer) || '';
    // A missing required property is reported on its object; name the field when the message does.
    const m = /(?:required property|property) '?([^' ]+)'?/.exec(v.message || '');
    if (m && known.has(p + '/' + m[1])) p = p + '/' + m[1];
    while (p && !known.has(p)) p = p.slice(0, p.lastIndexOf('/'));
    out[p] = out[p] ? out[p] + '; ' + v.message : v.message;
  }
  return out;
}
