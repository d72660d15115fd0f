"""osmose command line: parse arguments, call the engine, print.

Heavy modules (SymPy, the generators, rich) are imported inside commands so
``osmose --help`` and ``osmose concepts`` stay fast.
"""

from __future__ import annotations

import json
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
        except OSError as err:  # a path the user gave that cannot be read or written
            where = f"{err.filename}: " if err.filename else ""
            click.echo(f"osmose: {where}{err.strerror or err}", err=True)
            ctx.exit(1)


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


def table(rows: list[list[str]], headers: list[str], width: int | None = None) -> str:
    """A plain aligned table (no rich: keeps light commands fast) that fits the terminal:
    when too wide, the widest columns wrap inside their cells (nothing is cut off)."""
    import re
    import textwrap

    width = _table_width() if width is None else width
    rows = [[str(v) for v in r] for r in rows]
    widths = [max(len(r[i]) for r in rows + [headers]) for i in range(len(headers))]
    # a column narrows down to its longest word (split at spaces and hyphens), at most 8
    # characters: a longer word (an identifier) is broken inside the cell
    words = [max((len(w) for r in rows for w in re.split(r"\s+|(?<=-)", r[i])), default=1)
             for i in range(len(headers))]
    floor = [max(len(h), min(w, 8)) for w, h in zip(words, headers)]
    while width and sum(widths) + 2 * (len(widths) - 1) > width:
        k = max(range(len(widths)), key=lambda i: (widths[i] - floor[i], widths[i]))
        if widths[k] <= floor[k]:
            break  # as narrow as it sensibly gets
        widths[k] -= 1

    def lines(r: list[str]) -> list[str]:
        cells = [textwrap.wrap(v, w) or [""] if len(v) > w else [v] for v, w in zip(r, widths)]
        return ["  ".join((c[n] if n < len(c) else "").ljust(w) for c, w in zip(cells, widths)).rstrip()
                for n in range(max(len(c) for c in cells))]

    out = [heading(lines(headers)[0]), "  ".join("─" * w for w in widths)]
    for r in rows:
        out += lines(r)
    return "\n".join(out)


def _table_width() -> int | None:
    """The terminal's width when there is one (or ``COLUMNS`` says so); else no limit."""
    import os
    import shutil

    if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit():
        return shutil.get_terminal_size().columns
    return None


class _ProgressLines:
    """Progress as plain lines on stderr when it is not a terminal (CI logs, pipes, files):
    the first report of a stage, then one line every ``every`` seconds, then its end."""

    def __init__(self, labels: dict, every: float = 5.0):
        self.labels, self.every = labels, every
        self.started: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.finished: set[str] = set()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def __call__(self, stage: str, done: int, total: int) -> None:
        import time

        now = time.monotonic()
        if not total:
            return  # nothing to do in this stage (everything came from a cache)
        if stage not in self.started:
            self.started[stage] = now
        elif stage in self.finished or (done < total and now - self.last[stage] < self.every):
            return
        self.last[stage] = now
        if done >= total:
            self.finished.add(stage)
        click.echo(f"osmose: {self.labels.get(stage, stage)}: {done:,}/{total:,} ({done / total:.0%}), "
                   f"{now - self.started[stage]:.0f} s", err=True)


def _stage_progress(labels: dict):
    """``(context, progress(stage, done, total))``: a rich bar per stage on a terminal,
    plain lines every few seconds elsewhere (rich would show nothing there)."""
    if not sys.stderr.isatty():
        lines = _ProgressLines(labels)
        return lines, lines
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    tasks: dict[str, int] = {}

    def progress(stage, done, total):
        if stage not in tasks:
            tasks[stage] = bar.add_task(labels.get(stage, stage), total=max(total, 1))
        bar.update(tasks[stage], completed=done if total else 1, total=max(total, 1))

    return bar, progress


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
                   f"run '{_command_for(kb, 'check')}' to see them", err=True)


