"""The page's CSS: desktop two columns; at phone widths (≤ 640 px) one column in reading order."""

CSS = """
.twqa-msg { line-height: 1.5; }
.twqa-user { white-space: pre-wrap; }
.twqa-banner { border-radius: 8px; padding: 10px 12px; margin: 0 0 10px 0; font-weight: 500; }
.twqa-banner.twqa-urgent { background: #c62828; color: #fff; border: 2px solid #8e0000; font-size: 1.05em; }
.twqa-banner.twqa-see_clinician { background: #fff3cd; color: #5c4400; border: 1px solid #f0ad4e; }
.twqa-banner.twqa-dosing { background: #e8f0fe; color: #0b3a75; border: 1px solid #5b8def; }
.twqa-searched { font-size: 0.85em; color: #555; font-style: italic; margin-bottom: 6px; }
.twqa-refusal { border: 1px dashed #999; background: #f4f4f4; color: #444; padding: 8px 10px; border-radius: 6px;
  font-style: italic; }
.twqa-refusal-label { display: inline-block; font-style: normal; font-weight: 600; font-size: 0.8em;
  background: #777; color: #fff; border-radius: 4px; padding: 0 6px; margin-right: 6px; }
.twqa-quiet { font-size: 0.8em; color: #595959; margin-top: 8px; }
a.twqa-chip { display: inline-block; font-size: 0.8em; font-weight: 600; padding: 0 5px; margin: 0 1px;
  border-radius: 9px; background: #e3ecfb; color: #1f4fa3 !important; text-decoration: none !important;
  cursor: pointer; line-height: 1.5; }
a.twqa-chip:hover { background: #1f4fa3; color: #fff !important; }
.twqa-sources .twqa-hint, .twqa-hint { font-size: 0.85em; color: #595959; margin: 4px 0 8px 0; }
#twqa-sources { max-height: 44vh; overflow-y: auto !important; }
.twqa-card { border: 1px solid #d8dde6; border-radius: 8px; padding: 8px 10px; margin-bottom: 8px; cursor: pointer;
  background: #fff; color: #222; }
.twqa-card:hover, .twqa-card:focus { border-color: #1f4fa3; box-shadow: 0 0 0 2px #e3ecfb; outline: none; }
.twqa-card-head { font-weight: 600; }
.twqa-num { color: #1f4fa3; }
.twqa-byline { font-size: 0.8em; color: #555; }
.twqa-passage { font-size: 0.88em; margin: 6px 0; white-space: pre-wrap; color: #333; }
/* A passage rendered as Markdown is HTML already: pre-wrap showed the newlines between its blocks as blank lines
   (a card's list items twice as far apart as in the article viewer, ui32). Plain passages keep their line breaks. */
.twqa-passage.twqa-article { white-space: normal; }
.twqa-passage mark, .twqa-article mark { background: #ffe066; color: #000; padding: 0 1px; border-radius: 2px; }
.twqa-score { font-size: 0.75em; color: #595959; }
#twqa-viewer { max-height: 52vh; overflow-y: auto !important; border: 1px solid #d8dde6; border-radius: 8px;
  padding: 8px 12px; background: #fff; color: #222; }
#twqa-library-viewer { max-height: 75vh; overflow-y: auto !important; border: 1px solid #d8dde6; border-radius: 8px;
  padding: 8px 12px; background: #fff; color: #222; }
.twqa-article-title { margin: 4px 0; }

.twqa-status-error { color: #b00020; font-weight: 600; padding: 4px 2px; }
.twqa-status-info { color: #555; padding: 4px 2px; }
.twqa-panel-title { font-size: 1.05em; font-weight: 600; margin: 2px 0 4px 0; }
.twqa-card-head button.twqa-open-cite { all: unset; cursor: pointer; font-weight: 600; }
.twqa-card-head button.twqa-open-cite:focus-visible { outline: 2px solid #1f4fa3; outline-offset: 2px; }
.twqa-prov { font-size: 0.8em; color: #444; margin-top: 2px; }
.twqa-unknown { font-style: italic; }
.twqa-badge { display: inline-block; background: #fff3cd; color: #5c4400; border: 1px solid #d39e00; border-radius: 4px;
  padding: 0 5px; font-weight: 600; margin-left: 4px; }
.twqa-badge.twqa-says { background: #ede7f6; color: #3f1d78; border-color: #7e57c2; }
.twqa-details { font-size: 0.75em; color: #555; margin-top: 4px; }
.twqa-details summary { cursor: pointer; }
.twqa-copy-row { margin-top: 8px; font-size: 0.85em; }
.twqa-copy-row button, button.twqa-back { border: 1px solid #1f4fa3; color: #1f4fa3; background: #fff; border-radius: 6px;
  padding: 3px 10px; cursor: pointer; }
.twqa-copy-text { width: 100%; min-height: 8em; font-size: 0.85em; }
.twqa-article-head { border-bottom: 1px solid #e3e6eb; padding-bottom: 6px; margin-bottom: 8px; }
.twqa-article { font-size: 0.92em; color: #222; overflow-wrap: anywhere; }
.twqa-article h1 { font-size: 1.3em; margin: 10px 0 6px; }
.twqa-article h2 { font-size: 1.15em; margin: 10px 0 6px; }
.twqa-article h3, .twqa-article h4 { font-size: 1.02em; margin: 8px 0 4px; }
.twqa-article p { margin: 6px 0; }
.twqa-article ul, .twqa-article ol { margin: 4px 0 8px 1.4em; padding: 0; list-style: disc; }
.twqa-article ol { list-style: decimal; }
.twqa-article table { border-collapse: collapse; margin: 8px 0; display: block; overflow-x: auto; max-width: 100%; }
.twqa-article th, .twqa-article td { border: 1px solid #d8dde6; padding: 3px 6px; text-align: left; vertical-align: top; }
/* gradio's prose drew a dark box around every table (border and 10 px padding on the table element) */
.twqa-article table { border: none !important; padding: 0 !important; }
.twqa-lab { display: inline-block; font-size: 0.8em; font-weight: 600; color: #0b3a75; background: #e8f0fe;
  border: 1px solid #5b8def; border-radius: 4px; padding: 0 5px; margin-top: 4px; }
.twqa-article hr { border: none; border-top: 1px solid #d8dde6; margin: 12px 0; }
pre.twqa-plain { white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; }
.twqa-library { list-style: none; margin: 0; padding: 0; }
.twqa-lib-row { border-bottom: 1px solid #e3e6eb; padding: 8px 4px; cursor: pointer; }
.twqa-lib-row:hover { background: #f3f6fb; }
.twqa-lib-row button.twqa-open { all: unset; cursor: pointer; font-weight: 600; color: #1f4fa3; }
.twqa-lib-row button.twqa-open:focus-visible { outline: 2px solid #1f4fa3; outline-offset: 2px; }
.twqa-counter { font-size: 0.8em; color: #555; min-height: 0; }
.twqa-counter.twqa-over { color: #b00020; font-weight: 600; }
/* contrast (axe-core, WCAG AA 4.5:1): gradio's footer links #bbbbc2 (1.9:1), the selected tab in blue-500 (3.7:1),
   and earlier chat messages dimmed to 0.8 opacity (the [n] chips fell to 4.2:1) */
.twqa-banner strong { color: inherit !important; }  /* gradio's prose made the urgent label #27272a on red: 2.6:1 */
footer a, footer button, .show-api, .settings { color: #595959 !important; }
button[role="tab"][aria-selected="true"], button.selected[role="tab"] { color: #1d4ed8 !important; }
#twqa-chat .message .prose, #twqa-chat .md.chatbot { opacity: 1 !important; }
/* gradio's floating "Scroll down" arrow sat over the answer text, centred 10 px above the chat's bottom edge: on a
   phone and at 200% zoom it covered words ("another", ui32). Here it takes a strip of its own under the messages
   while it is shown (the list is 36 px shorter then), so no text can lie under it. gradio 6 has no option for it. */
#twqa-chat .bubble-wrap { flex: 1 1 auto; min-height: 0; }
#twqa-chat .scroll-down-button-container { position: static !important; transform: none !important; flex: none;
  align-self: center; margin: 4px 0 6px 0; }
/* gradio's trash icon in the chat's corner did what our "Clear chat" button does, and a screen reader heard two
   buttons named "Clear" (ui32): the duplicate is dropped (buttons=[] leaves it alone in that corner). */
#twqa-chat .icon-button-wrapper.top-panel { display: none !important; }
#twqa-eval-list { display: none; }
.twqa-eval-list ul { margin: 4px 0 12px 1.2em; padding: 0; }
.twqa-eval-list li { margin: 4px 0; }
.twqa-eval-more { color: #595959; font-size: 0.9em; }
/* an answer's own sources under it in the chat: a phone's (the side panel holds them on a desktop) */
.twqa-msg-sources { display: none; }
.twqa-msg-sources > summary { cursor: pointer; font-weight: 600; color: #1f4fa3; margin: 8px 0 6px 0; }
.twqa-msg-sources .twqa-card a.twqa-open-cite { color: #1f4fa3; text-decoration: none; font-weight: 600; }
.twqa-msg-sources .twqa-card { font-size: 0.88em; }
.twqa-msg-sources .twqa-card table { padding: 0 !important; border: none !important; margin: 4px 0 !important;
  display: table !important; width: 100%; border-collapse: collapse !important; }
.twqa-msg-sources .twqa-card th, .twqa-msg-sources .twqa-card td { padding: 2px 5px !important; }
/* the empty error line and counter take no room (they were 2 × 36 px of blank between the box and the sources) */
#twqa-status:not(:has(.twqa-status)), #twqa-counter:not(:has(.twqa-counter:not(:empty))) {
  height: 0 !important; min-height: 0 !important; overflow: hidden; margin-bottom: calc(-1 * var(--layout-gap, 16px)); }
.twqa-copy-row button, button.twqa-back { font: inherit; }
@media (max-width: 640px) {
  .twqa-msg-sources { display: block; }
  /* the side panel keeps only the copy button: the cards are under their answers */
  #twqa-sources .twqa-card, #twqa-sources .twqa-panel-title, #twqa-sources .twqa-hint { display: none; }
  /* one column, in reading order: the answer's sources right under the box, examples last */
  #twqa-chat-row { flex-direction: column !important; flex-wrap: nowrap !important; }
  #twqa-left, #twqa-right { display: contents !important; }
  #twqa-chat { order: 1; height: 60vh !important; }
  #twqa-ask-row { order: 2; }
  #twqa-status, #twqa-counter { order: 3; }
  #twqa-sources { order: 4; max-height: none; }
  #twqa-wrong { order: 5; }
  #twqa-viewer { order: 6; max-height: 70vh; }
  #twqa-examples { order: 7; }
  /* the box on its own full-width line (it was 180 of 326 px beside the buttons), Ask and Clear under it */
  #twqa-ask-row { flex-wrap: wrap !important; }
  #twqa-ask-row > :first-child { flex: 1 1 100% !important; min-width: 0 !important; }
  #twqa-ask-row > button { flex: 1 1 40% !important; }
  /* the eval tables as lists (gradio sizes a table's columns to the box: 26 px for a number) */
  #twqa-eval-list:has(.twqa-eval-list) { display: block; }
  #twqa-eval-list:has(.twqa-eval-list) ~ #twqa-eval-summary, #twqa-eval-list:has(.twqa-eval-list) ~ #twqa-eval-items {
    display: none !important; }
  #twqa-status, #twqa-counter { min-height: 0 !important; padding-top: 0 !important; padding-bottom: 0 !important; }
  #twqa-ask-row button { min-width: 56px !important; }
}
"""
