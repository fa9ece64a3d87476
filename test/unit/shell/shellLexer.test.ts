import * as assert from 'node:assert/strict';
import { lexShell, type Token } from '../../../src/core/shell/shellLexer';

/** A compact picture of the tokens: words as their raw text, operators in brackets. */
function shape(tokens: readonly Token[]): string[] {
  return tokens.map((t) => (t.kind === 'word' ? t.raw : t.kind === 'op' ? `[${t.op === '\n' ? 'NL' : t.op}]` : `<${t.fd ?? ''}${t.op} ${t.target?.raw ?? ''}>`));
}

describe('lexShell', () => {
  it('splits words, operators and redirections', () => {
    assert.deepEqual(shape(lexShell('cat a|grep b&&echo c;ls 2>/dev/null >>out <in').tokens), [
      'cat', 'a', '[|]', 'grep', 'b', '[&&]', 'echo', 'c', '[;]', 'ls', '<2> /dev/null>', '<>> out>', '<< in>',
    ]);
  });

  it('keeps quoted text literal and marks it quoted', () => {
    const [word] = lexShell(`'a b'"c\\"d"e\\ f`).tokens;
    assert.equal(word.kind, 'word');
    if (word.kind !== 'word') return;
    assert.deepEqual(word.parts.map((p) => (p.kind === 'text' ? [p.text, p.quoted] : p.kind)), [['a bc"d', true], ['e', false], [' ', true], ['f', false]]);
  });

  it('decodes $\'...\' escapes and flags them', () => {
    const [word] = lexShell("$'\\x2e\\145nv'").tokens;
    assert.ok(word.kind === 'word' && word.parts[0].kind === 'text');
    if (word.kind === 'word' && word.parts[0].kind === 'text') {
      assert.equal(word.parts[0].text, '.env');
      assert.equal(word.parts[0].ansiEscapes, true);
    }
  });

  it('lexes command substitutions recursively, including case patterns and nested quotes', () => {
    const [word] = lexShell('"$(case x in a) cat "a b";; esac)"').tokens;
    assert.ok(word.kind === 'word');
    if (word.kind !== 'word') return;
    const part = word.parts[0];
    assert.equal(part.kind, 'command');
    if (part.kind === 'command') assert.ok(shape(part.tokens).includes('"a b"'));
  });

  it('reads here-document bodies and knows whether the delimiter was quoted', () => {
    const tokens = lexShell("cat <<EOF; cat <<'RAW'\nhello $(id)\nEOF\n$(not run)\nRAW\necho done").tokens;
    const redirs = tokens.filter((t) => t.kind === 'redir');
    assert.equal(redirs.length, 2);
    if (redirs[0].kind === 'redir' && redirs[1].kind === 'redir') {
      assert.equal(redirs[0].heredoc?.text, 'hello $(id)\n');
      assert.equal(redirs[0].heredoc?.quoted, false);
      assert.ok(redirs[0].heredoc?.parts.some((p) => p.kind === 'command'));
      assert.equal(redirs[1].heredoc?.quoted, true);
      assert.deepEqual(redirs[1].heredoc?.parts, []);
    }
    assert.deepEqual(shape(tokens).slice(-2), ['echo', 'done']);
  });

  it('reports unterminated constructs as problems', () => {
    assert.deepEqual(lexShell('echo "abc').problems, ['unterminated double quote']);
    assert.deepEqual(lexShell("echo 'abc").problems, ['unterminated single quote']);
    assert.deepEqual(lexShell('echo `abc').problems, ['unterminated backquote']);
    assert.deepEqual(lexShell('echo $(abc').problems, ['unterminated command substitution']);
    assert.deepEqual(lexShell('cat <<EOF\nno end').problems, ['here-document not terminated by EOF']);
  });

  it('treats # as a comment only at the start of a word', () => {
    assert.deepEqual(shape(lexShell('echo a#b # c').tokens), ['echo', 'a#b']);
  });
});