def _command_for(kb, command: str) -> str:
    """``osmose COMMAND``, with ``--kb PATH`` when the knowledge base is not the built-in one."""
    import shlex

    from osmose import BUILTIN_KB

    if kb.root.resolve() == BUILTIN_KB:
        return f"osmose {command}"
    return f"osmose {command} --kb {shlex.quote(str(kb.root))}"


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
                    "params": params, "levels": {str(k): v for k, v in f.levels.items()},
                    "concepts": kb.linking(name)})
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
        for level, says in item["levels"].items():
            click.echo(f"    level {level}: {says}")
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
        out.append(click.style(f"  try: {_command_for(kb, 'generate ' + c.exercises[0].generator)}", dim=True))
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
            click.echo(f"  see: {_command_for(kb, 'show ' + m.concept.id)}")


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

    from osmose.exercises import make_exercise_reported as make_exercise
    from osmose.mathtext import display, uni

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
        click.echo(f"{heading('Answer:')} {display(ex.answer)}")
        for i, step in enumerate(ex.solution, 1):
            click.echo(f"  {i}. {step.say}" + (f"  {step.text}" if step.text else ""))
        if ex.mistakes:
            click.echo(heading("Typical mistakes:"))
            for m in ex.mistakes:
                click.echo(f"  • {uni(m.answer)} — {m.name}: {m.feedback}")
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
    from osmose.check import sweep_targets

    kb = load_kb(kb_path)
    targets = sweep_targets(kb) if seeds else []
    label = f"{len(targets)} generator sweeps × {seeds} seeds"
    bar, progress = _stage_progress({"sweep": label})
    swept = []
    with bar:
        if targets:
            progress("sweep", 0, len(targets))
        report = run_check(kb, seeds=seeds, jobs=jobs, targets=targets,
                           progress=lambda sweep: (swept.append(sweep),
                                                   progress("sweep", len(swept), len(targets))))
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    if report.sweeps:
        rows = [[s.family, ",".join(f"{k}={v}" for k, v in sorted(s.params.items())) or "—",
                 f"{s.ok}/{s.seeds}", f"{s.acceptance:.0%}", f"{s.rate:.0f}/s",
                 f"{s.prompts}" + (f" of {s.finite}" if s.finite else ""), f"{s.answers}",
                 "ok" if not s.problems else f"{len(s.problems)} problem(s)"] for s in report.sweeps]
        # short headers so the table fits 64 columns: ok = verified/seeds, accept = acceptance
        click.echo(table(rows, ["family", "params", "ok", "accept", "speed",
                                "prompts", "answers", "status"]))
    for problem in report.problems:
        click.echo(str(problem))
    n = len(kb.concepts)
    if report.ok:
        click.echo(click.style(f"ok: {n} concepts, {len(kb.families)} families, "
                               f"{sum(s.ok for s in report.sweeps)} exercises verified", fg="green"))
    else:
        click.echo(click.style(f"{len(report.problems)} problem(s)", fg="red"), err=True)
        sys.exit(1)


# --- Anki export ----------------------------------------------------------------

@main.command()
@click.argument("recipe", default="osmose")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Where to write the .apkg (default: decks/build/RECIPE.apkg in the knowledge base).")
@click.option("--jobs", "-j", default=2, show_default=True, type=click.IntRange(1),
              help="Worker processes generating variants.")
@kb_option
def export(recipe, output, jobs, kb_path):
    """Write an Anki deck (.apkg) from a deck recipe.

    RECIPE is a name in decks/ (osmose, calculus, ...) or a path to a recipe
    file. Re-importing a new export into Anki updates changed notes in place
    and keeps your review history; notes that disappeared are listed so you
    can delete them in Anki.
    """
    from pathlib import Path

    from osmose.anki.export import export_deck

    kb = load_kb(kb_path)
    _warn_broken(kb)
    bar, progress = _stage_progress({"generate": "generating variants", "write": "writing package"})
    with bar:
        result = export_deck(kb, recipe, Path(output) if output else None, progress, workers=jobs)

    click.echo(heading(f"{result.path}") + f"  (deck '{result.deck}')")
    kinds = sorted(result.notes_by_kind.items())
    click.echo(table([[k, str(n)] for k, n in kinds] + [["total", str(result.notes)]],
                     ["note type", "notes"]))
    click.echo(table([[a, str(n)] for a, n in sorted(result.notes_by_area.items())],
                     [f"{result.deck}::area", "notes"]))
    s = result.seconds
    click.echo(f"{result.cards} cards · {result.variants} verified variants "
               f"({result.distinct} distinct: {result.generated} generated now, "
               f"{result.distinct - result.generated} from the cache) · "
               f"{s['total']:.1f} s (generate {s['generate']:.1f} s, write {s['write']:.1f} s)")
    click.echo(f"since the last export: {len(result.new)} new, {len(result.changed)} changed, "
               f"{len(result.removed)} removed")
    for key in result.removed:
        click.echo(click.style(f"  removed: {key}", fg="yellow") + "  (delete it in Anki: search "
                   f"\"Key:{key}\")")
    for failure, more in _grouped(result.failures):
        click.echo(click.style(f"not shipped: {failure}", fg="red")
                   + (f" (and {more} more variant{'s' if more > 1 else ''} like it)" if more else ""),
                   err=True)
    if result.failures:  # a verification mismatch is a bug: fail loudly
        sys.exit(1)


