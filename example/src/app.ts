import { createSession } from './auth/session';
import { charge } from './payments/charge';
import { formatAmount } from './util/format';

export async function checkout(userId: string, cents: number): Promise<string> {
  const session = createSession(userId);
  const receipt = await charge(session, cents);
  return `Charged ${formatAmount(cents)} (receipt ${receipt.id})`;
}
