import { api, type AddressSuggestion } from './api.js';
import { h } from './dom.js';
import { t } from './i18n.js';

/**
 * Address autocomplete following the WAI-ARIA combobox pattern (list autocomplete): arrows move through
 * the suggestions, Enter chooses, Escape closes (and clears on a second press).
 */
export interface SearchBox {
  element: HTMLElement;
  /** Re-applies texts after a language switch. */
  relabel: () => void;
}

export function createSearch(onChoose: (s: AddressSuggestion) => void): SearchBox {
  const label = h('label', { for: 'search-input', class: 'search-label' });
  const input = h('input', {
    id: 'search-input',
    type: 'search',
    role: 'combobox',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': 'search-listbox',
  });
  const listbox = h('ul', { id: 'search-listbox', role: 'listbox', class: 'suggestions', hidden: true });
  const status = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });

  let results: AddressSuggestion[] = [];
  let active = -1;
  let timer: number | undefined;
  let controller: AbortController | undefined;

  const setOpen = (open: boolean): void => {
    listbox.hidden = !open;
    input.setAttribute('aria-expanded', String(open));
    if (!open) {
      active = -1;
      input.removeAttribute('aria-activedescendant');
    }
  };

  const renderList = (): void => {
    listbox.replaceChildren(
      ...results.map((r, i) =>
        h(
          'li',
          {
            id: `search-option-${i}`,
            role: 'option',
            'aria-selected': String(i === active),
            class: i === active ? 'active' : '',
            onmousedown: (e: Event) => e.preventDefault(),
            onclick: () => choose(i),
          },
          r.label,
        ),
      ),
    );
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', `search-option-${active}`);
      listbox.children[active]?.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };

  const choose = (i: number): void => {
    const chosen = results[i];
    if (!chosen) return;
    input.value = chosen.label;
    setOpen(false);
    onChoose(chosen);
  };

  const query = async (q: string): Promise<void> => {
    controller?.abort();
    if (q.trim().length < 2) {
      results = [];
      setOpen(false);
      return;
    }
    controller = new AbortController();
    const mine = controller;
    try {
      const answer = await api.search(q, mine.signal);
      if (mine.signal.aborted) return;
      results = answer.results;
      active = -1;
      renderList();
      setOpen(results.length > 0);
      status.textContent = results.length > 0 ? t('searchResults', { n: results.length }) : t('searchNoResults');
    } catch (error) {
      if (mine.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) return;
      results = [];
      setOpen(false);
      status.textContent = t('searchError');
    }
  };

  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void query(input.value), 120);
  });
  input.addEventListener('keydown', (e) => {
    const open = !listbox.hidden;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open && results.length > 0) setOpen(true);
        active = results.length === 0 ? -1 : (active + 1) % results.length;
        renderList();
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!open && results.length > 0) setOpen(true);
        active = results.length === 0 ? -1 : (active - 1 + results.length) % results.length;
        renderList();
        break;
      case 'Enter':
        if (open && results.length > 0) {
          e.preventDefault();
          choose(active >= 0 ? active : 0);
        }
        break;
      case 'Escape':
        if (open) setOpen(false);
        else input.value = '';
        break;
      default:
        break;
    }
  });
  input.addEventListener('blur', () => setOpen(false));

  const relabel = (): void => {
    label.textContent = t('searchLabel');
    input.placeholder = t('searchPlaceholder');
  };
  relabel();

  return { element: h('div', { class: 'search', role: 'search' }, label, h('div', { class: 'search-field' }, input, listbox), status), relabel };
}
