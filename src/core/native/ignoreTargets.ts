// The assistants whose native control is a gitignore-syntax exclusion file at the workspace root.
import { COVERAGE, type CoverageId } from './coverage';
import { compileIgnoreLines } from './ignoreFileLines';
import type { ClassifiedPolicy } from './nativePatterns';
import type { NativeFilePlan } from './nativeTypes';

interface IgnoreTarget {
  readonly target: string;
  readonly path: string;
  readonly coverage: CoverageId;
  /** Whether the format honours `!` re-inclusion. */
  readonly negation: boolean;
}

export const IGNORE_TARGETS: readonly IgnoreTarget[] = [
  { target: 'cursorignore', path: '.cursorignore', coverage: 'cursor', negation: true },
  { target: 'aiexclude', path: '.aiexclude', coverage: 'gemini-code-assist', negation: false },
  { target: 'aiignore', path: '.aiignore', coverage: 'jetbrains', negation: true },
  { target: 'aiderignore', path: '.aiderignore', coverage: 'aider', negation: true },
  { target: 'codeiumignore', path: '.codeiumignore', coverage: 'windsurf', negation: true },
  { target: 'rooignore', path: '.rooignore', coverage: 'roo', negation: true },
  { target: 'continueignore', path: '.continueignore', coverage: 'continue', negation: true },
  { target: 'geminiignore', path: '.geminiignore', coverage: 'gemini-cli', negation: true },
];

/** Matches no file: keeps an `.aiexclude` that protects nothing from being empty (which would exclude everything). */
export const AIEXCLUDE_PLACEHOLDER = '/.airlock/nothing-is-excluded-by-policy';

export function planIgnoreFiles(policy: ClassifiedPolicy): NativeFilePlan[] {
  return IGNORE_TARGETS.map((t) => {
    // Monitor mode blocks nothing: the blocks are emptied.
    const compiled = policy.monitor ? { lines: [], warnings: [] } : compileIgnoreLines(policy, { file: t.path, negation: t.negation });
    let lines = [...compiled.lines];
    const hasPatterns = lines.length > 0;
    if (!hasPatterns && !t.negation) {
      lines = ['# Nothing is protected. An empty .aiexclude would exclude every file, so this line matches none.', AIEXCLUDE_PLACEHOLDER];
    }
    return {
      target: t.target,
      path: t.path,
      spec: { kind: 'text-block', lines, createIfMissing: hasPatterns },
      warnings: compiled.warnings,
      coverage: [COVERAGE[t.coverage]],
    };
  });
}
