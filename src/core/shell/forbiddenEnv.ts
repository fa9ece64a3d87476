// Environment variables an AI's command may not set: they change who git says wrote a commit
// (forged sign-offs and review identities), or which configuration and repository git uses
// (`GIT_CONFIG_*` can set core.fsmonitor, which runs code; `GIT_DIR` points git elsewhere).
const GIT_IDENTITY_ENV = /^GIT_(CONFIG\w*|AUTHOR_\w+|COMMITTER_\w+|DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|CEILING_DIRECTORIES|EXEC_PATH|TEMPLATE_DIR)$/;

/** Why setting `name` is refused, or null when it is allowed. */
export function forbiddenEnvReason(name: string): string | null {
  return GIT_IDENTITY_ENV.test(name) ? `${name} overrides git's identity, configuration or repository; an AI may not set it` : null;
}

/** Environment variables whose value a program later runs as a shell command (git's editor, pager, diff driver; less's preprocessor). */
const COMMAND_ENV_VARS = new Set(['GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'PAGER', 'MANPAGER', 'GIT_EDITOR', 'EDITOR', 'VISUAL', 'GIT_SEQUENCE_EDITOR', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_ASKPASS', 'SSH_ASKPASS', 'GIT_PROXY_COMMAND', 'LESSOPEN', 'LESSCLOSE', 'SYSTEMD_PAGER', 'BROWSER', 'PROMPT_COMMAND']);

/** The command `name`'s value stands for, as a shell would run it; null when it is no such variable. */
export function commandInEnv(name: string, value: string): string | null {
  return COMMAND_ENV_VARS.has(name) ? value.replace(/^[|-]+/, '').replace(/%s/g, 'FILE') : null;
}
