/**
 * The playground page: `.role` files on the left (CodeMirror, lint markers from rolec's
 * diagnostics), the generated Cedar/Rego/schema on the right, a request editor with
 * Evaluate (both engines, in the page) and Fuzz (both engines, in a Worker) below.
 * State round-trips through the URL fragment (fragment.ts, docs/playground.md).
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json, jsonParseLinter } from '@codemirror/lang-json';
import { linter, lintGutter, setDiagnostics, type Diagnostic as LintDiagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState, StateEffect, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers } from '@codemirror/view';
import type { Diagnostic } from '../../src/diagnostics/types.ts';
import { requestValidator, type RequestValidator } from '../../src/request/validate.ts';
import { h } from './dom.ts';
import { enginesFor, evaluate, type EngineOutcome, type Evaluation } from './evaluate.ts';
import { EXAMPLE_SETS, type ExampleSet } from './examples.ts';
import { decodeState, encodeState, type SharedState } from './fragment.ts';
import { FuzzPanel } from './fuzz-panel.ts';
import { outputHighlight, outputLanguage } from './output-modes.ts';
import { pointerRange } from './json-pointer.ts';
import type { CompileReply, CompileRequest, SourceFile } from './protocol.ts';
import { roleLanguage } from './role-mode.ts';
import { ruleRange } from './rules.ts';
import './style.css';

const OUTPUTS = ['cedar/policies.cedar', 'rego/rolec/authz/policy.rego', 'rego/rolec/authz/decision.rego', 'request.schema.json'];
/** Short enough to feel instant, long enough to skip a compile per keystroke of a burst. */
const DEBOUNCE_MS = 25;

interface Timings {
  editToDiagnostics: number[];
  /** The compiler's check alone, timed in the Worker. */
  checkInWorker: number[];
  evaluateToDecisions: number[];
}
declare global {
  interface Window {
    /** Read by the browser benchmark and tests: measured in the page. */
    rolecTimings: Timings;
  }
}
window.rolecTimings = { editToDiagnostics: [], checkInWorker: [], evaluateToDecisions: [] };

// ---- layout --------------------------------------------------------------------------
const setPicker = h('select', { 'data-testid': 'set-picker', 'aria-label': 'policy set' });
for (const s of EXAMPLE_SETS) setPicker.append(h('option', { value: s.name }, s.name));
const shareButton = h('button', { 'data-testid': 'share', type: 'button' }, 'Share link');
const status = h('span', { class: 'status', 'data-testid': 'status' });
const fileTabs = h('div', { class: 'tabs', 'data-testid': 'file-tabs', role: 'tablist' });
const roleHost = h('div', { class: 'editor role-editor', 'data-testid': 'role-editor' });
const diagnosticsList = h('ul', { class: 'diagnostics', 'data-testid': 'diagnostics' });
const outputTabs = h('div', { class: 'tabs', 'data-testid': 'output-tabs', role: 'tablist' });
const outputHost = h('div', { class: 'editor output', 'data-testid': 'output' });
const requestPicker = h('select', { 'data-testid': 'request-picker', 'aria-label': 'fixture request' });
const requestHost = h('div', { class: 'editor request-editor', 'data-testid': 'request-editor' });
const requestIssues = h('ul', { class: 'issues', 'data-testid': 'request-issues' });
const evaluateButton = h('button', { 'data-testid': 'evaluate', type: 'button', class: 'primary' }, 'Evaluate');
const decisionCedar = h('span', { class: 'decision', 'data-testid': 'decision-cedar' }, '–');
const decisionRego = h('span', { class: 'decision', 'data-testid': 'decision-rego' }, '–');
const agreement = h('span', { class: 'badge', 'data-testid': 'agreement' }, '–');
const reasonsCedar = h('ul', { class: 'reasons', 'data-testid': 'reasons-cedar' });
const reasonsRego = h('ul', { class: 'reasons', 'data-testid': 'reasons-rego' });
const differences = h('ul', { class: 'issues', 'data-testid': 'differences' });
const fuzz = new FuzzPanel((request) => {
  setRequestText(JSON.stringify(request, null, 2));
  void runEvaluate();
});

