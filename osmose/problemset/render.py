"""A student's problems as Markdown and LaTeX, and the answer key as Markdown.

Exercises carry TeX prose with ``\\( … \\)`` and ``\\[ … \\]`` math. Markdown
gets ``$…$`` and ``$$…$$`` (what GitHub and Obsidian render), with the prose
escaped so Markdown does not eat ``*`` or ``_``; LaTeX keeps the delimiters and
escapes the prose, spelling out the Unicode math in it (θ → ``\\theta``) so
``pdflatex`` needs nothing beyond amsmath and amssymb. No timestamps: the same
set renders to the same bytes.
"""

from __future__ import annotations

import re
import unicodedata

from osmose.problemset.build import ProblemSet, Question, StudentSet
from osmose.mathtext import answer_tex
from osmose.unitex import MATH_SPAN



def split_math(text: str) -> list[tuple[str, str]]:
    """``[(kind, content)]`` with kind ``text``, ``inline`` or ``display``."""
    out, pos = [], 0
    for m in MATH_SPAN.finditer(text):
        if m.start() > pos:
            out.append(("text", text[pos:m.start()]))
        if m.group("inline") is not None:
            out.append(("inline", m.group("inline").strip()))
        else:
            out.append(("display", m.group("display").strip()))
        pos = m.end()
    if pos < len(text):
        out.append(("text", text[pos:]))
    # punctuation right after display math belongs inside it, not on a line of its own
    for i in range(len(out) - 1):
        (kind, math), (nxt, rest) = out[i], out[i + 1]
        punct = re.match(r"\s*([.,;:])", rest) if kind == "display" and nxt == "text" else None
        if punct:
            out[i], out[i + 1] = (kind, math + punct[1]), (nxt, rest[punct.end():])
    return out


# --- Markdown ------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$#|~])")


