"""osmose command line: parse arguments, call the engine, print.

Heavy modules (SymPy, the generators, rich) are imported inside commands so
``osmose --help`` and ``osmose concepts`` stay fast.
"""

from __future__ import annotations

import json
import os
import sys

import click

from osmose.errors import OsmoseError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class OsmoseGroup(click.Group):
    """Turns user errors into one line on stderr and a non-zero exit."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except OsmoseError as err:
            click.echo(f"osmose: {err}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("\nosmose: interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            ctx.exit(141)


kb_option = click.option(
    "--kb", "kb_path", envvar="OSMOSE_KB", type=click.Path(file_okay=False),
    help="Knowledge base folder (concepts/, generators/, decks/). Default: the built-in one.",
)


def load_kb(kb_path):
    from osmose.kb import KnowledgeBase
    return KnowledgeBase.load(kb_path)


def echo_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=None))


@click.group(cls=OsmoseGroup, context_settings=CONTEXT)
@click.version_option(package_name="osmose")
def main():
    """osmose — make the mathematics of ML and physics stick.

    \b
    Look things up:     osmose concepts | show ID | symbol θ | families
    Practise:           osmose generate hessian -n 3 | quiz | answer ID "TEXT"
    Check the base:     osmose check

    Every command reads the built-in knowledge base unless --kb or OSMOSE_KB
    points at your own folder with concepts/, generators/ and decks/.
    """


# --- looking things up --------------------------------------------------------

def heading(text: str) -> str:
    return click.style(text, bold=True)


def table(rows: list[list[str]], headers: list[str]) -> str:
    """A plain aligned table (no rich: keeps light commands fast)."""
    widths = [max(len(str(r[i])) for r in rows + [headers]) for i in range(len(headers))]
    fmt = lambda r: "  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip()  # noqa: E731
    lines = [heading(fmt(headers)), fmt(["─" * w for w in widths])]
    return "\n".join(lines + [fmt(r) for r in rows])


@main.command()
@click.option("--area", multiple=True, help="Only concepts of this area (repeatable).")
@click.option("--tag", multiple=True, help="Only concepts with this tag (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@kb_option
def concepts(area, tag, as_json, kb_path):
    """List the concepts, prerequisites first.

    \b
    osmose concepts --area calculus
    osmose concepts --tag optimization --json
    """
    from osmose.concepts import as_dict

    kb = load_kb(kb_path)
    for a in area:
        if a not in kb.areas():
            from osmose.kb import suggest
            raise OsmoseError(f"unknown area '{a}'{suggest(a, kb.areas())}")
    chosen = kb.select(areas=area, tags=tag)
    _warn_broken(kb)
    if as_json:
        for c in chosen:
            echo_json(as_dict(c))
        return
    if not chosen:
        click.echo("no concepts match", err=True)
        return
    rows = [[c.id, c.title, c.area, ", ".join(c.requires) or "—",
             ", ".join(sorted({e.generator for e in c.exercises})) or "—"] for c in chosen]
    click.echo(table(rows, ["id", "title", "area", "requires", "exercises"]))


def _warn_broken(kb) -> None:
    if kb.errors:
        click.echo(f"osmose: {len(kb.errors)} problem(s) in the knowledge base were skipped; "
                   "run 'osmose check' to see them", err=True)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@kb_option
def families(as_json, kb_path):
    """List the exercise families: version, params and levels, linked concepts."""
    kb = load_kb(kb_path)
    for err in kb.family_errors:
        click.echo(f"osmose: {err}", err=True)
    out = []
    for name, f in sorted(kb.families.items()):
        params = {p: {"default": spec.default, "choices": list(spec.choices), "help": spec.help}
                  for p, spec in sorted(f.params.items())}
        out.append({"name": name, "version": f.version, "title": f.title, "summary": f.summary,
                    "params": params, "concepts": kb.linking(name)})
    if as_json:
        for item in out:
            echo_json(item)
        return
    for item in out:
        click.echo(f"{heading(item['name'])} v{item['version']} — {item['title']}")
        click.echo(f"  {item['summary']}")
        for p, spec in item["params"].items():
            choices = "|".join(str(c) for c in spec["choices"]) or f"default {spec['default']}"
            click.echo(f"  --param {p}={choices}  {spec['help']}")
        click.echo(f"  concepts: {', '.join(item['concepts']) or '— (not linked)'}\n")


@main.command()
@click.argument("concept_id")
@kb_option
def show(concept_id, kb_path):
    """Show one concept: definition, symbols, formulas, derivations, links."""
    from osmose.unitex import prose, to_unicode

    kb = load_kb(kb_path)
    c = kb.concept(concept_id)
    out = [heading(c.title) + click.style(f"  ({c.id} · {c.area}"
                                          + (f" · {', '.join(c.tags)}" if c.tags else "") + ")", dim=True),
           "", "  " + prose(c.definition)]
    if c.symbols:
        out += ["", heading("Symbols")]
        for s in c.symbols:
            out.append(f"  {to_unicode(s.tex):<8} {prose(s.name)}")
            out += [f"           {m.field}: {prose(m.meaning)}" for m in s.meanings]
    if c.formulas:
        out += ["", heading("Formulas")]
        for f in c.formulas:
            out += [f"  {prose(f.name)}", f"      {to_unicode(f.tex)}"]
    if c.facts:
        out += ["", heading("Facts")] + [f"  • {prose(f)}" for f in c.facts]
    for d in c.derivations:
        out += ["", heading(f"Derivation: {prose(d.title)}")]
        for n, step in enumerate(d.steps, 1):
            mark = click.style(" ✓ checked", fg="green") if step.check else ""
            out += [f"  {n}. {to_unicode(step.tex)}", f"     {click.style('why:', dim=True)} {prose(step.why)}{mark}"]
    required_by = sorted(o.id for o in kb.concepts.values() if c.id in o.requires)
    out += ["", f"{heading('Requires:')} {', '.join(c.requires) or '—'}",
            f"{heading('Required by:')} {', '.join(required_by) or '—'}"]
    if c.exercises:
        drills = [e.generator + (f" ({', '.join(f'{k}={v}' for k, v in sorted(e.params.items()))})"
                                 if e.params else "") for e in c.exercises]
        out.append(f"{heading('Exercises:')} {'; '.join(drills)}")
        out.append(click.style(f"  try: osmose generate {c.exercises[0].generator}", dim=True))
    if c.sources:
        out += [f"{heading('Sources:')} {c.sources[0]}"] + [f"         {s}" for s in c.sources[1:]]
    click.echo("\n".join(out))


@main.command()
@click.argument("query")
@kb_option
def symbol(query, kb_path):
    """What a piece of notation usually means, field by field.

    \b
    osmose symbol θ
    osmose symbol theta
    osmose symbol '\\nabla'
    """
    from osmose.kb import suggest
    from osmose.symbols import all_names, lookup
    from osmose.unitex import prose

    kb = load_kb(kb_path)
    matches = lookup(kb.concepts.values(), query)
    if not matches:
        raise OsmoseError(f"no symbol '{query}' in the knowledge base"
                          f"{suggest(query, all_names(kb.concepts.values()))}")
    for m in matches:
        s = m.symbol
        click.echo(f"{heading(m.shown)}  {prose(s.name)}  " + click.style(f"[{m.concept.id}]", dim=True))
        for meaning in s.meanings:
            click.echo(f"  {meaning.field + ':':<18} {prose(meaning.meaning)}")
        if not s.meanings:
            click.echo(f"  see: osmose show {m.concept.id}")


# --- exercises -----------------------------------------------------------------

def parse_params(pairs) -> dict:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise OsmoseError(f"--param expects k=v, got {pair!r}")
        params[name.strip()] = value.strip()
    return params


@main.command()
@click.argument("family")
@click.option("-n", "count", default=1, show_default=True, type=click.IntRange(1, 10_000),
              help="How many exercises.")
@click.option("--seed", default=None, type=click.IntRange(0), help="First seed (default: random).")
@click.option("--param", "-p", "params", multiple=True, metavar="K=V",
              help="Family parameter, e.g. --param level=2 (see 'osmose families').")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per exercise per line.")
@kb_option
def generate(family, count, seed, params, as_json, kb_path):
    """Generate verified exercises with answers and worked solutions.

    \b
    osmose generate hessian -n 3 --seed 7
    osmose generate kl_divergence --param dist=gaussian --json
    """
    import secrets

    from osmose.exercises import make_exercise
    from osmose.mathtext import uni

    kb = load_kb(kb_path)
    fam = kb.family(family)
    raw = parse_params(params)
    fam.resolve(raw)  # fail on bad params before any work
    first = seed if seed is not None else secrets.randbelow(10**6)
    for n in range(count):
        ex = make_exercise(fam, raw, first + n)
        if as_json:
            echo_json(ex.to_json())
            continue
        click.echo(click.style(f"── {ex.id} ", fg="cyan") + click.style("─" * 20, fg="cyan"))
        click.echo(ex.prompt_text)
        click.echo(f"{heading('Answer:')} {uni(ex.answer)}")
        for i, step in enumerate(ex.solution, 1):
            click.echo(f"  {i}. {step.say}" + (f"  {step.text}" if step.text else ""))
        click.echo(click.style(f"verified: {ex.evidence.method} — {ex.evidence.detail}", dim=True))
        click.echo()


@main.command()
@click.option("--seeds", default=200, show_default=True, type=click.IntRange(0),
              help="Seeds per linked generator (0: lint only).")
@click.option("--jobs", "-j", default=None, type=click.IntRange(1), help="Worker processes (default: all cores).")
@kb_option
def check(seeds, jobs, kb_path):
    """Lint the knowledge base and run every linked generator.

    Reports schema errors, duplicate ids, unknown prerequisites, cycles, links to
    missing generators, bad TeX delimiters, derivation steps that do not follow,
    and per generator: verification failures, crashes, non-determinism and the
    acceptance rate of its rejection sampling. Exit 1 when anything is wrong.
    """
    from osmose.check import check as run_check

    kb = load_kb(kb_path)
    targets = None
    with click.progressbar(length=1, label="linting", file=sys.stderr) as bar:
        from osmose.check import sweep_targets
        targets = len(sweep_targets(kb)) if seeds else 0
        bar.length = max(targets, 1)
        bar.label = f"{targets} generator sweeps × {seeds} seeds"
        report = run_check(kb, seeds=seeds, jobs=jobs, progress=lambda s: bar.update(1))
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    if report.sweeps:
        rows = [[s.family, ",".join(f"{k}={v}" for k, v in sorted(s.params.items())) or "—",
                 f"{s.ok}/{s.seeds}", f"{s.acceptance:.0%}", f"{s.rate:.0f}/s",
                 "ok" if not s.problems else f"{len(s.problems)} problem(s)"] for s in report.sweeps]
        click.echo(table(rows, ["family", "params", "verified", "acceptance", "speed", "status"]))
    for problem in report.problems:
        click.echo(str(problem))
    n = len(kb.concepts)
    if report.ok:
        click.echo(click.style(f"ok: {n} concepts, {len(kb.families)} families, "
                               f"{sum(s.ok for s in report.sweeps)} exercises verified", fg="green"))
    else:
        click.echo(click.style(f"{len(report.problems)} problem(s)", fg="red"), err=True)
        sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