def _grouped(messages: list[str]) -> list[tuple[str, int]]:
    """Messages that differ only in numbers (seeds, ids) once, with how many more there were."""
    import re

    groups: dict[str, list[str]] = {}
    for m in messages:
        groups.setdefault(re.sub(r"\d+", "#", m), []).append(m)
    return [(found[0], len(found) - 1) for found in groups.values()]


# --- quiz, due, stats ---------------------------------------------------------

db_option = click.option(
    "--db", "db_path", envvar="OSMOSE_DB", type=click.Path(dir_okay=False),
    help="Review database (default: osmose.db in your user data folder).",
)


def _when(ms: int, now: int) -> str:
    """A due time relative to now: 'now', 'in 10 min', 'in 3 h', 'in 4 days'."""
    minutes = (ms - now) / 60_000
    if minutes <= 0:
        return "now"
    if minutes < 90:
        return f"in {-int(-minutes // 1)} min"
    if minutes < 36 * 60:
        return f"in {round(minutes / 60)} h"
    days = minutes / 1440
    return f"in {round(days)} days" if days < 60 else f"in {days / 30.4:.0f} months"


def _bar(n: int, most: int, width: int = 30) -> str:
    """A bar of block characters, at least one block for any nonzero count."""
    if not n or not most:
        return ""
    eighths = max(1, round(n / most * width * 8))
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


def _day_name(day, today) -> str:
    """The date words ``due`` and ``stats`` share: today, tomorrow, yesterday, else 'Wed 03 Dec'."""
    words = {0: "today", 1: "tomorrow", -1: "yesterday"}
    return words.get((day - today).days, day.strftime("%a %d %b"))


class _Quit(Exception):
    """'q' typed at a prompt."""


class _Lines:
    """Lines of standard input, read with select() so a Ctrl-C is seen at once.

    ``input()`` can miss an interrupt that arrives between the prompt and the
    blocking read until the next Enter; polling with a short timeout cannot.
    """

    def __init__(self, stream):
        self.stream, self.buffer = stream, b""
        try:
            self.fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            self.fd = None  # an in-memory stream (click's test runner): read it directly

    def readline(self) -> str:
        import os
        import select

        if self.fd is None:
            text = self.stream.readline()
            if not text:
                raise EOFError
            return text.rstrip("\r\n")
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], 0.2)
            if not ready:
                continue
            chunk = os.read(self.fd, 4096)
            if not chunk:
                if not self.buffer:
                    raise EOFError
                break
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode("utf-8", "replace").rstrip("\r")


