// getopt-style option parsing over resolved words, enough to tell option values from operands.
import type { ResolvedWord, WordValue } from './commandContext';

export interface OptionSpec {
  /** Short option letters that take a value (`-n 5`, `-n5`). */
  readonly short?: string;
  /** Long options (without `--`) that take a value (`--file x`, `--file=x`). */
  readonly long?: readonly string[];
  /** Single-dash long options that take a value (`find -name x`, `openssl -in x`). */
  readonly dashLong?: readonly string[];
  /** Stop at the first operand (POSIX, and every command-prefix tool); GNU tools permute. */
  readonly stopAtOperand?: boolean;
  /**
   * Short option letters known to take no value. Only a spec that lists them is trusted to say
   * where a bundle's attached value starts (`-rnC3`: flags r, n, then C's value `3`); a letter in
   * neither list leaves the rest of the bundle a possible file name.
   */
  readonly flags?: string;
  /** Single-dash long options that take no value (`find -print`); with `dashLong`, the words the spec knows. */
  readonly dashFlags?: readonly string[];
  /** Single-dash long options whose value is a name pattern, a format or a number, never a file (`find -name`). */
  readonly patternValues?: readonly string[];
  /** Short options whose value is optional and a number: attached (`-C3`) or the next word when it is one (`-C 3`). */
  readonly optionalNumber?: string;
}

export interface ParsedOption {
  /** `-x`, `--name` or `-name`. */
  readonly name: string;
  readonly value: ResolvedWord | null;
}

export interface ParsedArgs {
  readonly options: readonly ParsedOption[];
  readonly operands: readonly ResolvedWord[];
  /** True when a `--` ended the options. */
  readonly dashDash: boolean;
  /** How many operands came before the `--` (all of them when there was none). */
  readonly operandsBeforeDashDash: number;
}

export function parseArgs(args: readonly ResolvedWord[], spec: OptionSpec): ParsedArgs {
  const options: ParsedOption[] = [];
  const operands: ResolvedWord[] = [];
  let dashDash = false;
  let before = -1;
  for (let i = 0; i < args.length; i++) {
    const word = args[i];
    const text = word.text;
    const isOption = !dashDash && text.startsWith('-') && text.length > 1 && word.unknown.length === 0 && word.input === null;
    if (!isOption) {
      operands.push(word);
      if (spec.stopAtOperand === true && !dashDash) {
        operands.push(...args.slice(i + 1));
        break;
      }
      continue;
    }
    if (text === '--') {
      dashDash = true;
      before = operands.length;
      continue;
    }
    if (text.startsWith('--')) {
      const eq = text.indexOf('=');
      const name = eq < 0 ? text.slice(2) : text.slice(2, eq);
      if (eq >= 0) options.push({ name: `--${name}`, value: sliceWord(word, eq + 1) });
      else if (spec.long?.includes(name) === true && i + 1 < args.length) options.push({ name: `--${name}`, value: args[++i] });
      else options.push({ name: `--${name}`, value: null });
      continue;
    }
    if (spec.dashLong !== undefined) {
      const eq = text.indexOf('=');
      const name = eq < 0 ? text.slice(1) : text.slice(1, eq);
      if (spec.dashLong.includes(name)) {
        if (eq >= 0) options.push({ name: `-${name}`, value: sliceWord(word, eq + 1) });
        else options.push({ name: `-${name}`, value: i + 1 < args.length ? args[++i] : null });
        continue;
      }
    }
    // A bundle of short flags; the first letter that takes a value takes the rest or the next word.
    for (let k = 1; k < text.length; k++) {
      const letter = text[k];
      if (spec.optionalNumber?.includes(letter) === true) {
        // getopt gives an optional value everything attached; ag and ack also take a number that follows.
        if (k + 1 < text.length) options.push({ name: `-${letter}`, value: sliceWord(word, k + 1) });
        else if (i + 1 < args.length && args[i + 1].unknown.length === 0 && /^\d+$/.test(args[i + 1].text)) options.push({ name: `-${letter}`, value: args[++i] });
        else options.push({ name: `-${letter}`, value: null });
        break;
      }
      if (spec.short?.includes(letter) === true) {
        if (k + 1 < text.length) options.push({ name: `-${letter}`, value: sliceWord(word, k + 1) });
        else options.push({ name: `-${letter}`, value: i + 1 < args.length ? args[++i] : null });
        break;
      }
      options.push({ name: `-${letter}`, value: null });
    }
  }
  return { options, operands, dashDash, operandsBeforeDashDash: before < 0 ? operands.length : before };
}

/**
 * What a short-option bundle (`-rn`, `-rnC3`, `-f.env`) carries after its flags, by the spec:
 * the attached value (possibly ''), null when the bundle is all flags, undefined when the spec
 * does not know one of its letters (the caller must then read the bundle generously).
 */
export function bundleValue(text: string, spec: OptionSpec): string | null | undefined {
  if (!/^-[^-]/.test(text) || spec.flags === undefined) return undefined;
  for (let k = 1; k < text.length; k++) {
    const letter = text[k];
    if (spec.short?.includes(letter) === true || spec.optionalNumber?.includes(letter) === true) return text.slice(k + 1);
    if (!spec.flags.includes(letter)) return undefined;
  }
  return null;
}

/** True when the spec knows this single-dash word (`-name`, `-print`) as one option: nothing is attached to it. */
export function knownDashWord(text: string, spec: OptionSpec): boolean {
  const eq = text.indexOf('=');
  const name = (eq < 0 ? text : text.slice(0, eq)).slice(1);
  return spec.dashLong?.includes(name) === true || spec.dashFlags?.includes(name) === true;
}

export function hasOption(parsed: ParsedArgs, ...names: string[]): boolean {
  return parsed.options.some((o) => names.includes(o.name));
}

export function optionValues(parsed: ParsedArgs, ...names: string[]): ResolvedWord[] {
  const out: ResolvedWord[] = [];
  for (const o of parsed.options) if (o.value !== null && names.includes(o.name)) out.push(o.value);
  return out;
}

/** The part of a word after its first `n` characters (an attached option value: `-ofile`, `--out=x`). */
export function sliceWord(word: ResolvedWord, n: number): ResolvedWord {
  const prefix = word.text.slice(0, n);
  const values: WordValue[] = word.values.map((v) => ({
    literal: v.literal.slice(n),
    pattern: v.pattern.startsWith(prefix) ? v.pattern.slice(n) : escapeGlob(v.literal.slice(n)),
  }));
  return { ...word, raw: word.raw, text: word.text.slice(n), values };
}

export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]{}(),\\!@+]/g, '\\$&');
}
