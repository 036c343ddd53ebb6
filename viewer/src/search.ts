import { api, type AddressSuggestion } from './api.js';
import { problemMessage } from './account.js';
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
  // Visible under the field: "no addresses found" or why the search failed; also read out (role=status).
  const status = h('p', { class: 'search-message', role: 'status', 'aria-live': 'polite', 'data-testid': 'search-message', hidden: true });
  const say = (text: string, mode: 'visible' | 'error' | 'screen-reader' | 'none'): void => {
    status.textContent = text;
    status.hidden = mode === 'none';
    status.classList.toggle('visually-hidden', mode === 'screen-reader');
    status.classList.toggle('error', mode === 'error');
  };

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
      say('', 'none');
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
      // With results the list speaks for itself; the count is only for screen readers.
      if (results.length > 0) say(t(results.length === 1 ? 'searchResultsOne' : 'searchResults', { n: results.length }), 'screen-reader');
      else say(t('searchNoResults'), 'visible');
    } catch (error) {
      if (mine.signal.aborted || (error instanceof DOMException && error.name === 'AbortError')) return;
      results = [];
      setOpen(false);
      say(`${t('searchError')}: ${problemMessage(error)}`, 'error');
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
          choose(Math.max(active, 0));
        }
        break;
      case 'Escape':
        // The first Escape only closes the list (the browser would also empty a search field); a second one clears.
        e.preventDefault();
        if (open) setOpen(false);
        else {
          input.value = '';
          results = [];
          say('', 'none');
        }
        break;
      default:
        break;
    }
  });
  input.addEventListener('blur', () => {
    setOpen(false);
    say('', 'none');
  });

  const relabel = (): void => {
    label.textContent = t('searchLabel');
    input.placeholder = t('searchPlaceholder');
  };
  relabel();

  return {
    element: h('div', { class: 'search', role: 'search' }, label, h('div', { class: 'search-field' }, input, listbox, status)),
    relabel,
  };
}