document.getElementById('app')!.append(
  h('header', {}, h('h1', {}, 'rolec playground'), h('label', {}, 'Policy set ', setPicker), shareButton, status),
  h(
    'main',
    {},
    h('section', { class: 'pane sources' }, fileTabs, roleHost, h('h2', {}, 'Diagnostics'), diagnosticsList),
    h('section', { class: 'pane outputs' }, outputTabs, outputHost),
    h(
      'section',
      { class: 'pane request' },
      h('div', { class: 'row' }, h('h2', {}, 'Request'), requestPicker),
      requestHost,
      requestIssues,
      h('div', { class: 'row' }, evaluateButton, fuzz.controls),
      fuzz.progress,
    ),
    h(
      'section',
      { class: 'pane results', 'data-testid': 'results' },
      h('div', { class: 'row' }, h('h2', {}, 'Decisions'), agreement),
      h('div', { class: 'engine' }, h('h3', {}, 'Cedar ', decisionCedar), reasonsCedar),
      h('div', { class: 'engine' }, h('h3', {}, 'Rego (OPA) ', decisionRego), reasonsRego),
      differences,
      fuzz.results,
    ),
  ),
);

// ---- state ---------------------------------------------------------------------------
let files: SourceFile[] = [];
let fileStates: EditorState[] = [];
let active = 0;
let currentSet: string | undefined;
let latestDiagnostics: Diagnostic[] = [];
let built: Record<string, Uint8Array> | undefined;
let builtFor = -1;
let validator: RequestValidator | undefined;
let outputShown = OUTPUTS[0]!;
let evaluateWhenBuilt = false;

const roleExtensions: Extension[] = [
  lineNumbers(),
  history(),
  keymap.of([...defaultKeymap, ...historyKeymap]),
  roleLanguage(),
  lintGutter(),
  EditorView.updateListener.of((u) => {
    if (!u.docChanged) return;
    files[active] = { path: files[active]!.path, text: u.state.doc.toString() };
    scheduleCompile();
  }),
];

const roleView = new EditorView({ parent: roleHost, state: EditorState.create({ doc: '', extensions: roleExtensions }) });
const outputView = new EditorView({ parent: outputHost, state: EditorState.create({ doc: '' }) });

/** Dispatched when a new build brings a new request schema: the request is linted again. */
const schemaChanged = StateEffect.define<null>();
const requestLint = linter(
  (view) => {
    const syntax = jsonParseLinter()(view);
    if (syntax.length > 0 || !validator) return syntax;
    const issues = validator(JSON.parse(view.state.doc.toString()));
    showIssues(issues.map((i) => `${i.pointer || '/'}: ${i.message}`));
    return issues.map((i) => ({ ...pointerRange(view.state, i.pointer), severity: 'error', message: `${i.pointer || '/'}: ${i.message}`, source: 'request schema' }));
  },
  { delay: 150, needsRefresh: (u) => u.transactions.some((tr) => tr.effects.some((e) => e.is(schemaChanged))) },
);
const requestView = new EditorView({
  parent: requestHost,
  state: EditorState.create({ doc: '', extensions: [lineNumbers(), history(), keymap.of([...defaultKeymap, ...historyKeymap]), json(), outputHighlight, requestLint, lintGutter()] }),
});

function setRequestText(text: string) {
  requestView.dispatch({ changes: { from: 0, to: requestView.state.doc.length, insert: text } });
}

// ---- compile Workers -----------------------------------------------------------------
// Two instances of one Worker: the checker only checks (fast: diagnostics as you type),
// the builder builds. A build never delays the next keystroke's diagnostics, and at most
// one build is in flight: edits made meanwhile are built once, as the latest sources.
// (`new Worker(new URL(…))` written out in full: that is the form Vite bundles as a Worker.)
const compileWorker = () => new Worker(new URL('./compile-worker.ts', import.meta.url), { type: 'module' });
const checker = compileWorker();
const builder = compileWorker();
let compileId = 0;
let editAt: number | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;
let checking: SourceFile[] = [];
let building: SourceFile[] | undefined;
let nextBuild: { id: number; files: SourceFile[] } | undefined;

