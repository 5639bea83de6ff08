/**
 * Optional host permissions, asked for one service host at the moment of use.
 * Chrome needs a user gesture and Firefox a user-action handler: `requestHosts`
 * must be called synchronously inside the click (or submit) handler, before any
 * await, with the missing patterns worked out beforehand by `missingHosts`.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { WalletError } from '../shared/errors';
import { call, errorText } from './rpc-client';
import { useAction } from './use-action';
import { localText } from '../shared/local-text';

export async function missingHosts(hosts: readonly string[]): Promise<string[]> {
  const missing: string[] = [];
  for (const origins of hosts) {
    // A pattern outside optional_host_permissions makes contains() throw: count it as missing.
    const held = await browser.permissions.contains({ origins: [origins] }).catch(() => false);
    if (!held) missing.push(origins);
  }
  return missing;
}

const hostNames = (patterns: readonly string[]) => patterns.map((p) => p.replace(/^[a-z]+:\/\/|\/\*$/g, '')).join(', ');

/** Resolves once every pattern is held; rejects with the words to show when the user or browser says no. */
export function requestHosts(missing: readonly string[]): Promise<void> {
  if (missing.length === 0) return Promise.resolve();
  let asked: Promise<boolean>;
  try {
    asked = browser.permissions.request({ origins: [...missing] });
  } catch {
    asked = Promise.reject(new Error('permissions.request failed'));
  }
  return asked.then(
    (granted) => {
      if (!granted) throw new WalletError('host_permission', localText('hostRefused', hostNames(missing)));
    },
    () => {
      throw new WalletError('host_permission', localText('hostNotAllowed', hostNames(missing)));
    },
  );
}

/** The patterns of `hosts` still missing (null while checking) and a `grant()` to call first thing in a click handler. */
export function useHostGrant(hosts: readonly string[]) {
  const [missing, setMissing] = useState<string[] | null>(null);
  const key = hosts.join(' ');
  useEffect(() => {
    let live = true;
    missingHosts(hosts).then(
      (m) => live && setMissing(m),
      () => live && setMissing([...hosts]),
    );
    return () => {
      live = false;
    };
  }, [key]);
  // Until the check answers, ask for all of them: a held permission is granted again without a prompt.
  return { grant: () => requestHosts(missing ?? hosts) };
}

/**
 * A user action that needs the hosts' permission: `runGranted(fn)`, called in the
 * click or submit handler, asks for the missing hosts at once (before any await)
 * and runs `fn` once they are granted; a refusal shows as the action's error.
 */
export function useGrantedAction(hosts: readonly string[]) {
  const action = useAction();
  const { grant } = useHostGrant(hosts);
  const runGranted = <T>(fn: () => Promise<T>) => {
    const granted = grant();
    return action.run(async () => {
      await granted;
      return fn();
    });
  };
  return { ...action, runGranted };
}

/** The host patterns a Lightning destination will contact, still missing, for `text`; `error` if it does not parse. */
export interface DestinationHosts {
  text: string;
  missing: string[];
  error: string;
}

/**
 * While the user types a Lightning destination, the background parses it (no
 * request) and names the hosts it would contact; the click that uses it asks for
 * the missing ones first. Null while checking or when `text` is empty.
 */
export function useDestinationHosts(text: string): DestinationHosts | null {
  const [checked, setChecked] = useState<DestinationHosts | null>(null);
  useEffect(() => {
    if (!text) return setChecked(null);
    let live = true;
    const timer = setTimeout(async () => {
      let next: DestinationHosts;
      try {
        const { hosts } = await call('lightning.hosts', { text });
        next = { text, missing: await missingHosts(hosts), error: '' };
      } catch (err) {
        next = { text, missing: [], error: errorText(err) };
      }
      if (live) setChecked(next);
    }, 150);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);
  return checked?.text === text ? checked : null;
}
