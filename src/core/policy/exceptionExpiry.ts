// When a policy exception stops applying. Its own module: a hook call that loads the policy from
// the compiled cache needs this, but none of the validator (nor the JSON-with-comments parser).

/** An exception applies through the end of its `expires` day (UTC). */
export function isExpired(expires: string, now: Date): boolean {
  return now.getTime() >= new Date(`${expires}T00:00:00Z`).getTime() + 24 * 3600 * 1000;
}
