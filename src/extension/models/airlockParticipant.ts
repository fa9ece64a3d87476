// The @airlock chat participant: `#file` and selection references pass decide() before anything
// is read (deny: dropped, with the reason; ask: the user is asked; allow: read), and the request is
// sent through an Airlock model, so the text is also inspected on its way out.
import * as vscode from 'vscode';
import { decideAudited } from '../../core/audit/decideAudited';
import type { PolicyService } from '../policyService';
import { AIRLOCK_VENDOR } from './airlockModelProvider';
import { errorMessage } from '../../core/util/errorMessage';

export const PARTICIPANT_ID = 'airlock.chat';

export interface ParticipantResult extends vscode.ChatResult {
  readonly metadata: { readonly sent: string[]; readonly dropped: string[] };
}

/** Asks the user about an `ask` reference; injectable so a test can answer. */
export type AskUser = (message: string) => Thenable<boolean>;

export const askWithModal: AskUser = (message) => vscode.window.showWarningMessage(message, { modal: true }, 'Send').then((pick) => pick === 'Send');

function target(value: unknown): { uri: vscode.Uri; range?: vscode.Range } | undefined {
  if (value instanceof vscode.Uri) return { uri: value };
  if (value instanceof vscode.Location) return { uri: value.uri, range: value.range };
  return undefined;
}

export function createParticipantHandler(policies: PolicyService, log: vscode.LogOutputChannel, ask: AskUser = askWithModal): vscode.ChatRequestHandler {
  return async (request, _context, stream, token): Promise<ParticipantResult> => {
    const sent: string[] = [];
    const dropped: string[] = [];
    const context: string[] = [];
    for (const ref of request.references) {
      const t = target(ref.value);
      if (!t) {
        if (typeof ref.value === 'string') context.push(ref.value);
        continue;
      }
      const owner = policies.engineForUri(t.uri);
      const label = vscode.workspace.asRelativePath(t.uri);
      if (!owner) {
        dropped.push(label);
        stream.markdown(`Airlock did not send \`${label}\`: it is not in a workspace folder with an Airlock policy.\n\n`);
        continue;
      }
      let decision;
      try {
        decision = decideAudited(owner.engine, { action: 'read', paths: [t.uri.fsPath], actor: 'vscode-participant' }, { client: 'vscode', tool: 'chat-reference' });
      } catch (err) {
        log.error(`[participant] audit failed, reference dropped: ${errorMessage(err)}`);
        dropped.push(label);
        continue;
      }
      let allowed = decision.verdict === 'allow';
      if (decision.verdict === 'ask') allowed = await ask(`Airlock: send ${label} to the model? ${decision.reason}`);
      if (!allowed) {
        dropped.push(label);
        stream.markdown(`Airlock did not send \`${label}\`: ${decision.verdict === 'ask' ? 'you declined' : decision.reason}\n\n`);
        continue;
      }
      const doc = await vscode.workspace.openTextDocument(t.uri);
      const text = t.range ? doc.getText(t.range) : doc.getText();
      context.push(`File ${label}${t.range ? ` (lines ${t.range.start.line + 1}-${t.range.end.line + 1})` : ''}:\n\`\`\`\n${text}\n\`\`\``);
      sent.push(label);
    }
    const model = request.model.vendor === AIRLOCK_VENDOR ? request.model : (await vscode.lm.selectChatModels({ vendor: AIRLOCK_VENDOR }))[0];
    if (!model) {
      stream.markdown('No Airlock model is available: define endpoints in the policy\'s "models" section.');
      return { metadata: { sent, dropped } };
    }
    const prompt = [...context, request.prompt].join('\n\n');
    try {
      const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], {}, token);
      for await (const chunk of response.text) stream.markdown(chunk);
    } catch (err) {
      stream.markdown(`\n\n${errorMessage(err)}`);
    }
    return { metadata: { sent, dropped } };
  };
}
