/**
 * Which web origin a relayed request comes from, read from the browser's sender
 * record only (never from the message). Secure contexts only: https, or http on
 * loopback; a frame of another origin than its top page is refused, so an embedded
 * page cannot borrow the permission of the site around it.
 */
import { DappError } from '../../dapp/family';

/** The part of `runtime.MessageSender` the check needs. */
export interface DappSender {
  id?: string;
  url?: string;
  /** Chrome gives it; Firefox does not, so the frame's URL is the fallback. */
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1']);

/** scheme://host[:port] of a URL the wallet answers, or null for any other. */
export function allowedOrigin(url: string | undefined): string | null {
  if (typeof url !== 'string') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'https:' && parsed.hostname !== '') return parsed.origin;
  if (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)) return parsed.origin;
  return null;
}

/** The requesting origin, or DappError('unauthorized'). `selfId`: this extension's id (content scripts carry it). */
export function senderOrigin(sender: DappSender, selfId: string): string {
  const refuse = () => new DappError('unauthorized', 'This page may not use the wallet.');
  if (sender.id !== selfId || !sender.tab || typeof sender.tab.id !== 'number' || typeof sender.frameId !== 'number') throw refuse();
  const fromUrl = allowedOrigin(sender.url);
  // sender.origin names the document's real origin (a sandboxed frame's is "null"); the URL alone could not tell.
  const origin = sender.origin !== undefined ? allowedOrigin(sender.origin) : fromUrl;
  if (!origin || origin !== fromUrl) throw refuse();
  if (sender.frameId !== 0 && allowedOrigin(sender.tab.url) !== origin) throw refuse();
  return origin;
}
