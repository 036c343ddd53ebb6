import { meSettled, needsSignIn, problemMessage, signInForm } from './account.js';
import { ApiError, type RiskClass } from './api.js';
import { h } from './dom.js';
import { t, type MessageKey } from './i18n.js';
import { CLASS_COLORS, NO_DATA_COLOR, textOn } from './metrics.js';

/** A coloured letter badge for a risk class, readable without colour (the letter itself). */
export function classBadge(cls: RiskClass | null, large = false): HTMLElement {
  const color = cls ? CLASS_COLORS[cls] : NO_DATA_COLOR;
  return h(
    'span',
    { class: large ? 'badge badge-large' : 'badge', style: `background:${color};color:${textOn(color)}`, 'data-class': cls ?? '' },
    cls ?? '–',
  );
}

/** A panel section with a heading. */
export function section(title: string, ...children: (Node | null)[]): HTMLElement {
  return h('section', { class: 'section' }, h('h3', {}, title), ...children);
}

/** A loading placeholder. */
export function loadingView(): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, t('loading'));
}

let errorForms = 0;

/** An error message in the UI's language (announced); with a key form when signing in would help. */
export function errorView(error: unknown): HTMLElement {
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const message = h('p', { class: 'error', role: 'alert', 'data-code': code }, problemMessage(error));
  // A 403 names the user's role, which `GET /v1/me` may still be fetching: say it again once it is known.
  if (code === 'FORBIDDEN')
    void meSettled().then(() => {
      message.textContent = problemMessage(error);
    });
  if (!needsSignIn(error)) return message;
  errorForms += 1;
  return h('div', { class: 'error-box' }, message, signInForm(`error-${errorForms}`));
}

const VERDICT_SHORT: Record<string, MessageKey> = {
  problem: 'setProblem',
  'no-problem': 'setNoProblem',
  uncertain: 'setUncertain',
};

/** The 95 % set itself, in a few words ("{probleem}"), for tables. */
export function verdictShort(verdict: string): string {
  return t(VERDICT_SHORT[verdict] ?? 'setUncertain');
}
