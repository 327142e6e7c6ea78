"""The page's own JavaScript: citation and library clicks, scrolling to a new answer or a quote, the length counter."""
from __future__ import annotations

from ingest.settings import MAX_QUESTION_CHARS

# Clicks on source cards (and on [n] chips in the chat, via one document-level listener) send the
# "turn-n" of the citation to Python through this component's click event.
SOURCES_JS = """
window.__twqaOpenCite = (cite) => trigger('click', {cite: cite});
if (!window.__twqaCiteClicks) {
  window.__twqaCiteClicks = true;
  // a click inside a card's "Details" only opens the details; a card, its title or an [n] opens the article
  const pick = (e) => (e.target && e.target.closest && !e.target.closest('.twqa-details'))
    ? e.target.closest('[data-cite], a[href^="#cite-"], [id^="twqa-chatcard-"]') : null;
  // the cite ("turn-n") an element names: data-cite (side panel), a "#cite-" link or a chat card's id
  const citeOf = (el) => el.dataset.cite || (el.getAttribute('href') || '').slice(6)
    || el.id.replace('twqa-chatcard-', '');
  document.addEventListener('click', (e) => {
    const back = e.target.closest && e.target.closest('[data-back]');
    if (back) { e.preventDefault(); window.__twqaBack(back.dataset.back); return; }
    const copy = e.target.closest && e.target.closest('.twqa-copy');
    if (copy) { e.preventDefault(); window.__twqaCopy(copy); return; }
    const el = pick(e);
    if (!el) return;
    e.preventDefault(); e.stopPropagation();
    window.__twqaOpenCite(citeOf(el));
  }, true);
  document.addEventListener('keydown', (e) => {
    const el = pick(e);
    if (el && el.tagName !== 'BUTTON' && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault(); window.__twqaOpenCite(citeOf(el));
    }
  });
  // "Back to the answer": focus the [n] chip that opened the article (else its source card) again
  window.__twqaBack = (cite) => {
    // (the chat's sanitizer drops data-* attributes from chips: they are found by their href)
    const target = document.querySelector(`#twqa-chat a[href="#cite-${cite}"]`)
      || document.querySelector(`#twqa-card-${cite} button`) || document.querySelector('#twqa-question textarea');
    if (target) { target.scrollIntoView({block: 'center'}); target.focus({preventScroll: true}); }
  };
  window.__twqaCopy = (button) => {
    const text = document.querySelector('#twqa-sources .twqa-copy-text');
    const said = document.querySelector('#twqa-sources .twqa-copy-said');
    if (!text) return;
    const done = (ok) => { if (said) said.textContent = ok ? 'Copied: paste it into a message or a note.'
                                                         : 'Copy failed: select the text below and copy it.'; };
    const fallback = () => { text.hidden = false; text.select(); let ok = false;
                             try { ok = document.execCommand('copy'); } catch (err) {} done(ok); };
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(text.value).then(() => done(true), fallback);
    else fallback();
  };
}
"""
LIBRARY_JS = """
// each article's title is a button (Enter and Space click it); a click anywhere on its entry opens it too
element.addEventListener('click', (e) => {
  const row = e.target.closest('[data-doc]');
  if (row) { e.preventDefault(); trigger('click', {doc: row.dataset.doc}); }
});
"""
# After an answer: bring the new message's top (its notices) into view, not its end; on a phone the
# red banner sat 102 px above the screen while the chat showed the answer's last line. The chat box
# scrolls first; the page moves only when the message's top is still out of sight.
SHOW_NEW_ANSWER_JS = """
() => setTimeout(() => {
  // a refused question (empty, too long) added no message: its error line, right under the box, comes into view
  const error = document.querySelector('#twqa-status .twqa-status-error');
  if (error) { error.scrollIntoView({block: 'nearest'}); return; }
  const all = document.querySelectorAll('#twqa-chat .twqa-msg'), last = all[all.length - 1];
  if (!last) return;
  let box = last.parentElement;
  while (box && box !== document.body) {
    const overflow = getComputedStyle(box).overflowY;
    if ((overflow === 'auto' || overflow === 'scroll') && box.scrollHeight > box.clientHeight) break;
    box = box.parentElement;
  }
  if (box && box !== document.body) {
    box.scrollTop += last.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;
  }
  const top = last.getBoundingClientRect().top;
  if (top < 0 || top > window.innerHeight * 0.6) last.scrollIntoView({block: 'start'});
}, 80)
"""
VIEWER_JS = """
watch('value', () => {
  const box = element.closest('#twqa-viewer, #twqa-library-viewer') || element;
  const mark = element.querySelector('mark');
  // scroll the viewer box so the mark sits a third of the way down it; move the page only if the mark is off screen
  box.scrollTop = mark ? Math.max(0, mark.getBoundingClientRect().top - box.getBoundingClientRect().top
                                      + box.scrollTop - box.clientHeight / 3) : 0;
  // (on a phone the viewer is below the chat: 'nearest' left the mark on the screen's last line)
  if (mark) { const r = mark.getBoundingClientRect();
              if (r.top < 0 || r.bottom > window.innerHeight) mark.scrollIntoView({block: 'center'}); }
  // an article opened from the Library on a phone: its viewer is under the list, so bring its top up
  else if (element.querySelector('.twqa-article')) { const r = box.getBoundingClientRect();
              if (r.top < 0 || r.top > window.innerHeight * 0.5) box.scrollIntoView({block: 'start'}); }
  // keyboard users land in the article: Tab reaches "Back to the answer" first (no scroll: the mark stays put)
  const first = element.querySelector('.twqa-back, .twqa-article-title');
  if (first) first.focus({preventScroll: true});
});
"""
# A counter under the box from 80% of the limit on, so a long question is trimmed before it is sent.
COUNTER_JS = """
// The box is looked up each time (it may be drawn after this element) and read on every input anywhere.
const limit = %d, show = Math.floor(limit * 0.8);
const update = () => {
  const box = document.querySelector('#twqa-question textarea'), out = element.querySelector('.twqa-counter');
  const n = box ? box.value.length : 0;
  out.textContent = n >= show ? `${n} / ${limit} characters` + (n > limit ? ': too long, shorten it' : '') : '';
  out.className = 'twqa-counter' + (n > limit ? ' twqa-over' : '');
};
document.addEventListener('input', update, true);
setInterval(update, 500);  // the box is also cleared from Python after an answer
""" % MAX_QUESTION_CHARS

