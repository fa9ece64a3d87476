import type { Session } from '../auth/session';

export interface Receipt {
  readonly id: string;
  readonly cents: number;
}

export async function charge(session: Session, cents: number): Promise<Receipt> {
  if (cents <= 0) throw new Error('amount must be positive');
  const response = await fetch(`${process.env.PAYMENTS_API_BASE}/charges`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-session': session.token },
    body: JSON.stringify({ user: session.userId, cents }),
  });
  return (await response.json()) as Receipt;
}
