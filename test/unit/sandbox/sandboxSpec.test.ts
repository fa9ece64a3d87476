// The sandbox spec from a real policy and a real tree: what is masked, frozen, kept writable; and
// the bubblewrap and Seatbelt renderings of it.
import * as assert from 'node:assert/strict';
import { existsSync, linkSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { workspaceRoot } from '../../../src/core/paths/canonicalPath';
import { loadPolicy } from '../../../src/core/policy/loadPolicy';
import { buildSandboxSpec } from '../../../src/core/sandbox/buildSandboxSpec';
import { bwrapArgs } from '../../../src/core/sandbox/bwrapArgs';
import { sandboxAvailability } from '../../../src/core/sandbox/sandboxPlatform';
import { SandboxUnavailableError, type SandboxSpec } from '../../../src/core/sandbox/sandboxTypes';
import { caseInsensitiveRegex, sbplProfile } from '../../../src/core/sandbox/sbplProfile';
import { SandboxWalkCache } from '../../../src/core/sandbox/sandboxWalkCache';
import { tempWorkspace, type TempWorkspace } from '../../helpers/tempWorkspace';

const POLICY = JSON.stringify({
  version: 1,
  classes: { secret: { read: 'deny', edit: 'deny' }, restricted: { read: 'ask', edit: 'deny' }, reviewed: { read: 'allow', edit: 'allow', review: 'required' } },
  rules: [
    { paths: ['/infra/prod/'], class: 'restricted' },
    { paths: ['/src/auth/'], class: 'reviewed' },
    { paths: ['**/.env', 'secrets/', '*.pem', 'keys/'], class: 'secret' },
    { paths: ['keys/README.md'], class: 'public' },
  ],
  outside: 'allow',
});

function spec(ws: TempWorkspace, extra: Partial<Parameters<typeof buildSandboxSpec>[0]> = {}): SandboxSpec {
  const engine = loadPolicy(ws.root, { env: {} });
  return buildSandboxSpec({ engine, workspace: workspaceRoot(ws.root), home: null, ...extra });
}

function rels(ws: TempWorkspace, list: readonly { path: string; kind: string }[]): string[] {
  return list.map((p) => (p.path.startsWith(`${ws.root}/`) ? p.path.slice(ws.root.length + 1) : p.path) + (p.kind === 'dir' ? '/' : '')).sort();
}

describe('sandbox spec', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({
      '.env': 'A=1',
      'app/.env': 'B=2',
      'app/.ENV.bak': 'x',
      'secrets/db.txt': 'pw',
      'secrets/nested/deep.txt': 'pw',
      'keys/README.md': 'how to get keys',
      'keys/prod.key': 'k',
      'infra/prod/main.tf': 'tf',
      'src/auth/login.ts': 'code',
      'src/app.ts': 'code',
      'certs/server.PEM': 'case variant',
      '.claude/settings.json': '{}',
      '.airlock/audit/audit.jsonl': '',
      '.airlock/cache/provenance/snap.json': '{}',
    });
    ws.policy(POLICY);
  });
  afterEach(() => ws.dispose());

  it('masks protected files and folders; a folder with a carve-out is masked file by file', () => {
    const s = spec(ws);
    assert.deepEqual(rels(ws, s.masks), ['.env', 'app/.env', 'certs/server.PEM', 'infra/prod/', 'keys/prod.key', 'secrets/']);
    assert.ok(s.masks.every((m) => m.why.length > 0));
  });

  it('masks classes whose read verdict is ask as well as deny (a shell cannot ask)', () => {
    const m = spec(ws).masks.find((x) => x.path.endsWith('infra/prod'));
    assert.ok(m);
    assert.match(m.why, /read ask/);
  });

  it('freezes Airlock files, generated configs, .git/config and .git/hooks; the cache becomes private scratch', () => {
    ws.git('init', '-q');
    const s = spec(ws);
    const ro = rels(ws, s.readOnly);
    for (const p of ['.airlock/', '.claude/', '.git/config', '.git/hooks/']) assert.ok(ro.includes(p), `${p} in ${ro.join(', ')}`);
    assert.deepEqual(rels(ws, s.scratch), ['.airlock/cache/']);
    assert.deepEqual(s.writable, [], 'airlock exec: even the audit log is read-only');
  });

  it('airlock run keeps the audit folder writable for the hooks inside, and says so', () => {
    const s = spec(ws, { hooksInside: true });
    assert.deepEqual(rels(ws, s.writable), ['.airlock/audit/']);
    assert.ok(s.residual.some((r) => r.includes('.airlock/audit/')));
    assert.ok(!rels(ws, spec(ws).readOnly).includes('.airlock/audit/'), 'exec: inside the frozen .airlock/ already');
  });

  it('in a git repository the audit log lives in .git/airlock/audit: frozen for exec, left writable (and said so) for run', () => {
    ws.git('init', '-q');
    mkdirSync(path.join(ws.root, '.git/airlock/audit'), { recursive: true });
    assert.ok(rels(ws, spec(ws).readOnly).includes('.git/airlock/audit/'));
    const run = spec(ws, { hooksInside: true });
    assert.ok(!rels(ws, run.readOnly).includes('.git/airlock/audit/'));
    assert.ok(run.residual.some((r) => r.startsWith('.git/airlock/audit/')));
  });

  it('a missing guarded file freezes its existing folder so it cannot be created', () => {
    const s = spec(ws);
    assert.ok(s.readOnly.some((r) => r.path === path.join(ws.root, '.claude') && r.why.includes('settings.local.json')));
    assert.ok(s.residual.some((r) => r.startsWith('opencode.json')));
  });

  it('masks the target of a link whose name is protected, and the target of a link into a protected folder', () => {
    ws.write('real/config.txt', 'secret by name only');
    symlinkSync(path.join(ws.root, 'real/config.txt'), path.join(ws.root, 'prod.pem'));
    symlinkSync(path.join(ws.root, 'secrets/db.txt'), path.join(ws.root, 'src/db-link'));
    const masks = rels(ws, spec(ws).masks);
    assert.ok(masks.includes('real/config.txt'), masks.join(', '));
    assert.ok(masks.includes('secrets/'));
  });

  it('masks every hard link to a masked file', () => {
    linkSync(path.join(ws.root, '.env'), path.join(ws.root, 'src/env-copy.txt'));
    const s = spec(ws);
    assert.ok(rels(ws, s.masks).includes('src/env-copy.txt'));
    assert.ok(s.residual.some((r) => r.includes('hard links')));
  });

  it('masks files holding a live secret when the policy says so', () => {
    const s = spec(ws, { secretIn: (abs) => (abs.endsWith('src/app.ts') ? { rule: 'github-token', line: 1 } : null) });
    assert.ok(rels(ws, s.masks).includes('src/app.ts'));
  });

  it('masks home credential stores when reads outside the workspace are not allowed, freezes shell start-up files', () => {
    const home = tempWorkspace({ '.aws/credentials': 'k', '.ssh/id_ed25519': 'k', '.bashrc': '', '.gitconfig': '' });
    try {
      ws.policy(POLICY.replace('"outside":"allow"', '"outside":"deny"'));
      const s = spec(ws, { home: home.root });
      assert.deepEqual(s.masks.filter((m) => m.path.startsWith(home.root)).map((m) => path.relative(home.root, m.path)).sort(), ['.aws', '.ssh']);
      assert.deepEqual(s.readOnly.filter((m) => m.path.startsWith(home.root)).map((m) => path.relative(home.root, m.path)).sort(), ['.bashrc', '.gitconfig']);
      ws.policy(POLICY);
      assert.equal(spec(ws, { home: home.root }).masks.filter((m) => m.path.startsWith(home.root)).length, 0);
    } finally {
      home.dispose();
    }
  });

  it('fails closed on an invalid policy or AI switched off', () => {
    ws.policy('{ "version": 1, "rules": [ { "paths": "nope" } ] }');
    assert.throws(() => spec(ws), SandboxUnavailableError);
    ws.policy('{ "version": 1, "ai": "off" }');
    assert.throws(() => spec(ws), /switched off/);
  });

  it('an empty protected folder is masked too (what appears in it later stays hidden)', () => {
    mkdirSync(path.join(ws.root, 'app/secrets'));
    assert.ok(rels(ws, spec(ws).masks).includes('app/secrets/'));
  });
});

