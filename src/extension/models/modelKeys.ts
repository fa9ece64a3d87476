// Where the editor finds an endpoint's key: the environment variable the policy names, or the
// editor's secret storage (set with "Airlock: Set Model Endpoint Key"). Never the policy file.
import * as vscode from 'vscode';
import type { ModelEndpoint } from '../../core/policy/modelPolicyTypes';

const SECRET_PREFIX = 'airlock.modelKey.';

export class ModelKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async keyFor(endpoint: ModelEndpoint): Promise<string | undefined> {
    if (endpoint.keySecret) {
      const stored = await this.secrets.get(SECRET_PREFIX + endpoint.keySecret);
      if (stored) return stored;
    }
    if (endpoint.keyEnv) {
      const fromEnv = process.env[endpoint.keyEnv];
      if (fromEnv) return fromEnv;
    }
    if (endpoint.keySecret || endpoint.keyEnv) {
      throw new Error(`Airlock: no key for model endpoint "${endpoint.name}": ${endpoint.keySecret ? `run "Airlock: Set Model Endpoint Key" for "${endpoint.keySecret}"` : `set ${endpoint.keyEnv} in the editor's environment`}`);
    }
    return undefined;
  }

  async store(name: string, key: string): Promise<void> {
    await this.secrets.store(SECRET_PREFIX + name, key);
  }
}
