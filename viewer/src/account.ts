/**
 * Signing in: the header's account widget, the key form, and the words for the access errors the API
 * answers with (401 AUTHENTICATION_REQUIRED / INVALID_KEY, 403 FORBIDDEN, 429 RATE_LIMITED). Buurt
 * figures are open; address-level answers need a key. The viewer never blocks a call itself: it sends
 * the key when it has one and explains the server's answer, so it works with and without access control.
 */
import { ApiError, NETWORK_ERROR, api } from './api.js';
import { apiKey, signIn, signOut } from './auth.js';
import { h } from './dom.js';
import { t, type MessageKey } from './i18n.js';

/** Who the key belongs to, once `GET /v1/me` has answered; null when unknown (or the server has no /v1/me). */
let me: { name: string; role: string } | null = null;
let meProblem: 'invalid' | null = null;
/** The `GET /v1/me` call in flight (or done), so a message that names the role can wait for it. */
let meAsked: Promise<void> = Promise.resolve();

/** Resolves once the latest `GET /v1/me` has answered (at once when none is in flight). */
export function meSettled(): Promise<void> {
  return meAsked;
}

/** The role of the signed-in user, if known (for the 403 message). */
export function currentRole(): string | null {
  return me?.role ?? null;
}

/** Asks the API who the key belongs to; an expired or revoked key signs the tab out with a message. */
export function refreshMe(): Promise<void> {
  meAsked = askMe();
  return meAsked;
}

async function askMe(): Promise<void> {
  me = null;
  // Signed out: keep the reason (an expired key) so the invitation can say it.
  if (!apiKey()) return;
  meProblem = null;
  try {
    me = await api.me();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      meProblem = 'invalid';
      signOut();
    }
    // 404 (a server without access control) or a network error: stay signed in, name unknown.
  }
}

/** A form to enter a key; `idSuffix` keeps ids unique when two forms are on the page. */
export function signInForm(idSuffix: string): HTMLElement {
  const id = `key-input-${idSuffix}`;
  const input = h('input', { id, type: 'password', autocomplete: 'off', spellcheck: 'false', required: true });
  const form = h(
    'form',
    { class: 'sign-in-form', 'data-testid': 'sign-in-form' },
    h('label', { for: id }, t('keyLabel')),
    h('div', { class: 'sign-in-row' }, input, h('button', { type: 'submit' }, t('signIn'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (input.value.trim()) signIn(input.value);
  });
  return form;
}

/** What signing in gives, with the form: shown on the intro panel while signed out. */
export function signInInvitation(): HTMLElement {
  return h(
    'section',
    { class: 'sign-in', 'data-testid': 'sign-in-invitation' },
    h('h3', {}, t('signInTitle')),
    meProblem === 'invalid' ? h('p', { class: 'error', role: 'alert' }, t('authInvalidKey')) : null,
    h('p', {}, t('signInGives')),
    signInForm('intro'),
  );
}

/** The header widget: the signed-in name and role with "sign out", or a "sign in" link to the form. */
export function accountWidget(onSignInClick: () => void): HTMLElement {
  if (apiKey()) {
    const who = me ? t('signedInAs', { name: me.name, role: me.role }) : t('signedIn');
    return h(
      'div',
      { class: 'account', 'data-testid': 'account' },
      h('span', { class: 'account-name' }, who),
      h('button', { type: 'button', onclick: () => signOut() }, t('signOut')),
    );
  }
  return h('div', { class: 'account', 'data-testid': 'account' }, h('button', { type: 'button', onclick: onSignInClick }, t('signIn')));
}

const CODE_MESSAGES: Record<string, MessageKey> = {
  [NETWORK_ERROR]: 'errorNetwork',
  AUTHENTICATION_REQUIRED: 'authRequired',
  INVALID_KEY: 'authInvalidKey',
  RATE_LIMITED: 'authRateLimited',
};

/** The message for an API error in the UI's language (never the browser's English "Failed to fetch"). */
export function problemMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return t('loadError', { detail: error instanceof Error ? error.message : String(error) });
  if (error.code === 'FORBIDDEN' || error.status === 403) return t('authForbidden', { role: currentRole() ?? t('unknown') });
  const key = CODE_MESSAGES[error.code];
  if (key) return t(key);
  if (error.status === 401) return t('authRequired');
  if (error.status === 429) return t('authRateLimited');
  return t('loadError', { detail: error.detail || error.title || `HTTP ${error.status}` });
}

/** True for errors that signing in (again) can fix. */
export function needsSignIn(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
