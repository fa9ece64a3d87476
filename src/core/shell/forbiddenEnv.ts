// Environment variables an AI's command may not set: they change who git says wrote a commit
// (forged sign-offs and review identities), or which configuration and repository git uses
// (`GIT_CONFIG_*` can set core.fsmonitor, which runs code; `GIT_DIR` points git elsewhere).
const GIT_IDENTITY_ENV = /^GIT_(CONFIG\w*|AUTHOR_\w+|COMMITTER_\w+|DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|NAMESPACE|CEILING_DIRECTORIES|EXEC_PATH|TEMPLATE_DIR)$/;

/** Why setting `name` is refused, or null when it is allowed. */
export function forbiddenEnvReason(name: string): string | null {
  return GIT_IDENTITY_ENV.test(name) ? `${name} overrides git's identity, configuration or repository; an AI may not set it` : null;
}