class _QuizScreen:
    """Terminal I/O of a quiz: rich panels on a terminal, or --plain lines; whole lines in both."""

    KEYS = "1 again · 2 hard · 3 good · 4 easy · Enter accepts"

    def __init__(self, plain: bool):
        self.plain = plain or not sys.stdin.isatty()
        self.console = None
        self.lines = _Lines(sys.stdin)
        if not self.plain:
            from rich.console import Console
            self.console = Console(highlight=False, soft_wrap=False)

    def line(self, text: str = "", style: str | None = None) -> None:
        if self.console is None:
            click.echo(text)
        else:
            from rich.text import Text
            self.console.print(Text(text, style=style or ""))

    def turn(self, turn, total: int) -> None:
        head = f"{turn.number}/{max(total, turn.number)} · {turn.title} · {turn.label}"
        head += " · new" if turn.new else ""
        body = list(turn.context and ["so far:"] + [f"  {t}" for t in turn.context])
        body.append(turn.question)
        if self.console is None:
            click.echo(f"\n[{head}]")
            for text in body:
                click.echo(text)
            return
        from rich.panel import Panel
        from rich.text import Text
        self.console.print()
        self.console.print(Panel(Text("\n".join(body)), title=Text(head, style="bold"),
                                 title_align="left", border_style="blue" if turn.new else "cyan"))

    def ask(self, prompt: str) -> str:
        """One line from the learner; EOFError at the end of input, _Quit on 'q'."""
        if self.console is None:
            click.echo(f"{prompt}> ", nl=False)
        else:
            from rich.text import Text
            self.console.print(Text(f"{prompt}› ", style="bold"), end="")
        sys.stdout.flush()
        text = self.lines.readline()
        if not sys.stdin.isatty():
            click.echo()  # the typed line was not echoed: end the prompt's line
        if text.strip().lower() in ("q", "quit"):
            raise _Quit
        return text

    def rating(self, proposed):
        """The learner's rating (None accepts ``proposed``): a whole line, so Enter never spills."""
        from osmose.schedule import RATING_NAMES, parse_rating

        self.line(f"rating: {RATING_NAMES[proposed]} — {self.KEYS}", "bold")
        while True:
            text = self.ask("rate")
            if not text.strip():
                if not self.plain:
                    self.line(f"  → {RATING_NAMES[proposed]}")
                return None
            chosen = parse_rating(text)
            if chosen is not None:
                if not self.plain:
                    self.line(f"  → {RATING_NAMES[chosen]}")
                return chosen
            self.line(f"type 1, 2, 3 or 4 and Enter (Enter alone: {RATING_NAMES[proposed]}; "
                      "q quits)", "yellow")

    def outcome(self, turn, out) -> None:
        marks = {"correct": ("✓ correct", "bold green"), "wrong": ("✗ wrong", "bold red"),
                 "shown": ("solution shown (counts as a lapse)", "yellow"),
                 "self": ("answer — grade yourself", "bold")}
        text, style = marks[out.status]
        if out.status == "wrong" and out.score is not None and 0 < out.score < 1:
            text += f" ({out.score.numerator}/{out.score.denominator} of the parts right)"
        self.line(text + f"  ({out.duration_ms / 1000:.0f} s)", style)
        if out.echo:
            self.line(f"understood: {out.echo}")
        elif out.status == "self" and out.answer_text.strip():
            self.line(f"you wrote: {out.answer_text.strip()}")
        if out.feedback:
            self.line(out.feedback, "yellow")
        if out.message:
            self.line(out.message, "dim")
        if out.answer:
            self.line(f"answer: {out.answer}", "bold")
        if out.solution:
            self.line("solution:")
            for n, (say, math) in enumerate(out.solution, 1):
                self.line(f"  {n}. {say}" + (f"  {math}" if math else ""))


def _run_quiz(quiz, screen, total: int) -> str:
    """Drive the session until it ends; returns how it ended ('done', 'quit', 'interrupted' …).

    However it ends, an answered item not yet rated is saved with its proposed rating.
    """
    try:
        while (turn := quiz.next()) is not None:
            screen.turn(turn, total)
            out = None
            while out is None:
                text = screen.ask("answer" if turn.skill else "recall, then Enter to reveal")
                command = text.strip().lower()
                if command in ("?", "hint"):
                    hint = quiz.hint()
                    screen.line(f"hint: {hint}" if hint else "no more hints — '!' shows the solution",
                                "yellow")
                elif command in ("!", "solution"):
                    out = quiz.give_up()
                elif turn.skill and not command:
                    screen.line("type an answer ('?' hint, '!' solution, 'q' quit)", "dim")
                else:
                    out = quiz.submit(text)
                    if out.status == "invalid":
                        screen.line(f"can't read that: {out.message} — try again", "yellow")
                        out = None
            screen.outcome(turn, out)
            rated = quiz.rate(screen.rating(out.proposed))
            screen.line(f"next review {_when(rated.due, rated.reviewed_at)}", "dim")
            if rated.credited:
                n = len(rated.credited)
                screen.line(f"also practised: {n} prerequisite skill{'s' * (n > 1)} (implicit credit)",
                            "dim")
            for key in rated.checks:
                screen.line(f"check soon: {_item_title(quiz.catalog.get(key), key, quiz.titles)}",
                            "yellow")
        return "done"
    except EOFError:
        how = "end of input"
    except KeyboardInterrupt:
        how = "interrupted"
    except _Quit:
        how = "quit"
    if quiz.turn is not None and quiz.turn.outcome is not None:
        quiz.rate(None)  # answered but not rated yet: keep it, with the proposed rating
    return how


def _item_title(item, key: str, titles: dict) -> str:
    """'Hessian matrix · formula: entries' for an item; its key when the knowledge base lacks it."""
    if item is None:
        return key
    from osmose.unitex import prose
    return f"{prose(titles.get(item.concept, item.concept))} · {prose(item.label)}"


@main.command()
@click.argument("concept_ids", nargs=-1, metavar="[CONCEPT]...")
@click.option("--area", multiple=True, help="Only concepts of this area (repeatable).")
@click.option("--tag", multiple=True, help="Only concepts with this tag (repeatable).")
@click.option("--new", "new_limit", default=10, show_default=True, type=click.IntRange(0),
              help="At most N new items this session.")
