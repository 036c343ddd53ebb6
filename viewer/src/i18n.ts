/** Every UI text goes through {@link t} and the one dictionary in `messages.ts`. Dutch is the default, English the switch. */
import { en, nl, type MessageKey } from './messages.js';

export type { MessageKey } from './messages.js';

export type Lang = 'nl' | 'en';

const dictionaries: Record<Lang, Record<MessageKey, string>> = { nl, en };
const STORAGE_KEY = 'funderingsrisico.lang';
let current: Lang = 'nl';
const listeners = new Set<() => void>();

/** Reads the language from the route (`lang=` in the hash), `?lang=`, then local storage; Dutch otherwise. */
export function initLang(fromRoute: Lang | null = null): Lang {
  const fromQuery = fromRoute ?? new URLSearchParams(location.search).get('lang');
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    stored = null;
  }
  const wanted = fromQuery ?? stored;
  current = wanted === 'en' ? 'en' : 'nl';
  document.documentElement.lang = current;
  return current;
}

/** The current language. */
export function getLang(): Lang {
  return current;
}

/** Switches language, remembers it and tells every listener to re-render. */
export function setLang(lang: Lang): void {
  current = lang;
  document.documentElement.lang = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* private mode: the switch still works for this page */
  }
  for (const listener of listeners) listener();
}

/** Registers a re-render callback for language changes; returns an unsubscribe function. */
export function onLangChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Looks up a message and fills `{placeholders}`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const text = dictionaries[current][key] ?? nl[key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Looks up a message by a key built at run time (e.g. a source or foundation type); falls back to the raw value. */
export function tMaybe(key: string, fallback: string): string {
  return key in nl ? t(key as MessageKey) : fallback;
}

/** Picks the API's Dutch or English label. */
export function pick(labelNl: string | null | undefined, labelEn: string | null | undefined): string {
  return (current === 'en' ? labelEn || labelNl : labelNl || labelEn) ?? '';
}
