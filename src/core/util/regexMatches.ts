// Every match of a global (or sticky) regex in a text, from the start. Lazy, so a loop body that
// moves `lastIndex` (to skip past what it consumed, or to look again one character on) steers
// the next match, as with a hand-written exec() loop.

export function* regexMatches(regex: RegExp, text: string): Generator<RegExpExecArray> {
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) yield m;
}
