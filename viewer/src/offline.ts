/**
 * The offline banner. When a request gets no HTTP answer at all (server gone, network down, a map tile
 * that fails to load), a banner says so and the open card is marked stale; the viewer then checks
 * `healthz` every few seconds and lifts both as soon as the server answers again.
 */
import { apiUrl, onConnectivity } from './api.js';
import { byId, h } from './dom.js';
import { t } from './i18n.js';

const RETRY_MS = 4_000;
let offline = false;
let timer: number | undefined;

function render(): void {
  const banner = byId('offline-banner');
  banner.hidden = !offline;
  banner.textContent = offline ? t('offlineBanner') : '';
  const panel = byId('panel');
  panel.toggleAttribute('data-stale', offline);
  panel.querySelector('.stale-label')?.remove();
  const card = panel.querySelector('.card');
  if (offline && card) card.prepend(h('p', { class: 'stale-label', 'data-testid': 'stale-label' }, t('staleCard')));
}

async function check(): Promise<void> {
  try {
    const res = await fetch(apiUrl('healthz'), { cache: 'no-store' });
    if (res.ok) setOnline(true);
  } catch {
    /* still offline: the next check follows */
  }
}

function setOnline(online: boolean): void {
  if (online === !offline) return;
  offline = !online;
  window.clearInterval(timer);
  if (offline) timer = window.setInterval(() => void check(), RETRY_MS);
  render();
}

/** Starts watching: API calls report whether they got an answer; `reportFailure` is for map tiles. */
export function initOffline(): { reportFailure: () => void; refresh: () => void } {
  onConnectivity(setOnline);
  return {
    // A tile error may be a single bad tile: ask the server before raising the banner.
    reportFailure: () => {
      if (offline) return;
      fetch(apiUrl('healthz'), { cache: 'no-store' }).catch(() => setOnline(false));
    },
    // After the panel or the language changed: put the stale label and texts back.
    refresh: render,
  };
}
