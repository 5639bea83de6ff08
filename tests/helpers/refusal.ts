import { expect } from 'vitest';
import { WalletError } from '../../src/shared/errors';

/** The WalletError a promise rejects with; fails the test if it resolves or rejects with anything else. */
export async function refusal(p: Promise<unknown>): Promise<WalletError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WalletError);
    return err as WalletError;
  }
  throw new Error('expected a refusal');
}
