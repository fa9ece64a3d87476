// Who signs a review: the git identity of the repository (`user.name`/`user.email`), the same one
// that signs the commits, so CLI and editor reviews read alike.
import { execFileSync } from 'node:child_process';

/** `Name <email>`, or undefined when git has neither configured here. */
export function gitReviewer(root: string): string | undefined {
  const read = (key: string): string => {
    try {
      return execFileSync('git', ['config', key], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const name = read('user.name');
  const email = read('user.email');
  if (name === '' && email === '') return undefined;
  return email === '' ? name : name === '' ? `<${email}>` : `${name} <${email}>`;
}
