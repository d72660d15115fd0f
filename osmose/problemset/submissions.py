"""Read answer files: one per student (``<id>.yaml``, ``.yml`` or ``.csv``), question → answer text.

Learners write YAML like they write notes, so the reader is forgiving where it
can be and exact about where it cannot: answers are taken as the text typed
(``[[1, 2], [3, 4]]`` stays text, ``0.50`` keeps its zero, LaTeX in double
quotes keeps its backslashes), and a file that is not valid YAML is reported at
its line and then read line by line (``N: answer``), so one slip costs one
answer, not the whole submission. Nothing here raises for a bad file: every
problem becomes an ``Issue`` with file and line.
"""

from __future__ import annotations

import csv
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from osmose import yamlsrc
from osmose.errors import OsmoseError

SUFFIXES = (".yaml", ".yml", ".csv")
MAX_BYTES = 1_000_000
_QUESTION = re.compile(r"^\s*(?:q(?:uestion)?\s*)?(\d{1,4})\s*$", re.I)
_LINE = re.compile(r"^\s*(?:q(?:uestion)?\s*)?(\d{1,4})\s*(?::|\)|\.(?=\s)|=)\s*(.*?)\s*$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(frozen=True)
class Issue:
    path: str
    line: int  # 0: the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Answer:
    number: int
    text: str
    line: int


@dataclass
class Submission:
    student: str
    path: str
    answers: dict[int, Answer] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


def collect(folder: str | Path) -> tuple[list[tuple[str, Path]], list[Issue]]:
    """``(student id, file)`` for every answer file, and issues for the rest of the folder."""
    folder = Path(folder)
    if not folder.is_dir():
        raise OsmoseError(f"{folder}: no such submissions folder")
    found: dict[str, Path] = {}
    issues: list[Issue] = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        kind = _not_regular(path)
        if kind:
            issues.append(Issue(str(path), 0, f"{kind}; not read (only regular files inside the "
                                              "submissions folder are graded)"))
            continue
        if path.suffix.lower() not in SUFFIXES:
            issues.append(Issue(str(path), 0, "not a submission (expected STUDENT.yaml, .yml or "
                                              ".csv); skipped"))
            continue
        stem = unicodedata.normalize("NFC", path.stem)  # macOS may list names decomposed
        if stem in found:
            issues.append(Issue(str(path), 0, f"a second submission for {stem!r} "
                                              f"(already read {found[stem].name}); skipped"))
            continue
        found[stem] = path
    return sorted(found.items()), issues


def read_submission(path: Path, student: str, questions: int) -> Submission:
    """Answers for questions ``1..questions``; everything else is an issue, never an exception."""
    sub = Submission(student, str(path))
    try:
        raw = _read_regular(path)
    except OSError as err:
        sub.issues.append(Issue(str(path), 0, f"cannot read: {err.strerror or err}"))
        return sub
    if raw is None:
        sub.issues.append(Issue(str(path), 0, "not a regular file; not read"))
        return sub
    if len(raw) > MAX_BYTES:
        sub.issues.append(Issue(str(path), 0, f"too large (more than {MAX_BYTES} bytes)"))
        return sub
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[:err.start].count(b"\n") + 1
        sub.issues.append(Issue(str(path), line, "not UTF-8 text; save the file as UTF-8"))
        return sub
    if not text.strip():
        sub.issues.append(Issue(str(path), 0, "the file is empty"))
        return sub
    pairs = _read_csv(sub, text) if path.suffix.lower() == ".csv" else _read_yaml(sub, text)
    for key, answer, line in pairs:
        _add(sub, key, answer, line, questions)
    return sub


def _not_regular(path: Path) -> str:
    """Why ``path`` is not a plain file of the folder ("" when it is one); links are not followed."""
    try:
        mode = path.lstat().st_mode
    except OSError as err:
        return f"cannot read: {err.strerror or err}"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder, not a submission"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    return ""


def _read_regular(path: Path) -> bytes | None:
    """The bytes of a regular file (at most ``MAX_BYTES + 1``), never through a link.

    ``O_NOFOLLOW`` closes the gap between ``collect`` looking at the folder and
    this read: a file swapped for a link meanwhile is refused, not followed.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if os.path.islink(path):
            return None
        raise err
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return None
        return fh.read(MAX_BYTES + 1)


def _add(sub: Submission, key: str, answer: str, line: int, questions: int) -> None:
    m = _QUESTION.match(key)
    if not m:
        sub.issues.append(Issue(sub.path, line, f"{_short(key)!r} is not a question number "
                                                f"(write 'N: answer', N from 1 to {questions})"))
        return
    number = int(m.group(1))
    if not answer.strip():
        return  # "5:" with nothing after it: a blank answer, graded as missing
    if not 1 <= number <= questions:
        sub.issues.append(Issue(sub.path, line, f"there is no question {number} in this set "
                                                f"(questions 1–{questions}); answer ignored"))
        return
    if number in sub.answers:
        first = sub.answers[number].line
        sub.issues.append(Issue(sub.path, line, f"question {number} answered twice; the first "
                                                f"answer (line {first}) is graded"))
        return
    sub.answers[number] = Answer(number, answer, line)


def _short(text: str) -> str:
    return text if len(text) <= 30 else text[:27] + "…"


# --- YAML ----------------------------------------------------------------------------


def _read_yaml(sub: Submission, text: str) -> list[tuple[str, str, int]]:
    try:
        root = yamlsrc.compose(text, yaml.SafeLoader)
    except yamlsrc.YAMLSyntaxError as err:
        sub.issues.append(Issue(sub.path, err.line, f"{err.message}; no answer read"))
        return []
    except yaml.MarkedYAMLError as err:
        mark = err.context_mark or err.problem_mark  # the start of an unclosed [ or {
        line = mark.line + 1 if mark else 0
        sub.issues.append(Issue(sub.path, line, f"not valid YAML ({err.problem or err.context}); "
                                                "read line by line instead"))
        return _read_lines(sub, text)
    except yaml.YAMLError as err:
        sub.issues.append(Issue(sub.path, 0, f"not valid YAML ({err}); read line by line instead"))
        return _read_lines(sub, text)
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 0
        sub.issues.append(Issue(sub.path, line, "expected 'N: answer' lines (a YAML mapping); "
                                                "read line by line instead"))
        return _read_lines(sub, text)
    pairs = []
    for key_node, value_node in root.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            sub.issues.append(Issue(sub.path, line, "expected a question number before the colon"))
            continue
        answer = _answer_text(value_node, text)
        if answer is None:
            sub.issues.append(Issue(sub.path, value_node.start_mark.line + 1,
                                    f"question {key_node.value}: expected an answer, found a "
                                    "nested mapping; put the answer in quotes"))
            continue
        pairs.append((key_node.value, answer, line))
    return pairs


def _answer_text(node, source: str) -> str | None:
    """The answer as typed: YAML's own typing (lists, floats, escapes) undone."""
    if isinstance(node, yaml.ScalarNode):
        if node.style == '"' and _CONTROL.search(node.value):
            # "\frac{1}{2}" in double quotes: YAML read \f as a form feed; take the typed text
            return source[node.start_mark.index + 1:node.end_mark.index - 1]
        if node.tag == "tag:yaml.org,2002:null" and node.value in ("", "~", "null", "Null", "NULL"):
            return ""
        return node.value
    if isinstance(node, yaml.SequenceNode):
        if node.flow_style:
            return " ".join(source[node.start_mark.index:node.end_mark.index].split())
        items = [_answer_text(child, source) for child in node.value]
        if any(i is None for i in items):
            return None
        return "[" + ", ".join(items) + "]"
    return None


def _read_lines(sub: Submission, text: str) -> list[tuple[str, str, int]]:
    pairs = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            sub.issues.append(Issue(sub.path, number, f"expected 'N: answer', found {_short(line.strip())!r}"))
            continue
        pairs.append((m.group(1), _unquote(m.group(2)), number))
    return pairs


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


# --- CSV -----------------------------------------------------------------------------


def _read_csv(sub: Submission, text: str) -> list[tuple[str, str, int]]:
    lines = text.splitlines()
    rows = [(n, row) for n, row in enumerate(csv.reader(lines), 1) if any(c.strip() for c in row)]
    if not rows:
        return []
    q_col, a_col, keep_commas = 0, 1, True
    first_line, header = rows[0]
    if not _QUESTION.match(header[0]):
        names = [h.strip().lower() for h in header]
        q_col = next((i for i, h in enumerate(names) if h in ("question", "q", "number", "n")), 0)
        a_col = next((i for i, h in enumerate(names) if h in ("answer", "answers", "a")), 1)
        keep_commas = len(header) <= 2 and a_col == 1
        rows = rows[1:]
    pairs = []
    for line, row in rows:
        if q_col >= len(row) or a_col >= len(row):
            sub.issues.append(Issue(sub.path, line, "expected two columns: question, answer"))
            continue
        # an unquoted answer with commas ([[1, 2], [3, 4]]) was split by the CSV reader: rejoin it
        answer = ",".join(row[a_col:]) if keep_commas else row[a_col]
        pairs.append((row[q_col].strip(), answer.strip(), line))
    return pairs