@click.option("--limit", default=None, type=click.IntRange(1), help="Stop after M reviews.")
@click.option("--exercises", "only", flag_value="skill", help="Exercises (skills) only.")
@click.option("--facts", "only", flag_value="fact", help="Facts (cards) only.")
@db_option
@click.option("--plain", is_flag=True,
              help="No colours or cursor tricks; two stdin lines per card: the answer, then the "
                   "rating (1-4, empty for the proposed one).")
@click.option("--retention", default=0.9, show_default=True, envvar="OSMOSE_RETENTION",
              type=click.FloatRange(0.7, 0.99), help="Desired probability of recall at review time.")
@click.option("--seed", default=None, type=click.IntRange(0), hidden=True,
              help="Seed the exercise draws (reproducible sessions, for tests).")
@kb_option
def quiz(concept_ids, area, tag, new_limit, limit, only, db_path, plain, retention, seed, kb_path):
    """Practise: due reviews first, then new items from the knowledge frontier.

    \b
    Named concepts take turns, and one new item in three is an exercise when
    there are any. Concepts whose prerequisites you have not learned yet wait
    for them (naming one offers its prerequisites first). Items rated again
    come back in the session.
    \b
    Type answers as plain math (2*x*y, x^2 e^(x y), [[1, 2], [3, 4]]) or LaTeX.
    ?  hint        !  show the solution (both count as a lapse)        q  quit
    After each answer: Enter accepts the proposed rating, 1-4 and Enter overrides it.
    Ctrl-C, q or end of input stops; every answered item is saved.
    \b
    osmose quiz hessian kl-divergence bayes-rule
    osmose quiz --area calculus --new 5 --exercises
    osmose quiz hessian --limit 10 --plain < answers.txt
    """
    import random

    from osmose.graph_schedule import Graph
    from osmose.items import build_items
    from osmose.quiz import Quiz, missing_prerequisites
    from osmose.schedule import Scheduler
    from osmose.store import Store

    kb = load_kb(kb_path)
    _warn_broken(kb)
    for a in area:
        if a not in kb.areas():
            from osmose.kb import suggest
            raise OsmoseError(f"unknown area '{a}'{suggest(a, kb.areas())}")
    chosen = kb.select(ids=concept_ids, areas=area, tags=tag)
    if not chosen:
        raise OsmoseError("no concepts match the selection")
    everything = build_items(kb.select(), kb.families)
    graph = Graph.from_kb(kb.select(), everything)
    with Store.open(db_path) as store:
        missing = missing_prerequisites(store, graph, [c.id for c in chosen], only != "skill")
        if missing:
            chosen = kb.select(ids=[c.id for c in chosen] + missing)
        items = [i for i in build_items(chosen) if only is None or i.kind == only]
        titles = {c.id: c.title for c in kb.concepts.values()}
        session = Quiz(store, items, titles=titles,
                       scheduler=Scheduler(retention), families=lambda: kb.families,
                       new_limit=new_limit, limit=limit,
                       rng=random.Random(seed) if seed is not None else None,
                       graph=graph, catalog={i.key: i for i in everything},
                       named=tuple(concept_ids) + tuple(missing) if concept_ids else ())
        due, fresh = session.plan()
        screen = _QuizScreen(plain)
        if not due and not fresh:
            nxt = session.next_due()
            click.echo("nothing due" + (f"; next review {_when(nxt, session.clock())}" if nxt else ""))
            return
        if missing:
            from osmose.unitex import prose
            screen.line("first, what this builds on (not learned yet): "
                        + ", ".join(prose(kb.concepts[c].title) for c in missing), "yellow")
        screen.line(f"{due} due, {fresh} new — '?' hint · '!' solution · 'q' quit", "dim")
        how = _run_quiz(session, screen, due + fresh)
        s = session.summary
        now = session.clock()
        from osmose.progress import due_now
        pending, nxt = due_now(store, now)
        graded = f" ({s.correct} correct, {s.wrong} wrong)" if s.correct or s.wrong else ""
        credit = f", {s.implicit} implicit credit" if s.implicit else ""
        credit += f", {s.checks} prerequisite checks" if s.checks else ""
        click.echo(f"\n{how}: {s.reviewed} reviewed{graded}, {s.new} new, {s.again} again{credit}"
                   + f"; {pending} due now"
                   + (f"; next review {_when(nxt, now)}" if nxt else "")
                   + f"; saved in {store.path}")
        for note in s.skipped:
            click.echo(f"osmose: skipped {note}", err=True)