describe('sandbox spec: edit-protected classes', () => {
  let ws: TempWorkspace;
  beforeEach(() => {
    ws = tempWorkspace({
      'vendor/a.js': 'a',
      'vendor/deep/b.js': 'b',
      'third_party/z.c': 'z',
      'third_party/patches/fix.diff': 'p',
      'db/migrations/001.sql': 's',
      'db/migrations/README.md': 'r',
      'src/api.gen.ts': 'g',
      'src/app.ts': 'x',
      'secrets/k.txt': 'k',
    });
    ws.policy(JSON.stringify({
      version: 1,
      classes: { generated: { read: 'allow', edit: 'deny' }, migrations: { read: 'allow', edit: 'ask' }, secret: { read: 'deny', edit: 'deny' } },
      rules: [
        { paths: ['/vendor/', '/third_party/', '/empty_gen/'], class: 'generated' },
        { paths: ['/db/migrations/*.sql', '*.gen.ts'], class: 'migrations' },
        { paths: ['/third_party/patches/'], class: 'public', carveOut: true },
        { paths: ['secrets/'], class: 'secret' },
      ],
      outside: 'allow',
    }));
  });
  afterEach(() => ws.dispose());

  it('freezes classes whose edit verdict is ask or deny: one mount for a folder the policy classifies as a whole, file by file otherwise', () => {
    mkdirSync(path.join(ws.root, 'empty_gen'));
    const s = spec(ws);
    const ro = rels(ws, s.readOnly).filter((r) => !r.startsWith('/') && !r.startsWith('.airlock'));
    assert.deepEqual(ro, ['db/migrations/001.sql', 'empty_gen/', 'src/api.gen.ts', 'third_party/z.c', 'vendor/']);
    assert.match(s.readOnly.find((r) => r.path.endsWith('/vendor'))?.why ?? '', /^edit deny: "vendor" is class "generated"/);
    assert.match(s.readOnly.find((r) => r.path.endsWith('001.sql'))?.why ?? '', /^edit ask: /);
    // Every file of db/migrations but the README is protected today: the folder is still not frozen whole.
    assert.ok(!ro.includes('db/migrations/'));
    assert.deepEqual(rels(ws, s.masks), ['secrets/']);
    assert.match(s.residual.join('\n'), /new files: .*third_party\//);
  });

  it('a link inside a folder frozen whole freezes its target elsewhere (a write through the link would change it)', () => {
    symlinkSync('../src/app.ts', path.join(ws.root, 'vendor/app-link.ts'));
    const ro = rels(ws, spec(ws).readOnly);
    assert.ok(ro.includes('vendor/') && ro.includes('src/app.ts'), ro.join(', '));
    assert.match(spec(ws).readOnly.find((r) => r.path.endsWith('src/app.ts'))?.why ?? '', /through the link vendor\/app-link\.ts/);
  });

  it('pins every folder that holds a frozen or masked path, the workspace and the folders above it, never one inside a frozen folder', () => {
    const s = spec(ws);
    const pins = (s.pinned ?? []).map((p) => p.path);
    for (const rel of ['', '/db', '/db/migrations', '/src', '/third_party']) assert.ok(pins.includes(`${ws.root}${rel}`), `${rel} in ${pins.join(', ')}`);
    assert.ok(pins.includes(path.dirname(ws.root)));
    assert.ok(!pins.includes(`${ws.root}/vendor`) && !pins.includes(`${ws.root}/vendor/deep`), 'vendor/ is a mount itself; inside it nothing may become writable');
    assert.ok(!pins.includes(`${ws.root}/third_party/patches`), 'a carve-out holds nothing frozen');
    const a = bwrapArgs(s, { cwd: ws.root }).join(' ');
    assert.ok(a.includes(`--bind ${ws.root}/db/migrations ${ws.root}/db/migrations`));
    assert.ok(a.indexOf(`--bind ${ws.root}/db/migrations `) < a.indexOf(`--ro-bind ${ws.root}/db/migrations/001.sql`), 'the pin is mounted before the file on it');
  });

  it("freezes the home's guarded assistant settings; under airlock run the ones the agent writes stay writable (but its hook settings), and says so", () => {
    const home = tempWorkspace({ '.claude/settings.json': '{}', '.claude.json': '{}', '.codex/config.toml': '', '.codex/sessions/s.jsonl': '', '.config/opencode/opencode.json': '{}' });
    try {
      const frozen = (hooksInside: boolean): string[] => spec(ws, { home: home.root, hooksInside }).readOnly.filter((r) => r.path.startsWith(`${home.root}/`)).map((r) => r.path.slice(home.root.length + 1)).sort();
      assert.deepEqual(frozen(false), ['.claude.json', '.claude/settings.json', '.codex', '.config/opencode']);
      assert.deepEqual(frozen(true), ['.claude/settings.json', '.codex/config.toml', '.config/opencode']);
      assert.match(spec(ws, { home: home.root, hooksInside: true }).residual.join('\n'), /~\/\.claude\.json, ~\/\.codex\/ stay writable: the agent inside writes them itself/);
      assert.ok((spec(ws, { home: home.root }).pinned ?? []).some((p) => p.path === `${home.root}/.claude`), 'the folder holding a frozen setting cannot be renamed away');
    } finally {
      home.dispose();
    }
  });

  it('the walk cache gives the same frozen set on the next walk', () => {
    const engine = loadPolicy(ws.root, { env: {} });
    const place = { file: `${ws.root}.walk.pack`, key: Buffer.alloc(32, 7), context: 'test' };
    const later = BigInt(Date.now() + 60_000) * 1_000_000n;
    try {
      const fresh = new SandboxWalkCache(place, later);
      const first = buildSandboxSpec({ engine, workspace: workspaceRoot(ws.root), home: null, walkCache: fresh });
      fresh.flush();
      assert.ok(existsSync(place.file));
      const second = buildSandboxSpec({ engine, workspace: workspaceRoot(ws.root), home: null, walkCache: new SandboxWalkCache(place, later) });
      assert.deepEqual(second.readOnly, first.readOnly);
      assert.deepEqual(second.pinned, first.pinned);
    } finally {
      rmSync(place.file, { force: true });
    }
  });
});

describe('bubblewrap rendering', () => {
  const s: SandboxSpec = {
    root: '/w',
    masks: [
      { path: '/w/.env', kind: 'file', why: 'x' },
      { path: '/w/secrets', kind: 'dir', why: 'x' },
    ],
    readOnly: [
      { path: '/w/.airlock/policy.json', kind: 'file', why: 'x' },
      { path: '/w/.airlock', kind: 'dir', why: 'x' },
    ],
    writable: [{ path: '/w/.airlock/audit', kind: 'dir', why: 'x' }],
    scratch: [{ path: '/w/.airlock/cache', kind: 'dir', why: 'x' }],
    residual: [],
  };

  it('binds the host, drops every capability, a private /proc, then mounts parents before children', () => {
    const a = bwrapArgs(s, { cwd: '/w/src' });
    assert.deepEqual(a.slice(0, 10), ['--die-with-parent', '--cap-drop', 'ALL', '--bind', '/', '/', '--dev', '/dev', '--unshare-pid', '--proc']);
    const at = (...xs: string[]): number => a.findIndex((_, i) => xs.every((x, j) => a[i + j] === x));
    assert.ok(at('--ro-bind', '/w/.airlock', '/w/.airlock') < at('--bind', '/w/.airlock/audit', '/w/.airlock/audit'));
    assert.ok(at('--ro-bind', '/w/.airlock', '/w/.airlock') < at('--tmpfs', '/w/.airlock/cache'));
    assert.ok(at('--ro-bind', '/dev/null', '/w/.env') > 0);
    assert.ok(at('--tmpfs', '/w/secrets', '--remount-ro', '/w/secrets') > 0);
    assert.deepEqual(a.slice(-2), ['--chdir', '/w/src']);
  });

  it('binds an empty file over masked files when given one, itself read-only; --proc bind shares the host /proc', () => {
    const a = bwrapArgs(s, { cwd: '/w', emptyFile: '/tmp/e/masked', proc: 'bind' });
    assert.ok(a.join(' ').includes('--ro-bind /tmp/e/masked /w/.env'));
    assert.ok(a.join(' ').includes('--ro-bind /tmp/e/masked /tmp/e/masked'));
    assert.ok(a.join(' ').includes('--bind /proc /proc'));
    assert.ok(!a.includes('--unshare-pid'));
    // Always a user namespace of its own with the host /proc (outside processes' /proc/<pid>/root stay shut).
    assert.ok(a.includes('--unshare-user'));
    assert.ok(!bwrapArgs(s, { cwd: '/w' }).includes('--unshare-user'));
  });
});

describe('Seatbelt (macOS) rendering — generated and checked here, untested on a live Mac', () => {
  it('denies reads and writes of masks, writes of frozen paths, and re-allows the writable folder last', () => {
    const p = sbplProfile({
      root: '/Users/a/w',
      masks: [{ path: '/Users/a/w/.env', kind: 'file', why: 'secret "quoted"\nnext' }],
      readOnly: [{ path: '/Users/a/w/.airlock', kind: 'dir', why: 'x' }],
      writable: [{ path: '/Users/a/w/.airlock/audit', kind: 'dir', why: 'x' }],
      scratch: [],
      residual: [],
    });
    const lines = p.trim().split('\n');
    assert.equal(lines[0], '(version 1)');
    assert.ok(lines.includes('(allow default)'));
    const deny = lines.findIndex((l) => l.startsWith('(deny file-read* file-write*'));
    const ro = lines.findIndex((l) => l.startsWith('(deny file-write*'));
    const rw = lines.findIndex((l) => l.startsWith('(allow file-write*'));
    assert.ok(deny > 0 && ro > deny && rw > ro);
    assert.ok(!p.includes('\nnext'), 'a reason never breaks out of its comment');
  });

  it('denies writes of edit-protected paths with their reason, and renaming or removing the pinned folders that hold them', () => {
    const p = sbplProfile({
      root: '/Users/a/w',
      masks: [],
      readOnly: [
        { path: '/Users/a/w/vendor', kind: 'dir', why: 'edit deny: "vendor" is class "generated"' },
        { path: '/Users/a/w/db/m/1.sql', kind: 'file', why: 'edit ask: x' },
      ],
      pinned: [{ path: '/Users/a/w/db/m', kind: 'dir', why: 'holds a masked or read-only path' }],
      writable: [],
      scratch: [],
      residual: [],
    });
    assert.ok(p.includes(`;; read-only: edit deny: "vendor" is class "generated"\n(deny file-write* (regex ${caseInsensitiveRegex('/Users/a/w/vendor', true)}))`), p);
    assert.ok(p.includes(`(deny file-write* (regex ${caseInsensitiveRegex('/Users/a/w/db/m/1.sql', false)}))`));
    assert.ok(p.includes(`(deny file-write-unlink (regex ${caseInsensitiveRegex('/Users/a/w/db/m', false)}))`));
    assert.ok(!p.includes(`(deny file-write* (regex ${caseInsensitiveRegex('/Users/a/w/db/m', true)}))`), 'a pinned folder stays writable inside');
  });

  it('matches paths in any letter case, escapes regex characters, and covers folder contents', () => {
    const re = caseInsensitiveRegex('/w/a.b+', true);
    assert.equal(re, '#"^/[wW]/[aA]\\.[bB]\\+(/.*)?$"');
    const inner = new RegExp(re.slice(2, -1));
    for (const p of ['/w/a.b+', '/W/A.B+', '/w/a.B+/x']) assert.match(p, inner);
    for (const p of ['/w/aXb+', '/w/a.b+x']) assert.doesNotMatch(p, inner);
  });
});

describe('sandbox availability', () => {
  it('Windows: an honest "not available"', () => {
    const a = sandboxAvailability({}, 'win32');
    assert.equal(a.ok, false);
    assert.match(a.ok ? '' : a.reason, /not available on Windows/);
  });
  it('Linux here: bubblewrap from a fixed system location, not from PATH first', () => {
    const a = sandboxAvailability({ PATH: '/nonexistent' }, 'linux');
    assert.ok(a.ok && a.mechanism === 'bubblewrap' && a.program.startsWith('/usr/bin/'));
  });
});
