"""The CLI as a user meets it: light commands stay light, errors are one line."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT, run_osmose


def test_help_and_concepts_do_not_import_sympy():
    probe = ("import sys\nfrom click.testing import CliRunner\nimport cli\n"
             "r = CliRunner().invoke(cli.main, sys.argv[1:])\n"
             "assert r.exit_code == 0, r.output\n"
             "print('sympy' in sys.modules)")
    for args in (["--help"], ["concepts"], ["concepts", "--json"], ["show", "greek-letters"],
                 ["symbol", "theta"]):
        out = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True,
                             cwd=ROOT, check=True)
        assert out.stdout.strip().endswith("False"), (args, out.stdout)


def test_concepts_json_lists_every_concept_with_links(builtin_kb):
    result = run_osmose("concepts", "--json")
    assert result.returncode == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["id"] for r in rows} == set(builtin_kb.concepts)
    first_seen = {r["id"]: i for i, r in enumerate(rows)}
    for r in rows:  # prerequisites come first
        assert all(first_seen[req] < first_seen[r["id"]] for req in r["requires"])


def test_concepts_filters_and_unknown_area():
    assert "greek-letters" in run_osmose("concepts", "--area", "notation").stdout
    bad = run_osmose("concepts", "--area", "notatoin")
    assert bad.returncode == 2
    message = bad.stderr.strip()
    assert message.startswith("osmose: unknown area 'notatoin' (did you mean notation")
    assert len(message.splitlines()) == 1


def test_show_renders_unicode_not_raw_tex():
    result = run_osmose("show", "greek-letters")
    assert result.returncode == 0
    out = result.stdout
    assert "θₜ₊₁ = θₜ - η∇_θL(θₜ)" in out
    assert "\\theta" not in out and "\\(" not in out
    assert "Sources:" in out


def test_show_unknown_id_suggests_closest():
    result = run_osmose("show", "greek-leters")
    assert result.returncode == 2
    message = result.stderr.strip()
    assert message.startswith("osmose: unknown concept 'greek-leters' (did you mean greek-letters")
    assert len(message.splitlines()) == 1


def test_symbol_by_letter_and_by_name_agree():
    by_letter, by_name = run_osmose("symbol", "θ"), run_osmose("symbol", "theta")
    assert by_letter.returncode == by_name.returncode == 0
    assert by_letter.stdout == by_name.stdout
    assert "RL:" in by_letter.stdout and "policy parameters" in by_letter.stdout
    eta = run_osmose("symbol", "η").stdout
    assert "learning rate" in eta
    # case matters: Σ is a sum or covariance, σ a standard deviation
    assert "covariance matrix" in run_osmose("symbol", "Σ").stdout
    assert "standard deviation" in run_osmose("symbol", "σ").stdout


def test_generate_json_has_the_documented_fields(families):
    name = sorted(families)[0]
    result = run_osmose("generate", name, "-n", "2", "--seed", "5", "--json")
    assert result.returncode == 0, result.stderr
    objs = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["seed"] for o in objs] == [5, 6]
    for o in objs:
        assert {"id", "family", "params", "seed", "prompt_tex", "prompt_text", "answer", "answer_tex",
                "solution", "given", "checking", "evidence", "mistakes"} <= set(o)
    again = run_osmose("generate", name, "-n", "2", "--seed", "5", "--json")
    assert again.stdout == result.stdout


def test_generate_bad_input_is_one_line(families):
    name = sorted(families)[0]
    cases = [(["generate", "no_such_family"], "unknown exercise family 'no_such_family'"),
             (["generate", name, "--param", "nonsense"], "--param expects k=v"),
             (["generate", name, "--param", "zzz=1"], "unknown param 'zzz'")]
    for args, message in cases:
        result = run_osmose(*args)
        assert result.returncode == 2, args
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


def test_builtin_knowledge_base_passes_check():
    result = run_osmose("check", "--seeds", "10", timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