function scheduleCompile() {
  editAt ??= performance.now();
  clearTimeout(timer);
  timer = setTimeout(compileNow, DEBOUNCE_MS);
}

function compileNow() {
  compileId++;
  clearTimeout(buildTimer);
  built = undefined;
  status.textContent = 'checking…';
  checking = files.slice(); // tabs replace their entry on each edit: a shallow copy is a snapshot
  checker.postMessage({ id: compileId, files: checking, step: 'check' } satisfies CompileRequest);
}

/** Builds start after a pause in typing, so a build never competes with the next check. */
const BUILD_IDLE_MS = 200;
let buildTimer: ReturnType<typeof setTimeout> | undefined;

function requestBuild(id: number, sources: SourceFile[]) {
  nextBuild = { id, files: sources };
  clearTimeout(buildTimer);
  buildTimer = setTimeout(() => building || sendBuild(), evaluateWhenBuilt ? 0 : BUILD_IDLE_MS);
}

function sendBuild() {
  if (!nextBuild || nextBuild.id !== compileId) return; // sources changed since: their check will ask again
  building = nextBuild.files;
  builder.postMessage({ ...nextBuild, step: 'build' } satisfies CompileRequest);
  nextBuild = undefined;
}

checker.onmessage = (e: MessageEvent<CompileReply>) => onCompiled(e.data, undefined);
builder.onmessage = (e: MessageEvent<CompileReply>) => {
  const builtFiles = building!;
  building = undefined;
  sendBuild();
  onCompiled(e.data, builtFiles);
};

function onCompiled(r: CompileReply, builtFiles: SourceFile[] | undefined) {
  if (r.id !== compileId) return; // an older compile: a newer one is on its way
  if (r.kind === 'check') {
    latestDiagnostics = r.diagnostics;
    renderDiagnostics();
    if (editAt !== undefined) {
      window.rolecTimings.editToDiagnostics.push(performance.now() - editAt);
      window.rolecTimings.checkInWorker.push(r.ms);
      editAt = undefined;
    }
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    status.textContent = errors ? `${errors} error(s): no output` : `checked in ${r.ms.toFixed(0)} ms, building…`;
    if (errors) showOutputs();
    else requestBuild(r.id, checking);
  } else if (r.kind === 'build') {
    built = r.files;
    builtFor = r.id;
    const schema = JSON.parse(new TextDecoder().decode(r.files['request.schema.json']!)) as object;
    validator = requestValidator(schema);
    status.textContent = `built in ${r.ms.toFixed(0)} ms`;
    fuzz.setSources(builtFiles!, r.files);
    void enginesFor(r.files).catch(() => undefined); // warm both engines now; Evaluate reports any failure
    showOutputs();
    requestView.dispatch({ effects: schemaChanged.of(null) }); // re-lint the request against the new schema
    if (evaluateWhenBuilt) {
      evaluateWhenBuilt = false;
      void runEvaluate();
    }
  } else if (r.kind === 'build-failed') {
    status.textContent = `build failed: ${r.problems.join('; ')}`;
  } else {
    status.textContent = `compiler crashed: ${r.message}`;
  }
}

// ---- diagnostics ---------------------------------------------------------------------
function renderDiagnostics() {
  diagnosticsList.replaceChildren(
    ...latestDiagnostics.map((d) =>
      h(
        'li',
        { class: d.severity, 'data-code': d.code, onclick: () => select(d.span.file, d.span.start.offset, d.span.end.offset) },
        h('code', {}, d.code),
        ` ${d.span.file}:${d.span.start.line}:${d.span.start.col} ${d.message}`,
      ),
    ),
  );
  pushLintMarkers();
}

