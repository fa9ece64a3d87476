// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The floors of src/core, lowest first. A folder may import its own floor and the floors below;
 * an import from a higher floor fails `npm run lint` (docs/ARCHITECTURE.md, "Floors").
 */
export const CORE_FLOORS = [
  ['paths', 'util', 'words'],
  ['workspace', 'search'],
  ['secrets'],
  ['policy'],
  ['shell'],
  ['decide'],
  ['audit'],
  ['native'],
  ['launcher'],
  ['sandbox', 'sync'],
  ['hook'],
  ['provenance'],
  ['risk', 'models'],
  ['tools', 'gateway', 'telemetry', 'org', 'check', 'explain'],
];
/** The policy's words: ground-floor files that every floor may cite (they import only each other and the ground). */
export const POLICY_WORDS = ['policyRefs', 'policyTypes', 'syncTargets', 'modelPolicyTypes', 'verdictOrder'];

const VSCODE_IN_CORE = { name: 'vscode', message: 'src/core must not import vscode; put editor code in src/extension.' };
const SHELLS = { group: ['**/extension/**', '**/cli/**'], message: 'core must not depend on its shells.' };

function upward(folders, message, allowPolicyWords) {
  const group = folders.map((f) => `**/${f}/**`);
  if (allowPolicyWords && folders.includes('policy')) group.push(...POLICY_WORDS.map((w) => `!**/policy/${w}`));
  return { group, message };
}

function coreFloorConfigs() {
  const configs = [{ files: ['src/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', { paths: [VSCODE_IN_CORE], patterns: [SHELLS] }] } }];
  CORE_FLOORS.forEach((floor, i) => {
    const above = CORE_FLOORS.slice(i + 1).flat();
    if (!above.length) return;
    const message = `core/${floor.join(', core/')} is floor ${i}: it may not import ${above.join(', ')} (a higher floor; move the shared word down, see docs/ARCHITECTURE.md).`;
    configs.push({
      files: floor.map((f) => `src/core/${f}/**/*.ts`),
      rules: { 'no-restricted-imports': ['error', { paths: [VSCODE_IN_CORE], patterns: [SHELLS, upward(above, message, true)] }] },
    });
  });
  const notGround = CORE_FLOORS.slice(1).flat();
  configs.push({
    files: POLICY_WORDS.map((w) => `src/core/policy/${w}.ts`),
    rules: {
      'no-restricted-imports': ['error', {
        paths: [VSCODE_IN_CORE],
        patterns: [SHELLS, { group: [...notGround.map((f) => `**/${f}/**`), './*', ...POLICY_WORDS.map((w) => `!./${w}`)], message: 'The policy words are ground floor: they import only each other and core/paths, core/util, core/words.' }],
      }],
    },
  });
  return configs;
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/fixtures/**', '.vscode-host/**', 'example/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true, named: true, defaultFrom: true, namedFrom: true, namespaceFrom: true } }],
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always'],
    },
  },
  // The engine must stay editor-free (core is shared by the CLI, the hook and CI), and its folders
  // import only downward: see "Floors" in docs/ARCHITECTURE.md.
  ...coreFloorConfigs(),
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'The CLI runs without VS Code.' }] }],
    },
  },
  {
    files: ['test/unit/**/*.ts', 'test/bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Unit tests run in plain Node; use test/integration for the real host.' }] }],
    },
  },
);
