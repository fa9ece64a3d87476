// Quick fixes for the policy file as text edits (jsonc-parser keeps comments and formatting):
// remove the exception or the pattern a diagnostic points at.
import { type Edit, findNodeAtOffset, getNodePath, modify, parseTree } from 'jsonc-parser';

export interface PolicyFix {
  readonly title: string;
  readonly edits: Edit[];
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2 } };

/** The removal fix for the exception or rule pattern at `offset`, if there is one. */
export function removalFixAt(text: string, offset: number): PolicyFix | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const node = root && findNodeAtOffset(root, offset, true);
  if (!root || !node) return undefined;
  const path = getNodePath(node);
  if (path[0] === 'exceptions' && typeof path[1] === 'number') {
    return { title: 'Remove this exception', edits: modify(text, ['exceptions', path[1]], undefined, FORMAT) };
  }
  if (path[0] === 'rules' && typeof path[1] === 'number' && path[2] === 'paths' && typeof path[3] === 'number') {
    const paths = node.parent;
    const count = paths?.type === 'array' ? (paths.children?.length ?? 0) : 0;
    if (count <= 1) return { title: 'Remove this rule', edits: modify(text, ['rules', path[1]], undefined, FORMAT) };
    return { title: 'Remove this pattern', edits: modify(text, ['rules', path[1], 'paths', path[3]], undefined, FORMAT) };
  }
  return undefined;
}

