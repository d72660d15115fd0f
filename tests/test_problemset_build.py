"""Problem sets: roster, question selection, per-student variants, rendering, determinism."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from osmose.errors import KBError, OsmoseError
from osmose.problemset import build
from osmose.problemset.build import Slot, derive_seed, plan_questions, select_slots
from osmose.problemset.make import make_problemset
from osmose.problemset.render import md_math, split_math, tex_math, tex_text
from osmose.problemset.roster import Student, load_roster
from conftest import run_osmose

FAMILIES = ["hessian", "gaussian_kl_mv", "markov_chain", "second_partials"]


def roster_file(tmp_path: Path, n: int, name: str = "roster.csv") -> Path:
    path = tmp_path / name
    path.write_text("id,name\n" + "".join(f"s{i:02d},Student {i}\n" for i in range(1, n + 1)))
    return path


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# --- roster --------------------------------------------------------------------------


def test_roster_reads_ids_and_names_in_order(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("Name,ID,email\nAda Lovelace,ada,a@x\n\nCarl Gauss,carl,c@x\n")
    assert load_roster(path) == [Student("ada", "Ada Lovelace"), Student("carl", "Carl Gauss")]


@pytest.mark.parametrize("text, message", [
    ("name,email\nAda,a@x\n", "r.csv:1: no 'id' column in the header"),
    ("id,name\na1,Ada\nb2,Bob\na1,Again\n", "r.csv:4: duplicate student id 'a1' (first on line 2)"),
    ("id\nok\n../evil\n", "r.csv:3: student id '../evil' must be letters, digits and ._-"),
    ("id,name\n,Nobody\n", "r.csv:2: empty student id"),
    ("", "the roster is empty"),
])
def test_roster_problems_are_one_clear_line(tmp_path, text, message):
    path = tmp_path / "r.csv"
    path.write_text(text)
    with pytest.raises(OsmoseError) as err:
        load_roster(path)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_roster_file(tmp_path):
    with pytest.raises(OsmoseError, match="no such roster file"):
        load_roster(tmp_path / "nope.csv")


# --- which questions -------------------------------------------------------------------


def test_slots_from_families_with_param_override(builtin_kb):
    slots = select_slots(builtin_kb, families=["hessian", "markov_chain"], params={"variables": "3"})
    assert [s.family for s in slots] == ["hessian", "markov_chain"]
    assert dict(slots[0].params)["variables"] == 3  # coerced to the param's type
    assert dict(slots[1].params) == builtin_kb.family("markov_chain").resolve({})


def test_slots_from_concepts_follow_their_links(builtin_kb):
    concept = next(c for c in builtin_kb.concepts.values() if c.exercises)
    slots = select_slots(builtin_kb, concepts=[concept.id])
    linked = {(e.generator, tuple(sorted(builtin_kb.family(e.generator).resolve(e.params).items())))
              for e in concept.exercises}
    assert {s.key for s in slots} == linked
    assert all(s.concept == concept.id and s.title == concept.title for s in slots)


def test_slots_from_a_deck_recipe_reuse_the_recipe_loader(builtin_kb, tmp_path):
    recipe = tmp_path / "mine.yaml"
    recipe.write_text("deck: mine\nconcepts: all\nfamilies: [markov_chain]\n")
    slots = select_slots(builtin_kb, recipe=str(recipe))
    assert slots and {s.family for s in slots} == {"markov_chain"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("deck: mine\nfamilies: [markov_chian]\n")
    with pytest.raises(KBError, match=r"bad.yaml:2: unknown exercise family 'markov_chian'"):
        select_slots(builtin_kb, recipe=str(bad))


@pytest.mark.parametrize("kwargs, message", [
    ({}, "nothing to draw questions from"),
    ({"families": ["hesian"]}, "unknown exercise family 'hesian' (did you mean hessian"),
    ({"concepts": ["no-such-concept"]}, "unknown concept 'no-such-concept'"),
    ({"families": ["markov_chain"], "params": {"variables": "2"}},
     "--param variables: no selected family has this parameter"),
    ({"families": ["hessian"], "params": {"variables": "9"}}, "param variables='9': choose one of"),
])
def test_selection_errors(builtin_kb, kwargs, message):
    with pytest.raises(OsmoseError) as err:
        select_slots(builtin_kb, **kwargs)
    assert message in str(err.value)


def test_plan_repeats_types_when_asked_for_more_questions_and_samples_when_fewer():
    slots = [Slot(f"f{i}", ()) for i in range(3)]
    assert [s.family for s in plan_questions(slots, 7, 1)] == ["f0", "f1", "f2", "f0", "f1", "f2", "f0"]
    many = [Slot(f"f{i:02d}", ()) for i in range(20)]
    picked = plan_questions(many, 5, 1)
    assert len({s.family for s in picked}) == 5
    assert picked == sorted(picked, key=lambda s: s.family)  # kept in the types' order
    assert picked == plan_questions(many, 5, 1)
    with pytest.raises(OsmoseError, match="-n must be between 1 and"):
        plan_questions(slots, 0, 1)


# --- seeds and collisions --------------------------------------------------------------


def test_seed_is_sha256_of_set_seed_student_question_attempt():
    key = "osmose-problemset\x007\x00s01\x003\x000".encode()
    expected = int(hashlib.sha256(key).hexdigest()[:16], 16) % 10**9
    assert derive_seed(7, "s01", 3, 0) == expected
    assert len({derive_seed(7, s, 1, 0) for s in ("a", "b", "c", "d")}) == 4


def fake(prompt: str, answer: str, kind: str = "expr") -> dict:
    return {"prompt_tex": prompt, "answer": answer, "kind": kind}


def test_a_student_whose_variant_is_taken_moves_to_the_next_attempt():
    plan = [Slot("f", ())]
    students = [Student("a"), Student("b"), Student("c")]
    tried = {("a", 1, 0): fake("P1", "x"), ("b", 1, 0): fake("P1", "x"), ("b", 1, 1): fake("P2", "y"),
             ("c", 1, 0): fake("P3", "y"), ("c", 1, 1): fake("P4", "z")}
    sets, shared = build._assign(plan, students, tried, tried.__getitem__, (set(), set()))
    chosen = {s.student.id: (s.questions[0].attempt, s.questions[0].exercise["prompt_tex"]) for s in sets}
    # b's first draw repeats a's prompt; c's first draw has a new prompt but b's answer
    assert chosen == {"a": (0, "P1"), "b": (1, "P2"), "c": (1, "P4")}
    assert shared == {}


def test_numbers_may_coincide_but_prompts_may_not():
    plan = [Slot("f", ())]
    tried = {("a", 1, 0): fake("P1", "3", "number"), ("b", 1, 0): fake("P2", "3", "number")}
    sets, _ = build._assign(plan, [Student("a"), Student("b")], tried, tried.__getitem__, (set(), set()))
    assert [s.questions[0].attempt for s in sets] == [0, 0]


def test_when_variety_runs_out_students_share_and_are_named():
    plan = [Slot("f", ())]
    students = [Student(c) for c in "abc"]
    tried = {(s, 1, a): fake("P", "x") for s in "abc" for a in range(build.MAX_ATTEMPTS)}
    sets, shared = build._assign(plan, students, tried, tried.__getitem__, (set(), set()))
    assert [s.questions[0].attempt for s in sets] == [0, 0, 0]
    assert shared == {plan[0].key: ["b", "c"]}
    few = build._low_variety(plan, {(c, 1, 0): fake("P", "x") for c in "abcdefgh"})
    assert few == ({plan[0].key}, {plan[0].key})


# --- whole sets ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def made(builtin_kb, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ps")
    roster = roster_file(tmp, 6)
    out = tmp / "set"
    m = make_problemset(builtin_kb, out, families=FAMILIES, count=5, seed=11, roster=roster,
                        title="Week 3: second derivatives", workers=1)
    return m, roster


def test_layout_keeps_keys_apart(made):
    m, _ = made
    files = tree(m.out)
    for i in range(1, 7):
        assert f"s{i:02d}/problems.md" in files and f"s{i:02d}/problems.tex" in files
        assert f"keys/s{i:02d}.md" in files
        assert not any(name.startswith(f"s{i:02d}/") and "key" in name for name in files)
    assert "manifest.json" in files
    # a student's folder holds no answers
    manifest = json.loads(files["manifest.json"])
    student = manifest["students"][0]
    problems = files[student["problems"]].decode()
    for q in student["questions"]:
        assert f"`{q['answer']}`" not in problems
        assert f"`{q['answer']}`" in files[student["key"]].decode()


def test_regenerating_is_byte_identical(made, builtin_kb, tmp_path):
    m, roster = made
    again = make_problemset(builtin_kb, tmp_path / "again", families=FAMILIES, count=5, seed=11,
                            roster=roster, title="Week 3: second derivatives", workers=2)
    assert tree(again.out) == tree(m.out)


def test_students_get_different_variants_of_the_same_questions(made):
    m, _ = made
    manifest = json.loads((m.out / "manifest.json").read_text())
    sections = {s["id"]: (m.out / s["problems"]).read_text().split("\n## ")[2:]
                for s in manifest["students"]}
    for number in range(1, 6):
        families = {s["questions"][number - 1]["family"] for s in manifest["students"]}
        prompts = [questions[number - 1] for questions in sections.values()]
        assert len(families) == 1
        assert len(set(prompts)) == len(prompts) == 6, f"question {number} repeats a variant"
    assert manifest["shared_variants"] == [] and m.problemset.shared == ()


def test_manifest_id_alone_reproduces_the_exercise(made, builtin_kb):
    from osmose.exercises import make_exercise, parse_id
    from osmose.mathtext import plain

    m, _ = made
    manifest = json.loads((m.out / "manifest.json").read_text())
    q = manifest["students"][3]["questions"][1]
    name, _, raw, seed = parse_id(q["exercise_id"])
    ex = make_exercise(builtin_kb.family(name), raw, seed)
    assert (q["family"], q["seed"], plain(ex.answer)) == (name, seed, q["answer"])
    assert q["points"] == 1 and q["kind"] == ex.kind and set(q["params"]) == set(ex.params)


def test_markdown_has_dollar_math_and_no_tex_delimiters(made):
    m, _ = made
    text = (m.out / "s01" / "problems.md").read_text()
    assert "\\(" not in text and "\\[" not in text
    assert re.search(r"\$[^$\s][^$]*[^$\s]\$", text)
    assert "\n$$\n" in text
    assert text.startswith("# Week 3: second derivatives\n")
    assert "`s01.yaml`" in text


def test_every_formula_in_the_markdown_typesets_in_mathjax(made):
    from render_tools import typeset

    m, _ = made
    items = []
    for path in sorted(m.out.rglob("*.md")):
        text = path.read_text()
        for block in re.findall(r"\n\$\$\n(.*?)\n\$\$\n", text, re.S):
            items.append({"tex": block, "display": True, "where": str(path)})
        inline_text = re.sub(r"\n\$\$\n.*?\n\$\$\n", "\n", text, flags=re.S)
        inline_text = re.sub(r"`[^`]*`", "", inline_text)
        for span in re.findall(r"(?<![\\$])\$([^$\n]+?)\$", inline_text):
            items.append({"tex": span, "display": False, "where": str(path)})
    failures, checked = typeset(items)
    assert checked == len(items) > 20
    assert failures == []


def test_pdf_is_skipped_with_a_reason_when_no_latex_is_installed(builtin_kb, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no latexmk, pdflatex or tectonic here
    m = make_problemset(builtin_kb, tmp_path / "out", families=["markov_chain"], count=1, seed=1,
                        workers=1)
    assert m.pdf_engine is None
    assert m.pdf_note.startswith("PDF skipped: no LaTeX engine found")
    assert not list((tmp_path / "out").rglob("*.pdf"))
    assert (tmp_path / "out" / "problems.tex").is_file()  # one set without a roster
    assert (tmp_path / "out" / "keys" / "answers.md").is_file()


def test_latex_document_is_complete_and_typesets_when_an_engine_exists(made, tmp_path):
    import shutil

    from osmose.problemset import pdf

    m, _ = made
    text = (m.out / "s02" / "problems.tex").read_text()
    assert text.startswith("\\documentclass") and text.rstrip().endswith("\\end{document}")
    assert text.count("\\subsection*{") == 5
    assert "Student 2 (s02)" in text
    engine = pdf.find_engine()
    if engine is None:
        pytest.skip("no LaTeX engine installed")
    copy = tmp_path / "problems.tex"
    shutil.copy(m.out / "s02" / "problems.tex", copy)
    assert pdf.typeset(copy, engine) is None
    assert copy.with_suffix(".pdf").stat().st_size > 1000


# --- rendering pieces -------------------------------------------------------------------


def test_math_delimiters_convert_for_markdown():
    assert md_math(r"Let \( x^2 \) be *big*_ok") == r"Let $x^2$ be \*big\*\_ok"
    assert md_math(r"for \[f(x) = x\]. Then") == "for\n\n$$\nf(x) = x.\n$$\n\nThen"
    assert md_math("costs $5") == r"costs \$5"
    assert split_math(r"a \(b\) c") == [("text", "a "), ("inline", "b"), ("text", " c")]


def test_latex_prose_is_escaped_and_unicode_math_spelled_out():
    assert tex_text("50% of θ_1 & ŷ → ∞") == (r"50\% of \ensuremath{\theta}\_1 \& \ensuremath{\hat{y}} "
                                               r"\ensuremath{\to} \ensuremath{\infty}")
    assert tex_math(r"rate \(\eta\) is 10%") == r"rate \(\eta\) is 10\%"


def test_cli_writes_a_set_and_reports_errors_in_one_line(tmp_path):
    roster = roster_file(tmp_path, 2)
    out = tmp_path / "cli-set"
    done = run_osmose("problemset", "--family", "markov_chain,kernels", "-n", "3", "--seed", "4",
                      "--roster", roster, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "2 students × 3 questions, set seed 4" in done.stdout
    assert "PDF" in done.stderr or "PDF" in done.stdout
    assert (out / "s02" / "problems.md").is_file() and (out / "keys" / "s01.md").is_file()
    missing = run_osmose("problemset", "--family", "markov_chain", "--roster", tmp_path / "none.csv",
                         "--out", tmp_path / "x")
    assert missing.returncode == 2
    assert missing.stderr.strip().splitlines()[-1].startswith("osmose: ")
    assert "no such roster file" in missing.stderr and "Traceback" not in missing.stderr
    nothing = run_osmose("problemset", "--out", tmp_path / "y")
    assert nothing.returncode == 2 and "nothing to draw questions from" in nothing.stderr