def md_text(text: str) -> str:
    """Prose for Markdown: special characters escaped, spacing kept."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_inline(tex: str) -> str:
    tex = " ".join(tex.split())
    return f"${tex}$"


def md_display(tex: str) -> str:
    return "\n\n$$\n" + tex.strip() + "\n$$\n\n"


def md_math(text: str) -> str:
    """TeX prose (``\\( \\)``/``\\[ \\]``) as Markdown with ``$`` math."""
    parts = []
    for kind, content in split_math(text):
        if kind == "text":
            parts.append(md_text(content))
        elif kind == "inline" and content:
            parts.append(md_inline(content))
        elif content:
            parts.append(md_display(content))
    return _tidy("".join(parts))


def _tidy(text: str) -> str:
    lines = [line.rstrip() for line in text.split("\n")]
    out = "\n".join(line.lstrip() if i and not lines[i - 1] else line for i, line in enumerate(lines))
    return re.sub(r"\n{3,}", "\n\n", out).strip()


def answer_hint(ex: dict) -> str:
    """How to type the answer, from its kind and shape (plain text, for code spans)."""
    kind, shape = ex["kind"], ex["shape"]
    checking = ex["checking"]
    if kind == "choice":
        return "one of: " + ", ".join(f"`{c}`" for c in checking.get("choices", [])) \
            if checking.get("choices") else "a word"
    if kind == "matrix":
        rows, cols = shape
        row = "[" + ", ".join("…" for _ in range(cols)) + "]"
        return f"a {rows}×{cols} matrix, row by row: `[{', '.join(row for _ in range(rows))}]`"
    if kind == "tuple":
        return f"{shape[0]} values in order: `({', '.join('…' for _ in range(shape[0]))})`"
    figures = checking.get("sig_figs", 3)
    if kind == "expr":
        names = ", ".join(sorted(checking.get("variables", {})))
        return f"an expression{' in ' + names if names else ''}, like `x^2*exp(x*y)`"
    return f"a number: exact (`1/3`, `sqrt(2)`, `ln(2)`) or a decimal to {figures} significant figures"


def submission_name(student_id: str) -> str:
    return f"{student_id or 'answers'}.yaml"


def _question_heading(q: Question, level: str) -> str:
    points = f"{q.points} point{'s' if q.points != 1 else ''}"
    return f"{level} {q.number}. {md_text(q.slot.title)} ({points})"


def problems_markdown(ps: ProblemSet, sset: StudentSet) -> str:
    student = sset.student
    lines = [f"# {md_text(ps.title)}", ""]
    if student.id:
        lines += [f"**Student:** {md_text(student.label)}", ""]
    lines += [f"{len(sset.questions)} questions, {ps.points} points. Set seed {ps.seed}.", "",
              "## How to answer", "",
              f"Write one line per question in a text file named `{submission_name(student.id)}`: "
              "the question number, a colon, your answer.", "",
              "```yaml", "1: 2*x*y", "2: [[1, 2], [3, 4]]", "3: (1/2, 1/3)", "4: '\\frac{1}{2}'",
              "```", "",
              "Type plain math (`x^2`, `sqrt(2)`, `pi`, `exp(x)`, `ln(2)`) or LaTeX (put LaTeX in "
              "single quotes). Exact answers are best; a decimal must be right to the significant "
              "figures the question states. A question with several parts (matrix entries, tuple "
              "values) earns partial credit.", ""]
    for q in sset.questions:
        lines += [_question_heading(q, "##"), "", md_math(q.exercise["prompt_tex"]), "",
                  f"*Answer:* {answer_hint(q.exercise)}.", ""]
    return _document(lines)


def key_markdown(ps: ProblemSet, sset: StudentSet) -> str:
    student = sset.student
    who = f" — {md_text(student.label)}" if student.id else ""
    lines = [f"# Answer key: {md_text(ps.title)}{who}", "",
             f"{len(sset.questions)} questions, {ps.points} points. Set seed {ps.seed}. "
             "Keep this file away from the students.", ""]
    for q in sset.questions:
        ex = q.exercise
        lines += [_question_heading(q, "##"), "", md_math(ex["prompt_tex"]), "",
                  "**Answer:**" + md_display(answer_tex(ex)).rstrip(), "",
                  f"Type it as: `{ex['answer']}`", "", "**Solution**", ""]
        for n, step in enumerate(ex["solution"], 1):
            lines.append(f"**{n}.** {md_math(step['say'])}")
            if step["tex"].strip():
                lines.append(md_display(step["tex"]).rstrip())
            lines.append("")
        if ex["mistakes"]:
            lines += ["**Typical mistakes**", ""]
            lines += [f"- {md_text(m['name'])}: `{m['answer']}` — {md_math(m['feedback'])}"
                      for m in ex["mistakes"]]
            lines.append("")
        evidence = ex["evidence"]
        lines += [f"*Verified:* {md_text(evidence['method'])} — {md_math(evidence['detail'])}", "",
                  f"*Exercise:* `{ex['id']}`", ""]
    return _document(lines)


def _document(lines: list[str]) -> str:
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


# --- LaTeX ---------------------------------------------------------------------------

_TEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
}


def _unicode_table() -> dict[str, str]:
    """Unicode math characters → TeX, inverted from the TeX→Unicode tables."""
    from osmose import unitex

    table: dict[str, str] = {}
    for name, char in unitex.SYMBOLS.items():
        if len(char) == 1 and not char.isascii() and name.isalpha():
            table.setdefault(char, f"\\ensuremath{{\\{name}}}")
    for digit, char in unitex.SUP.items():
        table.setdefault(char, f"\\ensuremath{{^{{{'T' if char == 'ᵀ' else digit}}}}}")
    for digit, char in unitex.SUB.items():
        table.setdefault(char, f"\\ensuremath{{_{{{digit}}}}}")
    for letter, char in unitex.BLACKBOARD.items():
        table.setdefault(char, f"\\ensuremath{{\\mathbb{{{letter}}}}}")
    for letter, char in unitex.CALLIGRAPHIC.items():
        table.setdefault(char, f"\\ensuremath{{\\mathcal{{{letter}}}}}")
    table.update({"−": r"\ensuremath{-}", "–": "--", "—": "---", "…": r"\ldots{}",
                  "ᵀ": r"\ensuremath{^\top}", "‖": r"\ensuremath{\|}", "’": "'", "‘": "`",
                  "“": "``", "”": "''", "√": r"\ensuremath{\surd}", "Σ": r"\ensuremath{\Sigma}",
                  "ϵ": r"\ensuremath{\epsilon}", "φ": r"\ensuremath{\varphi}",
                  "ε": r"\ensuremath{\varepsilon}", " ": "~"})
    return table


_UNICODE: dict[str, str] | None = None
_ACCENT_TEX = {"\u0302": "hat", "\u0304": "bar", "\u0303": "tilde", "\u0307": "dot",
               "\u0308": "ddot", "\u20d7": "vec"}


def tex_text(text: str) -> str:
    """Prose for LaTeX: specials escaped, Unicode math spelled as TeX."""
    global _UNICODE
    if _UNICODE is None:
        _UNICODE = _unicode_table()
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in _TEX_SPECIAL:
            out.append(_TEX_SPECIAL[char])
        elif char.isascii():
            out.append(char)
        elif char in _UNICODE:
            out.append(_UNICODE[char])
        else:
            base, *marks = unicodedata.normalize("NFD", char)
            if marks and len(marks) == 1 and marks[0] in _ACCENT_TEX and base.isascii():
                out.append(f"\\ensuremath{{\\{_ACCENT_TEX[marks[0]]}{{{base}}}}}")
            else:
                out.append(char)  # Latin letters with accents: fontenc T1 has them
    return "".join(out)


def tex_math(text: str) -> str:
    parts = []
    for kind, content in split_math(text):
        if kind == "text":
            parts.append(tex_text(content))
        elif kind == "inline":
            parts.append(f"\\({content}\\)")
        else:
            parts.append(f"\n\\[{content}\\]\n")
    return "".join(parts).strip()


PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\ifdefined\XeTeXrevision\else\ifdefined\directlua\else
  \usepackage[T1]{fontenc}
  \usepackage[utf8]{inputenc}
\fi\fi
\usepackage{amsmath,amssymb}
\setlength{\textwidth}{160mm}
\setlength{\oddsidemargin}{0mm}
\setlength{\evensidemargin}{0mm}
\setlength{\topmargin}{-10mm}
\setlength{\textheight}{240mm}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0.6em}
\pagestyle{plain}
"""


