"""Read YAML while remembering where every value came from.

``load(text)`` returns plain Python data plus a ``Lines`` map from a key path
(``("formulas", 0, "tex")``) to its 1-based line, so a schema error can say
``path:line: problem`` about the exact place.
"""

from __future__ import annotations

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


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


def load(text: str) -> tuple[object, Lines]:
    try:
        node = yaml.compose(text, Loader=_Loader)
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
