// The risk sidebar in a real extension host, on test/fixtures/risk-workspace. Opened on that
// folder it runs in place; opened on any other folder (the default suite run), it copies the
// fixture in for the suite and restores the folder afterwards.
//   MOCHA_GREP='risk sidebar' bash test/offline-host/run.sh --workspace test/fixtures/risk-workspace
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'airlock-dev.airlock';

// Only the parts of the API this suite reads (the bundle is separate from the extension's).
interface TreeProviderLike<N> {
  getChildren(node?: N): N[];
  getTreeItem(node: N): vscode.TreeItem;
}
interface RiskApi {
  readonly risk: {
    readonly service: { whenIdle(): Promise<void>; annotationsChanged(uri: vscode.Uri): void; riskFor(uri: vscode.Uri): { level: string; reasons: Array<{ text: string }> } | undefined };
    readonly tree: TreeProviderLike<unknown> & { readonly grouping: string };
    readonly policyInfo: TreeProviderLike<unknown>;
    readonly decorations: { provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined };
  };
  readonly statusBar: { readonly item: vscode.StatusBarItem };
}

async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: T | undefined | false;
  while (Date.now() < end) {
    last = await probe();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

function label(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

/** Copies the fixture into `root` (its policy replacing root's); returns the undo. */
function installFixture(fixture: string, root: string): () => void {
  const policy = path.join(root, '.airlock', 'policy.json');
  const store = path.join('.airlock', 'provenance', 'src', 'auth', 'session.ts.json');
  const tops = fs.readdirSync(fixture).filter((e) => e !== '.airlock');
  // Check everything before writing anything, so a refusal leaves the folder untouched.
  for (const target of [...tops, store].map((e) => path.join(root, e))) {
    assert.ok(!fs.existsSync(target), `cannot install the risk fixture: ${target} exists`);
  }
  const savedPolicy = fs.existsSync(policy) ? fs.readFileSync(policy) : undefined;
  const created: string[] = [];
  for (const entry of tops) {
    created.push(path.join(root, entry));
    fs.cpSync(path.join(fixture, entry), path.join(root, entry), { recursive: true });
  }
  fs.mkdirSync(path.dirname(path.join(root, store)), { recursive: true });
  created.push(path.join(root, store));
  fs.copyFileSync(path.join(fixture, store), path.join(root, store));
  fs.mkdirSync(path.dirname(policy), { recursive: true });
  fs.copyFileSync(path.join(fixture, '.airlock', 'policy.json'), policy);
  return () => {
    for (const c of created) fs.rmSync(c, { recursive: true, force: true });
    // Remove the store folders this made, if nothing else is in them.
    for (let dir = path.dirname(path.join(root, store)); dir.startsWith(path.join(root, '.airlock', 'provenance')); dir = path.dirname(dir)) {
      if (fs.existsSync(dir) && fs.readdirSync(dir).length === 0 && dir !== path.join(root, '.airlock', 'provenance')) fs.rmdirSync(dir);
    }
    if (savedPolicy) fs.writeFileSync(policy, savedPolicy);
    else fs.rmSync(policy, { force: true });
  };
}

describe('risk sidebar', () => {
  let api: RiskApi;
  let root: vscode.Uri;
  let policyUri: vscode.Uri;
  let policyText: string;
  let restore: () => void = () => undefined;
  const file = (rel: string): vscode.Uri => vscode.Uri.joinPath(root, ...rel.split('/'));

  /** Level title → { file label → description } as the tree shows them. */
  function byLevel(): Record<string, Record<string, string>> {
    const tree = api.risk.tree;
    const out: Record<string, Record<string, string>> = {};
    for (const levelNode of tree.getChildren()) {
      const files: Record<string, string> = {};
      for (const f of tree.getChildren(levelNode)) {
        const item = tree.getTreeItem(f);
        files[vscode.workspace.asRelativePath(item.resourceUri ?? vscode.Uri.file('/?'), false)] = String(item.description ?? '');
      }
      out[label(tree.getTreeItem(levelNode))] = files;
    }
    return out;
  }

  before(async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    api = (await ext.activate()) as RiskApi;
    root = (vscode.workspace.workspaceFolders ?? [])[0].uri;
    policyUri = file('.airlock/policy.json');
    const fixture = path.join(ext.extensionUri.fsPath, 'test', 'fixtures', 'risk-workspace');
    if (fs.realpathSync(root.fsPath) !== fs.realpathSync(fixture)) restore = installFixture(fixture, root.fsPath);
    policyText = fs.readFileSync(policyUri.fsPath, 'utf8');
    assert.match(policyText, /risk sidebar integration tests/);
    await until('the fixture in the risk model', () => api.risk.service.riskFor(file('src/auth/session.ts'))?.level === 'high');
    await api.risk.service.whenIdle();
  });

  after(() => {
    // Leave the folder as found even when a test failed half-way.
    if (policyText && fs.readFileSync(policyUri.fsPath, 'utf8') !== policyText) fs.writeFileSync(policyUri.fsPath, policyText);
    restore();
  });

  it('contributes the view container, both views, the walkthrough and their commands', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
      contributes: {
        viewsContainers: { activitybar: Array<{ id: string; icon: string }> };
        views: Record<string, Array<{ id: string }>>;
        viewsWelcome: Array<{ view: string; contents: string }>;
        walkthroughs: Array<{ id: string; steps: Array<{ id: string }> }>;
      };
    };
    const c = pkg.contributes;
    const container = c.viewsContainers.activitybar.find((v) => v.id === 'airlock');
    assert.ok(container, 'no airlock view container');
    assert.ok(fs.existsSync(vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, container.icon).fsPath));
    assert.deepEqual(c.views.airlock.map((v) => v.id), ['airlock.risk', 'airlock.policyInfo']);
    assert.ok(c.viewsWelcome.some((w) => w.view === 'airlock.risk' && w.contents.includes('command:airlock.createPolicy')));
    const walk = c.walkthroughs.find((w) => w.id === 'airlock.teamLead');
    assert.deepEqual(walk?.steps.map((s) => s.id), ['createPolicy', 'sync', 'sidebar']);
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const id of ['airlock.createPolicy', 'airlock.risk.groupByFolder', 'airlock.risk.groupByLevel', 'airlock.risk.refresh', 'airlock.risk.explain', 'airlock.risk.markReviewed', 'workbench.view.extension.airlock']) {
      assert.ok(commands.has(id), `${id} is not registered`);
    }
  });

  it('shows the files by level with their main reason', async () => {
    const tree = await until('the tree to list the fixture', () => {
      const t = byLevel();
      return t.Critical?.['config/.env'] && t.High?.['src/auth/session.ts'] ? t : undefined;
    });
    for (const level of ['Critical', 'High', 'Medium', 'Low']) assert.ok(level in tree, `no ${level} group`);
    assert.equal(tree.Critical['config/.env'], 'config — secret class: rule 5 in policy.json (AI read deny, edit deny)');
    assert.equal(tree.High['src/auth/session.ts'], 'src/auth — 3 AI lines unreviewed; the reviewed class requires review');
    assert.match(tree.High['infra/prod/main.tf'], /restricted class: rule 2 in policy\.json \(AI read ask, edit deny\)/);
    assert.match(tree.Medium['infra/prod/dashboards/latency.json'], /reviewed class: exception at policy\.json:\d+/);
    for (const f of ['README.md', 'docs/internal.md', 'src/app.ts']) assert.ok(f in tree.Low, `${f} is not low`);
    const session = api.risk.service.riskFor(file('src/auth/session.ts'));
    assert.deepEqual(session?.reasons.map((r) => r.text), ['3 AI lines unreviewed; the reviewed class requires review', 'reviewed class: rule 3 in policy.json (AI read allow, edit allow)']);
  });

  it('skips what git ignores unless a policy rule names it: an ignored *.pem tree is left out, an ignored .env is still shown', async () => {
    // The fixture's .gitignore ignores /vendor-cache/ (which holds a *.pem) and /config/.env.
    await api.risk.service.whenIdle();
    await until('config/.env in the tree', () => byLevel().Critical?.['config/.env']);
    assert.ok(fs.existsSync(file('vendor-cache/keys/server.pem').fsPath), 'the fixture holds the ignored file');
    assert.equal(api.risk.service.riskFor(file('vendor-cache/keys/server.pem')), undefined, 'a git-ignored tree was walked');
    const listed = Object.values(byLevel()).flatMap((files) => Object.keys(files));
    assert.deepEqual(listed.filter((f) => f.startsWith('vendor-cache/')), []);
    assert.equal(api.risk.service.riskFor(file('config/.env'))?.level, 'critical', 'the ignored .env a rule names is still shown');
  });

  it('groups by folder on request, with each folder at its highest level', async () => {
    await vscode.commands.executeCommand('airlock.risk.groupByFolder');
    try {
      const tree = api.risk.tree;
      assert.equal(tree.grouping, 'folder');
      const top = tree.getChildren().map((n) => tree.getTreeItem(n));
      const names = top.map(label);
      for (const n of ['config', 'infra', 'src', 'README.md']) assert.ok(names.includes(n), `${n} missing from ${names.join(', ')}`);
      const infra = top.find((i) => label(i) === 'infra');
      assert.equal((infra?.iconPath as vscode.ThemeIcon).id, 'warning');
      assert.equal(infra?.description, '1 high, 1 medium');
    } finally {
      await vscode.commands.executeCommand('airlock.risk.groupByLevel');
    }
  });

  it('decorates denied files and files with unreviewed AI lines in the Explorer', () => {
    const env = api.risk.decorations.provideFileDecoration(file('config/.env'));
    assert.equal(env?.badge, 'D');
    assert.match(env?.tooltip ?? '', /AI read and edit denied \(class secret\)/);
    assert.equal(api.risk.decorations.provideFileDecoration(file('infra/prod/main.tf'))?.badge, 'D');
    const session = api.risk.decorations.provideFileDecoration(file('src/auth/session.ts'));
    assert.equal(session?.badge, 'AI');
    assert.equal(api.risk.decorations.provideFileDecoration(file('src/app.ts')), undefined);
  });

  it('lists exceptions and policy problems, and diagnoses a shadowed pattern with a quick fix', async () => {
    const info = api.risk.policyInfo;
    const sections = info.getChildren();
    const exceptions = info.getChildren(sections[0]).map((n) => info.getTreeItem(n));
    assert.equal(label(exceptions[0]), '/infra/prod/dashboards/');
    assert.match(String(exceptions[0].description), /reviewed · alice@example\.com · expires 2099-12-31/);
    const problems = info.getChildren(sections[1]).map((n) => label(info.getTreeItem(n)));
    assert.ok(problems.some((p) => p.includes('"/docs/internal.md" is shadowed')), problems.join('\n'));

    const diag = await until('the shadowed-pattern diagnostic', () => vscode.languages.getDiagnostics(policyUri).find((d) => d.code === 'shadowed-pattern'));
    const doc = await vscode.workspace.openTextDocument(policyUri);
    assert.equal(doc.getText(diag.range), '"/docs/internal.md"');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', policyUri, diag.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(actions.some((a) => a.title === 'Remove this rule'), actions.map((a) => a.title).join(', '));
  });

  it('follows a policy edit in the tree and the decorations', async () => {
    fs.writeFileSync(policyUri.fsPath, policyText.replace('{ "paths": ["**/.env", "*.pem"]', '{ "paths": ["/README.md"], "class": "secret" },\n    { "paths": ["**/.env", "*.pem"]'));
    try {
      await until('README.md to become critical', () => byLevel().Critical?.['README.md']);
      await until('the README.md decoration', () => api.risk.decorations.provideFileDecoration(file('README.md'))?.badge === 'D');
    } finally {
      fs.writeFileSync(policyUri.fsPath, policyText);
    }
    await until('README.md to be low again', () => byLevel().Low?.['README.md'] !== undefined);
    assert.equal(api.risk.decorations.provideFileDecoration(file('README.md')), undefined);
  });

  it('marks a file\'s AI lines reviewed from its context action, and the file drops to its class level', async () => {
    // A review is a new record; removing the records it wrote restores the fixture.
    const records = file('.airlock/provenance/records/src/auth/session.ts').fsPath;
    const existing = new Set(fs.existsSync(records) ? fs.readdirSync(records) : []);
    const tree = api.risk.tree;
    const high = tree.getChildren().find((n) => label(tree.getTreeItem(n)) === 'High');
    const node = tree.getChildren(high).find((n) => tree.getTreeItem(n).resourceUri?.path.endsWith('/src/auth/session.ts'));
    assert.ok(node, 'session.ts is not in the High group');
    assert.equal(tree.getTreeItem(node).contextValue, 'airlockRiskFile.ai');
    try {
      await vscode.commands.executeCommand('airlock.risk.markReviewed', node);
      const risk = await until('session.ts to be reviewed', () => {
        const r = api.risk.service.riskFor(file('src/auth/session.ts'));
        return r?.level === 'medium' ? r : undefined;
      });
      assert.deepEqual(risk.reasons.map((r) => r.text), ['reviewed class: rule 3 in policy.json (AI read allow, edit allow)', '3 AI lines, all reviewed']);
      assert.equal(api.risk.decorations.provideFileDecoration(file('src/auth/session.ts')), undefined);
    } finally {
      for (const name of fs.existsSync(records) ? fs.readdirSync(records) : []) if (!existing.has(name)) fs.rmSync(path.join(records, name));
    }
    // Restored behind the editor's back: the sidebar is told the way the editor tells it (in this
    // offline host the file watcher does not always report store rewrites after earlier suites).
    api.risk.service.annotationsChanged(file('src/auth/session.ts'));
    await until('session.ts to be unreviewed again', () => api.risk.service.riskFor(file('src/auth/session.ts'))?.level === 'high');
  });

  it('shows the active file in the status bar: class, verdicts and AI lines', async () => {
    await vscode.window.showTextDocument(file('infra/prod/main.tf'));
    await until('the status bar for main.tf', () => api.statusBar.item.text.startsWith('$(lock) restricted: AI read ask, edit deny'));
    await vscode.window.showTextDocument(file('src/auth/session.ts'));
    const text = await until('the status bar for session.ts', () => {
      const t = api.statusBar.item.text;
      return t.startsWith('$(unlock) reviewed: AI read allow, edit allow') ? t : undefined;
    });
    assert.equal(text, '$(unlock) reviewed: AI read allow, edit allow · $(sparkle) 3 AI lines (3 unreviewed)');
    assert.equal(api.statusBar.item.command, 'airlock.explainPath');
  });
});