def problems_latex(ps: ProblemSet, sset: StudentSet) -> str:
    student = sset.student
    lines = [PREAMBLE.rstrip(), r"\begin{document}", "",
             r"{\Large\bfseries " + tex_text(ps.title) + r"}\par"]
    if student.id:
        lines.append(r"\textbf{Student:} " + tex_text(student.label) + r"\par")
    lines += [tex_text(f"{len(sset.questions)} questions, {ps.points} points. Set seed {ps.seed}. "
                       f"Answer in a file {submission_name(student.id)}, one line per question: "
                       "the number, a colon, your answer (plain math or LaTeX)."), ""]
    for q in sset.questions:
        points = f"{q.points} point{'s' if q.points != 1 else ''}"
        lines += [r"\subsection*{" + f"{q.number}. " + tex_text(q.slot.title)
                  + f" ({points})" + "}", tex_math(q.exercise["prompt_tex"]), "",
                  r"\textit{Answer:} " + _tex_hint(q.exercise) + ".", ""]
    lines += [r"\end{document}", ""]
    return "\n".join(lines)


def _tex_hint(ex: dict) -> str:
    """The answer hint with its code spans in typewriter type."""
    pieces = answer_hint(ex).split("`")
    return "".join(tex_text(p) if i % 2 == 0 else r"\texttt{" + tex_text(p) + "}"
                   for i, p in enumerate(pieces))
