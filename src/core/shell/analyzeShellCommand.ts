// Entry point: which files would a shell command line read, write or search?
import * as os from 'node:os';
import { ShellWalker } from './shellWalker';
import type { ShellAnalysis, ShellAnalysisOptions } from './shellTypes';
import { errorMessage } from '../util/errorMessage';

/** Longer command lines are not analyzed (fail closed: the caller gets `confident: false`). */
const MAX_COMMAND_LENGTH = 256 * 1024;

/**
 * Best-effort extraction of the file operands of a bash command line, without running anything.
 * Whatever could hide a file name (unknown variables, `eval`, inline interpreter code, input-fed
 * `xargs`, syntax errors...) makes the result not confident, with a reason; literal operands
 * inside such constructs are still reported.
 */
export function analyzeShellCommand(command: string, options: ShellAnalysisOptions = {}): ShellAnalysis {
  const home = options.home === undefined ? os.homedir() : options.home;
  const walker = new ShellWalker(home);
  if (command.length > MAX_COMMAND_LENGTH) {
    walker.doubt(`command line longer than ${MAX_COMMAND_LENGTH} characters`);
  } else {
    try {
      walker.runSource(command);
    } catch (err) {
      // A bug here must not turn into "nothing to check": report it as a doubt.
      walker.doubt(`internal error while analyzing the command: ${errorMessage(err)}`);
    }
  }
  const { operands, mentions, uncertain, inlinePrograms, commands, definesFunctions, gitEffects, denials, limits } = walker.result;
  return { operands, mentions, gitEffects, denials, limits, confident: uncertain.length === 0 && limits.length === 0, uncertain: [...uncertain, ...limits], inlinePrograms, commands, definesFunctions };
}
