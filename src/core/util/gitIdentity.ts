// Who a person is to Airlock: the git identity of the repository (`user.name`/`user.email`), the
// same one that signs the commits, so CLI and editor reviews (and baseline acceptances) read alike.
import { runGit } from './gitRun';

function gitConfig(root: string, key: string): string {
  try {
    return runGit(root, ['config', key]).trim();
  } catch {
    return '';
  }
}

/** `Name <email>`, or undefined when git has neither configured here. */
export function gitReviewer(root: string): string | undefined {
  const name = gitConfig(root, 'user.name');
  const email = gitConfig(root, 'user.email');
  if (name === '' && email === '') return undefined;
  return email === '' ? name : name === '' ? `<${email}>` : `${name} <${email}>`;
}

/** `user.email`, or undefined when not configured. */
export function gitEmail(root: string): string | undefined {
  return gitConfig(root, 'user.email') || undefined;
}

/** `user.signingkey` (a key file, or `key::<public key>`), or undefined. */
export function gitSigningKey(root: string): string | undefined {
  return gitConfig(root, 'user.signingkey') || undefined;
}