function pushLintMarkers() {
  const path = files[active]?.path;
  const len = roleView.state.doc.length;
  const markers: LintDiagnostic[] = latestDiagnostics
    .filter((d) => d.span.file === path)
    .map((d) => {
      const from = Math.min(d.span.start.offset, len);
      return { from, to: Math.max(from, Math.min(d.span.end.offset, len)), severity: d.severity, message: `${d.code}: ${d.message}`, source: 'rolec' };
    });
  roleView.dispatch(setDiagnostics(roleView.state, markers));
}

// ---- files and tabs --------------------------------------------------------------------
function renderFileTabs() {
  fileTabs.replaceChildren(
    ...files.map((f, i) =>
      h('button', { type: 'button', role: 'tab', class: i === active ? 'tab active' : 'tab', 'data-testid': `file-tab-${f.path}`, onclick: () => showFile(i) }, f.path),
    ),
  );
}

function showFile(i: number) {
  fileStates[active] = roleView.state;
  active = i;
  roleView.setState(fileStates[i]!);
  renderFileTabs();
  pushLintMarkers();
}

function loadFiles(next: SourceFile[], activeIndex = 0) {
  files = next.map((f) => ({ ...f }));
  fileStates = files.map((f) => EditorState.create({ doc: f.text, extensions: roleExtensions }));
  active = Math.min(Math.max(0, activeIndex), files.length - 1);
  roleView.setState(fileStates[active]!);
  renderFileTabs();
  compileNow();
}

/** Opens `file` and selects [from, to) in it. */
function select(file: string, from: number, to: number) {
  const i = files.findIndex((f) => f.path === file);
  if (i < 0) return;
  if (i !== active) showFile(i);
  const len = roleView.state.doc.length;
  roleView.dispatch({ selection: EditorSelection.single(Math.min(from, len), Math.min(to, len)), scrollIntoView: true });
  roleView.focus();
}

// ---- outputs ---------------------------------------------------------------------------
function showOutputs() {
  outputTabs.replaceChildren(
    ...OUTPUTS.map((p) =>
      h('button', { type: 'button', role: 'tab', class: p === outputShown ? 'tab active' : 'tab', 'data-testid': `output-tab-${p.split('/').at(-1)}`, onclick: () => ((outputShown = p), showOutputs()) }, p.split('/').at(-1)!),
    ),
  );
  const bytes = built?.[outputShown];
  const text = bytes ? new TextDecoder().decode(bytes) : built ? `(${outputShown} is not in this build)` : '(no output: fix the errors first)';
  outputView.setState(EditorState.create({ doc: text, extensions: [EditorState.readOnly.of(true), EditorView.editable.of(false), lineNumbers(), outputLanguage(outputShown), outputHighlight] }));
}

// ---- evaluate ------------------------------------------------------------------------
function showIssues(lines: string[]) {
  requestIssues.replaceChildren(...lines.map((l) => h('li', {}, l)));
}

function renderOutcome(o: EngineOutcome | undefined, decision: HTMLElement, reasons: HTMLElement) {
  reasons.replaceChildren();
  if (!o) {
    decision.textContent = '–';
    decision.className = 'decision';
    return;
  }
  if (!o.ok) {
    decision.textContent = 'error';
    decision.className = 'decision error';
    reasons.append(h('li', { class: 'error' }, o.message));
    return;
  }
  decision.textContent = o.decision.decision;
  decision.className = `decision ${o.decision.decision}`;
  const item = (id: string, kind: string) => {
    const loc = ruleLocation(id);
    return h('li', {}, h('a', { href: '#', class: `rule ${kind}`, 'data-rule': id, onclick: (e) => (e.preventDefault(), loc && select(loc.file, loc.from, loc.to)) }, `${kind === 'deny' ? 'denied by ' : 'granted by '}${id}`));
  };
  reasons.append(...o.decision.reasons.map((id) => item(id, 'grant')), ...o.decision.deniedBy.map((id) => item(id, 'deny')));
}

