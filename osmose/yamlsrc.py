"""Read YAML while remembering where every value came from.

``load(text)`` returns plain Python data plus a ``Lines`` map from a key path
(``("formulas", 0, "tex")``) to its 1-based line, so a schema error can say
``path:line: problem`` about the exact place.

Every YAML file osmose reads is data from someone else (a knowledge base, a
recipe, a submission), so reading is bounded: the file size, the nesting depth
and the number of values after alias expansion (a "billion laughs" file of a
few lines would otherwise expand to gigabytes and hang every command).
"""

from __future__ import annotations

from pathlib import Path

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


#: larger files are refused before they are parsed
MAX_BYTES = 1_000_000
#: values after alias expansion (a concept file has a few hundred)
MAX_VALUES = 100_000
#: mappings and lists inside one another
MAX_DEPTH = 64


class Lines(dict):
    """Key path -> 1-based line; unknown paths fall back to their nearest parent."""

    def of(self, *path) -> int:
        while path:
            if path in self:
                return self[path]
            path = path[:-1]
        return self.get((), 1)


class YAMLSyntaxError(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(f"{line}: {message}")


def read_text(path: str | Path) -> str:
    """A YAML file's text, refusing one larger than ``MAX_BYTES`` before reading it all.

    Raises ``OSError``/``UnicodeDecodeError`` as ``Path.read_text`` does, and
    ``YAMLSyntaxError`` (line 1) for a file that is too large.
    """
    with open(path, "rb") as fh:
        raw = fh.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise YAMLSyntaxError(1, f"file too large (more than {MAX_BYTES:,} bytes); not read")
    return raw.decode("utf-8")


def compose(text: str, loader=None):
    """The YAML node tree of ``text``, within the size, depth and expansion limits."""
    if len(text) > MAX_BYTES:
        raise YAMLSyntaxError(1, f"file too large (more than {MAX_BYTES:,} characters); not read")
    node = yaml.compose(text, Loader=loader or _Loader)
    if node is not None:
        check_expansion(node)
    return node


def check_expansion(root) -> None:
    """Refuse trees nested too deep, recursive aliases, and aliases that expand too far.

    The expanded size of each node is computed once (memoised by identity), so
    this costs time linear in the file, however far its aliases would expand.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        line = node.start_mark.line + 1
        if key in active:
            raise YAMLSyntaxError(line, "a recursive alias (an anchor used inside itself); not read")
        if depth > MAX_DEPTH:
            raise YAMLSyntaxError(line, f"nested deeper than {MAX_DEPTH} levels; not read")
        total = 1
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            active.add(key)
            for child in node.value:
                for part in child if isinstance(child, tuple) else (child,):
                    total += size(part, depth + 1)
                    if total > MAX_VALUES:
                        raise YAMLSyntaxError(line, f"expands to more than {MAX_VALUES:,} values "
                                                    "(aliases repeated inside aliases?); not read")
            active.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


def load(text: str) -> tuple[object, Lines]:
    try:
        node = compose(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise YAMLSyntaxError(line, f"invalid YAML: {err.problem or err.context}") from None
    except yaml.YAMLError as err:
        raise YAMLSyntaxError(1, f"invalid YAML: {err}") from None
    lines = Lines()
    if node is None:
        return None, lines
    return _build(node, (), lines), lines


def _build(node, path: tuple, lines: Lines):
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = {}
        for key_node, value_node in node.value:
            key = _build(key_node, path + ("<key>",), lines)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise YAMLSyntaxError(key_node.start_mark.line + 1, "mapping keys must be plain text")
            if key in out:
                raise YAMLSyntaxError(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            out[key] = _build(value_node, path + (key,), lines)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), lines) for i, item in enumerate(node.value)]
    value = _SCALARS.construct_object(node, deep=True)
    _SCALARS.constructed_objects.clear()
    return value


_SCALARS = yaml.constructor.SafeConstructor()
