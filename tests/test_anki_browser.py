"""The exercise card's variant switching, in a real browser (headless Chromium).

Two ways Anki clients show a card: the desktop reviewer keeps one page and
replaces its content (front, then back), AnkiDroid/AnkiMobile load each side as
a new page in the same tab. Both are simulated over HTTP on localhost (as Anki
serves cards) with the HTML that Anki's own renderer produced for the card.
Also: the TeX of exercise notes typesets under MathJax 3.2.2.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading

import pytest

from anki_helpers import import_apkg, new_collection, tiny_kb
from render_tools import NO_SCRIPTS, dump_dom, screenshot, typeset

pytest.importorskip("anki")

HARNESS = r"""<!doctype html><html><head><meta charset="utf-8"></head>
<body class="card"><div id="qa"></div><pre id="result"></pre>
<script>
var FRONT = %(front)s, BACK = %(back)s, MODE = %(mode)s, REVIEWS = %(reviews)d;
function shown(doc) {
  var out = [];
  var boxes = doc.querySelectorAll(".osm-variants");
  for (var b = 0; b < boxes.length; b++) {
    var vis = [];
    for (var i = 0; i < boxes[b].children.length; i++) {
      var el = boxes[b].children[i];
      if (doc.defaultView.getComputedStyle(el).display !== "none") vis.push(el.getAttribute("data-variant"));
    }
    out.push(vis.join(","));
  }
  return out;
}
function setHTML(el, html, run) {   // what Anki's desktop reviewer does with a card side
  el.innerHTML = html;
  if (!run) return;
  var old = el.querySelectorAll("script");
  for (var i = 0; i < old.length; i++) {
    var s = document.createElement("script");
    s.text = old[i].text;
    old[i].parentNode.replaceChild(s, old[i]);
  }
}
var results = [];
function done() { document.getElementById("result").textContent = JSON.stringify(results); }
if (MODE === "static") {                  // card CSS alone, no script: what shows?
  setHTML(document.getElementById("qa"), FRONT, false);
  results.push({front: shown(document)});
  done();
} else if (MODE === "desktop") {         // one page, content replaced front -> back
  for (var r = 0; r < REVIEWS; r++) {
    var qa = document.getElementById("qa");
    setHTML(qa, FRONT, true); var f = shown(document);
    setHTML(qa, BACK, true); var b = shown(document);
    results.push({front: f, back: b});
  }
  done();
} else {                                 // each side a new page in the same tab
  var r = 0;
  function load(src, then) {
    var frame = document.createElement("iframe");
    frame.onload = function () { var s = shown(frame.contentDocument); frame.remove(); then(s); };
    frame.src = src;
    document.body.appendChild(frame);
  }
  function next() {
    if (r++ >= REVIEWS) { done(); return; }
    load("front.html", function (f) { load("back.html", function (b) { results.push({front: f, back: b}); next(); }); });
  }
  next();
}
</script></body></html>
"""


def page(card_html: str) -> str:
    return ('<!doctype html><html><head><meta charset="utf-8"></head><body class="card">'
            + card_html + "</body></html>")


def js(text: str) -> str:
    return json.dumps(text).replace("</", "<\\/")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """An exercise card's sides as Anki renders them, served over HTTP."""
    from osmose.anki.export import export_deck
    from osmose.kb import KnowledgeBase

    tmp = tmp_path_factory.mktemp("browser")
    root = tiny_kb(tmp / "kb")
    result = export_deck(KnowledgeBase.load(root), "all", tmp / "d.apkg", cache_path=None)
    col = new_collection(tmp / "col")
    import_apkg(col, result.path)
    cid = col.find_cards('"Key:osmose:exercise/matrix-product/matmul/size=3"')[0]
    card = col.get_card(cid)
    front, back = card.question(), card.answer()
    notes = [col.get_note(n) for n in col.find_notes('"note:osmose: exercise"')]
    col.close()
    www = tmp / "www"
    www.mkdir()
    (www / "front.html").write_text(page(front), encoding="utf-8")
    (www / "back.html").write_text(page(back), encoding="utf-8")
    for mode, reviews in (("static", 1), ("desktop", 8), ("pages", 8)):
        (www / f"{mode}.html").write_text(HARNESS % {"front": js(front), "back": js(back),
                                                     "mode": js(mode), "reviews": reviews},
                                          encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(www))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp, notes
    server.shutdown()
    server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def results(dom: str) -> list[dict]:
    m = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert m and m.group(1), dom[-2000:]
    return json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize("mode", ["desktop", "pages"])
def test_each_review_shows_one_variant_and_the_back_answers_that_variant(site, mode):
    url, tmp, _ = site
    reviews = results(dump_dom(f"{url}/{mode}.html", tmp / f"profile-{mode}"))
    assert len(reviews) == 8
    fronts = []
    for r in reviews:
        (front,) = r["front"]
        prompt, answer = r["back"]
        assert front in {"1", "2", "3"}  # exactly one variant visible
        assert prompt == answer == front  # the back shows the same variant and its answer
        fronts.append(front)
    assert len(set(fronts)) >= 2
    assert all(a != b for a, b in zip(fronts, fronts[1:]))  # never the same twice in a row


def test_without_scripts_the_first_variant_shows(site):
    url, tmp, _ = site
    www = tmp / "www"
    front = (www / "front.html").read_text(encoding="utf-8")
    blocked = front.replace('<meta charset="utf-8">', '<meta charset="utf-8">' + NO_SCRIPTS)
    (www / "noscript.html").write_text(blocked, encoding="utf-8")
    # The card's script did not run: its DOM is as Anki rendered it, all three variants in it ...
    dom = dump_dom(f"{url}/noscript.html", tmp / "profile-noscript")
    assert dom.count('class="osm-variant"') == 3 and "data-shown=" not in dom
    # ... and what is painted equals the same card holding only variant 1.
    for keep in ("1", "2"):
        only = re.sub(r'<div class="osm-variant" data-variant="(\d)">.*?</div>(?=<div class="osm-variant"|</div>)',
                      lambda m: m.group(0) if m.group(1) == keep else "", blocked, flags=re.S)
        assert only.count('class="osm-variant"') == 1
        (www / f"only{keep}.html").write_text(only, encoding="utf-8")
    shot = functools.partial(screenshot, profile=tmp / "profile-shots")
    painted = shot(f"{url}/noscript.html", out=tmp / "front.png")
    assert painted == shot(f"{url}/only1.html", out=tmp / "only1.png")
    assert painted != shot(f"{url}/only2.html", out=tmp / "only2.png")  # the comparison can tell
    # The card's CSS alone (script not run) leaves variant 1 visible, the others hidden.
    assert results(dump_dom(f"{url}/static.html", tmp / "profile-static")) == [{"front": ["1"]}]


def test_exercise_tex_typesets_under_mathjax_3_2_2(site):
    from osmose.anki.html import math_in

    _, _, notes = site
    items = [{"tex": tex, "display": display, "where": f"{n['Key']} {name}"}
             for n in notes for name, value in n.items() for tex, display in math_in(value)]
    assert any("bmatrix" in i["tex"] and "&" in i["tex"] for i in items)
    failures, checked = typeset(items)
    assert checked == len(items) and not failures, failures[:5]
