/** UI strings come from `_locales/<lang>/messages.json` through the browser's i18n API. */
import browser from 'webextension-polyfill';

export function t(key: string, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}
