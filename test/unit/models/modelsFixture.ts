// A policy with a models section, shared by the models tests.

/** secret: refused everywhere; restricted: the internal endpoint only; everything else anywhere. */
export const MODELS_POLICY = `{
  "version": 1,
  "rules": [
    { "paths": ["secrets/", ".env"], "class": "secret" },
    { "paths": ["src/auth/"], "class": "restricted" }
  ],
  "models": {
    "endpoints": {
      "internal": { "api": "openai", "url": "https://llm.internal.example/v1", "keyEnv": "INTERNAL_LLM_KEY", "models": ["coder"] },
      "cloud": { "api": "anthropic", "url": "https://api.anthropic.com", "keyEnv": "ANTHROPIC_API_KEY" }
    },
    "classes": {
      "restricted": ["internal"],
      "secret": { "endpoints": [], "onMatch": "refuse" }
    }
  }
}`;
