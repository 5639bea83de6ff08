import { useState } from 'preact/hooks';
import { WalletError } from '../shared/errors';
import { errorText } from './rpc-client';

/**
 * The busy flag and error text of a user action: `run(fn)` clears the error, marks
 * busy, and turns a thrown WalletError into its message. Returns fn's result, or
 * undefined when it failed.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError('');
    try {
      return await fn();
    } catch (err) {
      setError(errorText(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

/** A form's submit handler that prevents the page reload and runs the action. */
export function onSubmit(fn: () => unknown) {
  return (e: Event) => {
    e.preventDefault();
    void fn();
  };
}

/**
 * Sends what the user reviewed; when the background answers that the fee no longer
 * holds (`fee_changed`, nothing sent), shows a fresh review and rethrows, so the
 * reason appears on the new review rather than the old one.
 */
export async function sendReviewed<T>(send: () => Promise<T>, reviewAgain: () => Promise<void>): Promise<T> {
  try {
    return await send();
  } catch (err) {
    if (err instanceof WalletError && err.code === 'fee_changed') await reviewAgain();
    throw err;
  }
}
