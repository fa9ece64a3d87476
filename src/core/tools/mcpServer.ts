// `airlock mcp`: Airlock's governed tools as a Model Context Protocol server on stdio (newline-
// delimited JSON-RPC 2.0). Written by hand rather than with @modelcontextprotocol/sdk: the four
// methods a tools-only server needs are a page of code, and the server starts with nothing more to
// load than the policy. An `ask` verdict is refused here: MCP gives a server no way to ask.
import type { PolicyEngine } from '../policy/policyEngine';
import { SecretMasker } from '../models/secretMasks';
import { type GovernedToolInput, runGovernedTool } from './governedTools';
import { TOOL_DEFINITIONS } from './toolDefinitions';
import { livePolicy } from '../models/livePolicy';

const PROTOCOL_VERSION = '2025-06-18';

interface RpcRequest {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: Record<string, unknown>;
}

export interface McpServerOptions {
  readonly engine: () => PolicyEngine;
  readonly version: string;
  readonly write: (line: string) => void;
}

/** Handles one message; returns the response to write (nothing for notifications). */
export function handleMcpMessage(line: string, opts: McpServerOptions, masker: SecretMasker): object | null {
  let msg: RpcRequest;
  try {
    msg = JSON.parse(line) as RpcRequest;
  } catch {
    return { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'parse error' } };
  }
  const id = msg.id;
  if (id === undefined || id === null) return null;
  const ok = (result: object): object => ({ jsonrpc: '2.0', id, result });
  switch (msg.method) {
    case 'initialize':
      return ok({
        protocolVersion: typeof msg.params?.protocolVersion === 'string' ? msg.params.protocolVersion : PROTOCOL_VERSION,
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: 'airlock', version: opts.version },
        instructions: 'Use these tools to read, search, list and edit workspace files: they apply the Airlock policy.',
      });
    case 'ping':
      return ok({});
    case 'tools/list':
      return ok({ tools: TOOL_DEFINITIONS.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })) });
    case 'tools/call': {
      const def = TOOL_DEFINITIONS.find((t) => t.name === msg.params?.name);
      if (!def) return { jsonrpc: '2.0', id, error: { code: -32602, message: `unknown tool ${String(msg.params?.name)}` } };
      const args = (msg.params?.arguments ?? {}) as GovernedToolInput;
      const out = runGovernedTool({ engine: opts.engine(), client: 'mcp', masker }, def.tool, args, false);
      return ok({ content: [{ type: 'text', text: out.text }], isError: !out.ok });
    }
    default:
      return { jsonrpc: '2.0', id, error: { code: -32601, message: `method not found: ${String(msg.method)}` } };
  }
}

/** Serves stdin until it ends. */
export function serveMcp(input: NodeJS.ReadableStream, opts: McpServerOptions): Promise<void> {
  const masker = new SecretMasker();
  let buffer = '';
  return new Promise((resolve) => {
    input.setEncoding('utf8');
    input.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const reply = handleMcpMessage(line, opts, masker);
        if (reply) opts.write(`${JSON.stringify(reply)}\n`);
      }
    });
    input.on('end', () => resolve());
  });
}

/** `airlock mcp`: the tools over the workspace's policy, re-read when it changes, until `input` ends. */
export function serveWorkspaceMcp(input: NodeJS.ReadableStream, opts: { root: string; env: NodeJS.ProcessEnv; version: string; write: (line: string) => void }): Promise<void> {
  return serveMcp(input, { engine: livePolicy(opts.root, opts.env), version: opts.version, write: opts.write });
}