def _open_existing(db_path):
    """The store for read-only commands, or None when nothing was ever reviewed."""
    from osmose.store import Store, resolve_path
    try:
        return Store.open(db_path, create=False)
    except FileNotFoundError:
        click.echo(f"no reviews yet ({resolve_path(db_path)} does not exist) — start with "
                   "'osmose quiz'")
        return None


def _titles(kb_path) -> tuple[dict, dict]:
    """(item key → Item, concept id → title) of the knowledge base; empty if it cannot load."""
    try:
        from osmose.items import build_items
        kb = load_kb(kb_path)
        return ({i.key: i for i in build_items(list(kb.concepts.values()))},
                {c.id: c.title for c in kb.concepts.values()})
    except OsmoseError:
        return {}, {}


@main.command()
@click.option("--days", default=7, show_default=True, type=click.IntRange(1, 366),
              help="How many coming days to forecast.")
@db_option
@kb_option
def due(days, db_path, kb_path):
    """What is due now, and how many reviews fall due on each coming day."""
    import time

    from osmose.progress import forecast

    store = _open_existing(db_path)
    if store is None:
        return
    with store:
        now = time.time_ns() // 1_000_000
        f = forecast(store, now, days)
    items, titles = _titles(kb_path) if f.first else ({}, {})
    click.echo(f"{f.due_now} due now" + (f" ({f.overdue} from before today)" if f.overdue else "")
               + f" — {f.items} items in {store.path}")
    for row in f.first:
        click.echo(f"  {_item_title(items.get(row.key), row.key, titles)}")
    if f.due_now > len(f.first):
        click.echo(f"  … and {f.due_now - len(f.first)} more")
    most = max((n for _, n in f.days), default=0)
    click.echo("coming days (today: everything due by midnight):")
    for day, n in f.days:
        click.echo(f"  {_day_name(day, f.days[0][0]):<10} {n:>6}  {_bar(n, most)}")
    if f.next_due and not f.due_now:
        click.echo(f"next review {_when(f.next_due, now)}")


@main.command()
@click.option("--days", default=14, show_default=True, type=click.IntRange(1, 366),
              help="Days of history and of forecast.")
@db_option
@click.option("--retention", default=0.9, show_default=True, envvar="OSMOSE_RETENTION",
              type=click.FloatRange(0.7, 0.99), help="Desired retention (for comparison).")
@kb_option
def stats(days, db_path, retention, kb_path):
    """Reviews per day, retention, the due forecast, and mastery per concept."""
    import time

    from osmose.progress import stats as compute
    from osmose.schedule import Scheduler

    store = _open_existing(db_path)
    if store is None:
        return
    items, _ = _titles(kb_path)
    if not items:
        click.echo("osmose: the knowledge base did not load (mastery of started items only)", err=True)
    with store:
        now = time.time_ns() // 1_000_000
        st = compute(store, Scheduler(retention), now, days, list(items.values()) or None)
    click.echo(heading(f"reviews per day (last {days} days) — {st.reviews} reviews, "
                       f"{st.items} items"))
    most = max((n for _, n, _ in st.per_day), default=0)
    today = st.forecast[0][0]
    for day, n, again in st.per_day:
        recalled = f"  {1 - again / n:.0%} not again" if n else ""
        click.echo(f"  {_day_name(day, today):<10} {n:>5}  {_bar(n, most)}{recalled}")
    if st.retention is None:
        click.echo("retention: no reviews of mature items in the last 30 days yet")
    else:
        click.echo(f"retention (last 30 days): {st.retention:.0%} of {st.tested} reviews recalled "
                   f"(desired {retention:.0%})")
    click.echo(heading(f"due forecast (next {days} days; today: everything due by midnight)"))
    most = max((n for _, n in st.forecast), default=0)
    for day, n in st.forecast:
        click.echo(f"  {_day_name(day, today):<10} {n:>6}  {_bar(n, most)}")
    rows = [m for m in st.mastery if m.started]
    rows.sort(key=lambda m: (-m.recall, m.concept))
    waiting = sum(1 for m in st.mastery if not m.started)
    click.echo(heading("mastery per concept (predicted recall now, exercises count 3×)"))
    width = max((len(m.concept) for m in rows), default=0)
    for m in rows:
        of = f"/{m.total}" if m.total else ""
        click.echo(f"  {m.concept:<{width}}  {_bar(round(m.recall * 10), 10, 10):<10} "
                   f"{m.recall:>4.0%}  {m.started}{of} items started")
    if waiting:
        click.echo(f"  … {waiting} concept{'s' if waiting > 1 else ''} not started yet")


