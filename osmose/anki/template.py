"""Card templates, CSS and the variant-picking script shared by every osmose note type.

The exercise script follows the idea of the public ``anki-persistence`` script
(SimonLammer): Anki renders the front and the back separately, so the variant
chosen on the front is kept where it survives until the back is shown —
``sessionStorage`` on AnkiDroid, AnkiMobile and AnkiWeb (each side is a new
page in the same tab), else a property of ``window`` on the desktop reviewer
(one page whose content is replaced). It is keyed by the note's stable key so
a stale choice from another card is never used. Where scripts do not run, CSS
shows the first variant only. The back repeats the prompt it answers, so even
if a client lost the choice, the question and answer shown together match.
"""

from __future__ import annotations

# Plain ES5: old Android WebViews and iOS run it as is.
VARIANT_SCRIPT = r"""
<script>
(function () {
  var PREFIX = "osmose-variant:";
  function storage() {
    try {
      var s = window.sessionStorage;
      s.setItem(PREFIX + "probe", "1");
      if (s.getItem(PREFIX + "probe") === "1") {
        s.removeItem(PREFIX + "probe");
        return {
          get: function (k) { return s.getItem(PREFIX + k); },
          set: function (k, v) { s.setItem(PREFIX + k, String(v)); }
        };
      }
    } catch (e) { /* storage disabled: fall through */ }
    var w = window.osmoseVariantChoice || (window.osmoseVariantChoice = {});
    return {
      get: function (k) { return Object.prototype.hasOwnProperty.call(w, k) ? w[k] : null; },
      set: function (k, v) { w[k] = String(v); }
    };
  }
  function variantsOf(box) {
    var out = [];
    for (var i = 0; i < box.children.length; i++) {
      if (/(^|\s)osm-variant(\s|$)/.test(box.children[i].className)) { out.push(box.children[i]); }
    }
    return out;
  }
  var store = storage();
  var boxes = document.querySelectorAll(".osm-variants[data-side]:not([data-shown])");
  var chosen = {};
  for (var b = 0; b < boxes.length; b++) {
    var box = boxes[b];
    var key = box.getAttribute("data-key");
    var items = variantsOf(box);
    var n = items.length;
    if (!n) { continue; }
    var pick;
    if (Object.prototype.hasOwnProperty.call(chosen, key)) {
      pick = chosen[key];
    } else if (box.getAttribute("data-side") === "front") {
      var last = parseInt(store.get(key), 10);
      pick = Math.floor(Math.random() * n);
      if (n > 1 && pick === last) { pick = (pick + 1 + Math.floor(Math.random() * (n - 1))) % n; }
      store.set(key, pick);
    } else {
      pick = parseInt(store.get(key), 10);
    }
    if (!(pick >= 0 && pick < n)) { pick = 0; }
    chosen[key] = pick;
    for (var i = 0; i < n; i++) {
      if (i !== pick) { box.removeChild(items[i]); }
    }
    box.setAttribute("data-shown", String(pick));
    var label = box.parentNode.querySelector(".osm-which");
    if (label && n > 1) { label.textContent = "variant " + (pick + 1) + " of " + n; }
  }
})();
</script>
"""

CSS = r"""
.card {
  --osm-fg: #1f2328; --osm-muted: #656d76; --osm-bg: #fdfdfb; --osm-box: #f3f4f6;
  --osm-rule: #d0d7de; --osm-accent: #0b5cad; --osm-good: #1a7f37;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Noto Sans",
    "Helvetica Neue", Arial, sans-serif;
  font-size: 20px; line-height: 1.5; color: var(--osm-fg); background-color: var(--osm-bg);
  text-align: left;
}
.card.nightMode, .nightMode .card, .card.night_mode, .night_mode .card {
  --osm-fg: #e6edf3; --osm-muted: #9aa4ae; --osm-bg: #1c1f24; --osm-box: #2a2f36;
  --osm-rule: #3d444d; --osm-accent: #79b8ff; --osm-good: #56d364;
}
.osm { max-width: 42em; margin: 0 auto; padding: 0.5em 0.75em; }
.osm-kicker { font-size: 0.75em; color: var(--osm-muted); letter-spacing: 0.02em;
  margin-bottom: 0.4em; }
.osm-term { font-size: 1.3em; font-weight: 600; }
.osm-ask { color: var(--osm-muted); font-style: italic; margin-top: 0.6em; }
.osm-symbol { font-size: 2em; text-align: center; margin: 0.3em 0; }
.osm-big { text-align: center; font-size: 1.15em; margin: 0.4em 0; }
.osm-box { background: var(--osm-box); border-radius: 6px; padding: 0.5em 0.8em; margin: 0.5em 0; }
.osm-facts, .osm-meanings, .osm-steps { margin: 0.4em 0; padding-left: 1.4em; }
.osm-facts li, .osm-meanings li, .osm-steps li { margin: 0.25em 0; }
.osm-field { font-weight: 600; color: var(--osm-accent); }
.osm-fact { font-size: 1.1em; }
.osm-blank { font-weight: 600; color: var(--osm-accent); }
.osm-cloze { font-weight: 600; color: var(--osm-good); }
.osm-sofar { border-left: 3px solid var(--osm-rule); padding-left: 0.7em; margin: 0.5em 0; }
.osm-sofar .osm-stepline { margin: 0.3em 0; }
.osm-why { color: var(--osm-muted); margin-top: 0.3em; }
.osm-answer { border-left: 3px solid var(--osm-good); padding-left: 0.7em; margin: 0.5em 0; }
.osm-label { font-size: 0.8em; font-weight: 600; color: var(--osm-good);
  text-transform: uppercase; letter-spacing: 0.03em; }
.osm-which, .osm-meta, .osm-sources { font-size: 0.75em; color: var(--osm-muted); margin-top: 0.6em; }
.osm-meta { font-size: 0.65em; }
.osm-sources a { color: var(--osm-accent); }
/* Without scripts only the first variant shows; the script removes the others. */
.osm-variants > .osm-variant ~ .osm-variant { display: none; }
hr#answer { border: none; border-top: 1px solid var(--osm-rule); margin: 0.8em 0; }
mjx-container { overflow-x: auto; overflow-y: hidden; max-width: 100%; }
"""


def card(body: str, kicker: str = "") -> str:
    head = f'<div class="osm-kicker">{kicker}</div>\n' if kicker else ""
    return f'<div class="osm">\n{head}{body}\n</div>'


SOURCES = '{{#Sources}}<div class="osm-sources">{{Sources}}</div>{{/Sources}}'
ANSWER_RULE = '\n<hr id="answer">\n'
