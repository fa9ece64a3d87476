// Which commit co-authors are AI tools: recognised by the bot / no-reply identities the vendors
// commit with, never by a display name (people are called Claude, Devin, Jules or Gemini too).

export interface AiIdentity {
  /** The tool id annotations use. */
  readonly tool: string;
}

/** Exact no-reply addresses vendors put in `Co-authored-by:`. */
const EMAILS: Readonly<Record<string, string>> = {
  'noreply@anthropic.com': 'claude-code',
  'cursoragent@cursor.com': 'cursor',
  'noreply@aider.chat': 'aider',
  'amp@ampcode.com': 'amp',
  'noreply@opencode.ai': 'opencode',
  'codex@openai.com': 'codex',
};

/** GitHub logins of AI apps and bots, seen as `[<id>+]<login>@users.noreply.github.com`. */
const GITHUB_LOGINS: Readonly<Record<string, string>> = {
  copilot: 'github-copilot',
  'copilot-swe-agent[bot]': 'github-copilot',
  'github-copilot[bot]': 'github-copilot',
  'chatgpt-codex-connector[bot]': 'codex',
  'devin-ai-integration[bot]': 'devin',
  'gemini-code-assist[bot]': 'gemini',
  'google-labs-jules[bot]': 'jules',
  'cursor[bot]': 'cursor',
  'claude[bot]': 'claude-code',
};

/** The AI tool behind a `Name <email>` identity, or undefined for everyone else. */
export function aiIdentityOf(identity: string): AiIdentity | undefined {
  const email = /<([^<>]+)>\s*$/.exec(identity)?.[1]?.trim().toLowerCase();
  if (email === undefined) return undefined;
  const exact = EMAILS[email];
  if (exact !== undefined) return { tool: exact };
  const github = /^(?:\d+\+)?([^@]+)@users\.noreply\.github\.com$/.exec(email);
  const login = github?.[1];
  const tool = login === undefined ? undefined : GITHUB_LOGINS[login];
  return tool === undefined ? undefined : { tool };
}
