// Shared helpers for the provenance tests: builders, a seeded random source, temp git repos.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AnnotatedRange, AnnotationState } from '../../../src/core/provenance/annotationTypes';
import { hashRange, splitLines } from '../../../src/core/provenance/contentHash';

export function range(startLine: number, endLine: number, over: Partial<AnnotatedRange> = {}, text?: string): AnnotatedRange {
  return {
    id: over.id ?? `r${startLine}`,
    startLine,
    endLine,
    contentHash: text !== undefined ? hashRange(splitLines(text), { startLine, endLine }) : 'sha256:unset',
    tool: 'claude-code',
    model: 'claude-opus-5-5',
    session: over.session ?? `s${startLine}`,
    time: '2026-11-24T21:35:42.813Z',
    state: 'ai' as AnnotationState,
    ...over,
  };
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function initRepo(prefix: string): string {
  const dir = tempDir(prefix);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'dev@example.com');
  git(dir, 'config', 'user.name', 'Dev');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

export const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'edit-sessions');

export function readFixture(...parts: string[]): unknown {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, ...parts), 'utf8'));
}