# A reload keeps the conversation: the answers so far (answer-contract dicts, as JSON) are kept in this tab's
# sessionStorage, which the browser keeps for the tab alone and drops when the tab or the browser closes.
# (drill26b kept them in localStorage: while the server ran, the next person at a shared browser who opened
# the page saw the previous person's health questions.) The page reads them back only when its load is a
# reload of the tab; any other load (a new tab, the address typed again, a tab the browser reopens) drops
# them first. What is read goes to the page's own server, which keeps only answers whose quotes are still the
# articles' text (PageHandlers.restore); nothing else reads or sends it.
KEPT_KEY = "twqa-conversation"
READ_KEPT_JS = f"""
() => {{
  try {{
    const nav = performance.getEntriesByType('navigation')[0];
    if (!nav || nav.type !== 'reload') {{ sessionStorage.removeItem('{KEPT_KEY}'); return [null]; }}
    return [sessionStorage.getItem('{KEPT_KEY}')];
  }} catch (e) {{ return [null]; }}  // storage off (a private-mode policy): nothing kept, the page starts empty
}}
"""
WRITE_KEPT_JS = f"""
(kept) => {{
  try {{
    if (kept && kept !== '[]') sessionStorage.setItem('{KEPT_KEY}', kept);
    else sessionStorage.removeItem('{KEPT_KEY}');
  }} catch (e) {{ try {{ sessionStorage.removeItem('{KEPT_KEY}'); }} catch (e2) {{}} }}  // full: keep nothing stale
  return [];
}}
"""