/** A rule id (`file:line:name`) → the range of that rule in the editor's files. */
function ruleLocation(id: string): { file: string; from: number; to: number } | undefined {
  const m = /^(.*):(\d+):([^:]*)$/.exec(id);
  if (!m) return undefined;
  const file = files.find((f) => f.path === m[1]);
  if (!file) return undefined;
  const range = ruleRange(file.path, file.text, Number(m[2]));
  return range && { file: file.path, ...range };
}

function renderEvaluation(ev: Evaluation | undefined) {
  if (!ev || ev.kind === 'invalid') {
    renderOutcome(undefined, decisionCedar, reasonsCedar);
    renderOutcome(undefined, decisionRego, reasonsRego);
    agreement.textContent = '–';
    agreement.className = 'badge';
    differences.replaceChildren();
    if (ev) showIssues(ev.issues.map((i) => `${i.pointer || '/'}: ${i.message}`));
    return;
  }
  renderOutcome(ev.cedar, decisionCedar, reasonsCedar);
  renderOutcome(ev.rego, decisionRego, reasonsRego);
  agreement.textContent = ev.agree ? 'agree' : 'disagree';
  agreement.className = `badge ${ev.agree ? 'agree' : 'disagree'}`;
  differences.replaceChildren(...ev.differences.map((d) => h('li', {}, d)));
}

async function runEvaluate() {
  const t0 = performance.now();
  if (!built || builtFor !== compileId) {
    evaluateWhenBuilt = true; // decided as soon as the current sources are built
    return;
  }
  let request: unknown;
  try {
    request = JSON.parse(requestView.state.doc.toString());
  } catch (err) {
    renderEvaluation(undefined);
    showIssues([`request is not JSON: ${(err as Error).message}`]);
    return;
  }
  showIssues([]);
  const engines = await enginesFor(built);
  const ev = evaluate(engines, request);
  renderEvaluation(ev);
  window.rolecTimings.evaluateToDecisions.push(performance.now() - t0);
}

// ---- sets, requests, sharing ---------------------------------------------------------
function loadSet(set: ExampleSet) {
  currentSet = set.name;
  setPicker.value = set.name;
  requestPicker.replaceChildren(...set.requests.map((r, i) => h('option', { value: String(i) }, `${r.expect}: ${r.name}`)));
  loadFiles(set.files);
  setRequestText(set.requests[0] ? JSON.stringify(set.requests[0].request, null, 2) : '{}');
  renderEvaluation(undefined);
  fuzz.reset();
}

function currentState(): SharedState {
  return { v: 1, ...(currentSet ? { set: currentSet } : {}), files, active, request: requestView.state.doc.toString() };
}

setPicker.addEventListener('change', () => loadSet(EXAMPLE_SETS.find((s) => s.name === setPicker.value)!));
requestPicker.addEventListener('change', () => {
  const set = EXAMPLE_SETS.find((s) => s.name === currentSet);
  const r = set?.requests[Number(requestPicker.value)];
  if (r) setRequestText(JSON.stringify(r.request, null, 2));
});
evaluateButton.addEventListener('click', () => void runEvaluate());
shareButton.addEventListener('click', () => {
  window.history.replaceState(null, '', encodeState(currentState()));
  void navigator.clipboard?.writeText(location.href).catch(() => undefined);
  status.textContent = 'link in the address bar (and copied)';
});

function start() {
  let shared: SharedState | undefined;
  try {
    shared = decodeState(location.hash);
  } catch (err) {
    status.textContent = `cannot read the link: ${(err as Error).message}`;
  }
  if (!shared) {
    loadSet(EXAMPLE_SETS[0]!);
    return;
  }
  const set = EXAMPLE_SETS.find((s) => s.name === shared.set);
  currentSet = set?.name;
  if (set) {
    setPicker.value = set.name;
    requestPicker.replaceChildren(...set.requests.map((r, i) => h('option', { value: String(i) }, `${r.expect}: ${r.name}`)));
  }
  loadFiles(shared.files, shared.active ?? 0);
  setRequestText(shared.request);
  evaluateWhenBuilt = true; // a shared link decides at once
}

start();