# --- answer checking -------------------------------------------------------------

@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("exercise_id")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the verdict as one JSON object.")
@kb_option
def answer(exercise_id, text, as_json, kb_path):
    """Judge one answer to an exercise: exit 0 correct, 1 wrong, 2 invalid input.

    The exercise id (as printed by 'osmose generate') is enough to rebuild the
    exercise. Answers are plain math or LaTeX; a leading minus is fine.

    \b
    osmose answer 'second_partials:v1:level=1,partial=any:7' '2x - 12cos(x - 2y)'
    osmose answer 'markov_chain:v2:level=1:3' '(1/3, 2/3)'
    osmose answer 'covariance:v2:ask=matrix,level=1:1' '\\begin{bmatrix}3 & 3/2\\\\ 3/2 & 1\\end{bmatrix}'
    """
    from osmose.checker import check_answer
    from osmose.exercises import exercise_from_id, parse_id

    fam = load_kb(kb_path).family(parse_id(exercise_id)[0])
    verdict = check_answer(exercise_from_id(fam, exercise_id), text)
    code = {"correct": 0, "wrong": 1}.get(verdict.status, 2)
    if as_json:
        echo_json(verdict.to_json())
        sys.exit(code)
    if verdict.status == "invalid":
        click.echo(click.style("invalid: ", fg="yellow", bold=True) + verdict.message)
        sys.exit(code)
    click.echo(f"understood as: {verdict.echo}")
    if verdict.status == "correct":
        click.echo(click.style("correct ✓", fg="green", bold=True))
    else:
        score = f"  ({verdict.score} right)" if verdict.parts else ""
        click.echo(click.style("wrong ✗", fg="red", bold=True) + score)
    if verdict.message:
        click.echo(f"note: {verdict.message}")
    if verdict.feedback:
        click.echo(f"feedback: {verdict.feedback}")
    sys.exit(code)


# --- problem sets and grading ------------------------------------------------------

@main.command()
@click.argument("recipe", required=False)
@click.option("--concept", "concept_ids", multiple=True, metavar="ID",
              help="Draw questions from this concept's exercises (repeatable, or comma-separated).")
@click.option("--family", "family_names", multiple=True, metavar="F",
              help="Draw questions from this exercise family (repeatable, or comma-separated).")
@click.option("-n", "count", default=10, show_default=True, type=click.IntRange(1, 200),
              help="Questions per student.")
@click.option("--seed", default=None, type=click.IntRange(0),
              help="Set seed (default: the recipe's seed, else 1). Same inputs, same files.")
@click.option("--roster", type=click.Path(dir_okay=False),
              help="CSV with an 'id' column (and optionally 'name'): one set per student.")
@click.option("--out", "-o", default="problemset", show_default=True, type=click.Path(file_okay=False),
              help="Output folder.")
@click.option("--param", "-p", "params", multiple=True, metavar="K=V",
              help="Family parameter for every selected family that has it, e.g. --param level=2.")
@click.option("--title", default=None, help="Title printed on the sets.")
@click.option("--no-pdf", is_flag=True, help="Do not typeset PDFs even when LaTeX is installed.")
@click.option("--jobs", "-j", default=2, show_default=True, type=click.IntRange(1),
              help="Worker processes generating variants.")
@click.option("--force", is_flag=True,
              help="Replace a different set in OUT (removes only the files osmose wrote there).")
