// Files where `key = value` lines are configuration, so a secret-named key with a random value is
// probably a credential. In source code the same shape is too often a test or a constant.

const CONFIG_BASENAME =
  /^(?:\.env(?:\..+)?|.+\.env|.+\.(?:properties|tfvars|ini|cfg|conf|toml)|\.npmrc|\.pypirc|\.netrc|\.gitlab-ci\.ya?ml|(?:docker-)?compose(?:[.-].+)?\.ya?ml|application(?:[.-].+)?\.(?:ya?ml|properties)|bitbucket-pipelines\.ya?ml|azure-pipelines\.ya?ml|\.travis\.ya?ml|terraform\.tfvars\.json|.+\.auto\.tfvars\.json)$/i;
const CI_DIR = /(?:^|\/)(?:\.github\/workflows|\.github\/actions\/[^/]+|\.circleci|\.buildkite)\/[^/]+\.ya?ml$/i;

/** Whether the generic secret rule applies to this workspace-relative path. */
export function isConfigLikePath(relPath: string): boolean {
  const slash = relPath.lastIndexOf('/');
  const base = relPath.slice(slash + 1);
  return CONFIG_BASENAME.test(base) || CI_DIR.test(relPath);
}
