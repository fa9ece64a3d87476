// Errors and refusals in the client's own wire format, so every client shows the reason.
import type { ModelApi } from '../policy/modelPolicyTypes';

export function wireError(api: ModelApi, status: number, message: string): { status: number; body: string } {
  const text = `Airlock: ${message}`;
  if (api === 'anthropic') {
    const type = status === 403 ? 'permission_error' : status === 404 ? 'not_found_error' : status === 401 ? 'authentication_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    return { status, body: JSON.stringify({ type: 'error', error: { type, message: text } }) };
  }
  const code = status === 403 ? 'airlock_refused' : status === 401 ? 'invalid_api_key' : status >= 500 ? 'airlock_gateway_error' : 'invalid_request_error';
  return { status, body: JSON.stringify({ error: { message: text, type: code, param: null, code } }) };
}