@kb_option
def problemset(recipe, concept_ids, family_names, count, seed, roster, out, params, title, no_pdf,
               jobs, force, kb_path):
    """Write printable problem sets with answer keys: one verified variant per student.

    RECIPE is a deck recipe (a name in decks/ or a YAML path); or pick concepts
    or families. Every student gets the same questions with their own numbers
    (seeds derive from the set seed and the student id); answer keys go to
    OUT/keys/, kept apart from OUT/<student>/, and OUT/manifest.json holds what
    'osmose grade' needs. Students are written as they are drawn; an interrupted
    run resumes when started again with the same inputs. OUT must be empty or
    hold this same set (or pass --force).

    \b
    osmose problemset calculus -n 10 --seed 7 --roster students.csv --out week3
    osmose problemset --concept hessian --concept markov-chain -n 4 --out practice
    osmose problemset --family gaussian_kl_mv --param level=2 -n 5
    """
    from osmose.problemset.make import make_problemset

    split = lambda values: [v.strip() for item in values for v in item.split(",") if v.strip()]  # noqa: E731
    kb = load_kb(kb_path)
    _warn_broken(kb)
    bar, progress = _stage_progress({"generate": "drawing verified variants",
                                              "write": "writing sets", "pdf": "typesetting PDFs"})
    with bar:
        made = make_problemset(kb, out, recipe=recipe, concepts=split(concept_ids),
                               families=split(family_names), params=parse_params(params),
                               count=count, seed=seed, roster=roster, title=title, workers=jobs,
                               want_pdf=not no_pdf, force=force, progress=progress)
    ps = made.problemset
    who = f"{made.students} students" if ps.roster else "one set (no roster)"
    if made.resumed:
        who += f" ({made.resumed} already written by an interrupted run)"
    click.echo(heading(str(made.out)) + f"  {who} × {len(ps.plan)} questions, set seed {ps.seed}")
    rows = [[str(n), slot.family, ",".join(f"{k}={v}" for k, v in slot.params) or "—",
             slot.concept or "—"] for n, slot in enumerate(ps.plan, 1)]
    click.echo(table(rows, ["#", "family", "params", "concept"]))
    first = made.first_student
    click.echo(f"problems: {made.out}/{first + '/' if first else ''}problems.md (and .tex)"
               + (" … one folder per student" if ps.roster else ""))
    click.echo(f"answer keys: {made.out}/keys/  ·  manifest: {made.out}/manifest.json")
    for note in ps.shared:
        click.echo(click.style(f"note: {note}", fg="yellow"), err=True)
    if made.pdf_note:
        click.echo(click.style(made.pdf_note, dim=True), err=True)
    elif made.pdf_engine:
        ok = made.students - len(made.pdf_failures)
        click.echo(f"PDF: {ok} of {made.students} typeset with {made.pdf_engine}")
    for failure in made.pdf_failures:
        click.echo(click.style(f"osmose: {failure}", fg="red"), err=True)
    click.echo(click.style(f"grade with: {_command_for(kb, f'grade {made.out} SUBMISSIONS_FOLDER')}",
                           dim=True))


@main.command()
@click.argument("set_dir", metavar="DIR", type=click.Path(file_okay=False))
@click.argument("submissions", metavar="SUBMISSIONS", type=click.Path(file_okay=False))
@click.option("--jobs", "-j", default=2, show_default=True, type=click.IntRange(1),
              help="Worker processes checking answers.")
@kb_option
def grade(set_dir, submissions, jobs, kb_path):
    """Grade answer files against a problem set and write DIR/gradebook.csv.

    DIR is a folder written by 'osmose problemset' (it holds manifest.json).
    SUBMISSIONS holds one file per student named by student id: ID.yaml (or
    .yml, .csv), question number → answer text, in the syntax the quiz accepts:

    \b
        1: 2*x*y
        2: [[1, 2], [3, 4]]
        3: '\\frac{1}{2}'

    Partial credit for matrices and tuples: decimals in gradebook.csv, exact
    fractions in gradebook.json. Per-student reports go to DIR/reports/.
    Problems in the files are listed with file and line; everything else is
    still graded.
    """
    from osmose.problemset.grade import grade_folder, percent, points_text, summary_lines, write_gradebook

    bar, progress = _stage_progress({"grade": "checking answers"})
    with bar:
        book = grade_folder(set_dir, submissions, kb_path=kb_path, workers=jobs, progress=progress)
    problems = [str(i) for i in book.issues]
    problems += [str(i) for s in book.students if s.submission for i in s.issues]
    if problems:
        click.echo(heading(f"{len(problems)} problem(s) in the submissions:"), err=True)
        for line in problems:
            click.echo(f"  {line}", err=True)
    rows = []
    for s in book.students:
        counts = {k: sum(1 for r in s.results if r.status == k) for k in ("wrong", "invalid", "missing")}
        notes = ", ".join(f"{n} {k if k != 'invalid' else 'unreadable'}" for k, n in counts.items() if n)
        rows.append([s.id, s.name or "—", points_text(s.total), str(s.max_points),
                     f"{percent(s.total, s.max_points)} %",
                     notes if s.submission else "no submission"])
    if rows:
        click.echo(table(rows, ["student", "name", "points", "of", "score", "notes"]))
    click.echo()
    for line in summary_lines(book):
        click.echo(line)
    written = write_gradebook(set_dir, book)
    click.echo(click.style(f"wrote {written[0]} (decimals), {written[1].name} (exact points) and "
                           f"{len(written) - 2} report files in {written[2].parent}/", dim=True))


if __name__ == "__main__":  # pragma: no cover
    main()
