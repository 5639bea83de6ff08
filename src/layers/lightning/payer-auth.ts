/**
 * LUD-18 `auth` asks the wallet to sign the service's k1 with the LNURL-auth
 * linking key, which logs the payer in at that domain. Only the login
 * confirmation (the screen that names the domain, like LNURL-auth's) gives a
 * consent here; a pay request carries no flag that could stand in for it. A
 * consent is for one pay link, used by one payment, and lapses after a while.
 * It lives in the worker's memory: a restarted worker asks again.
 */
const CONSENT_MS = 10 * 60_000;

export class PayerAuthConsents {
  private readonly given = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  give(domain: string, payLinkUrl: string): void {
    this.given.set(key(domain, payLinkUrl), this.now() + CONSENT_MS);
  }

  has(domain: string, payLinkUrl: string): boolean {
    return (this.given.get(key(domain, payLinkUrl)) ?? 0) > this.now();
  }

  /** True once per consent: the payment that signs uses it up. */
  take(domain: string, payLinkUrl: string): boolean {
    const ok = this.has(domain, payLinkUrl);
    this.given.delete(key(domain, payLinkUrl));
    return ok;
  }
}

function key(domain: string, payLinkUrl: string): string {
  return `${domain} ${new URL(payLinkUrl).toString()}`;
}
