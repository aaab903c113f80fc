"""The PLS model as lavaan-style text, read the way R cSEM's ``csem(.model = )`` reads it.

One statement per line (or separated by ``;``), ``#`` starts a comment:

- ``SAT =~ sat1 + sat2 + sat3``: a construct measured reflectively (mode A);
- ``QUAL <~ q1 + q2 + q3``: a composite (formative, mode B);
- ``LOY ~ SAT + IMAG``: structural paths into ``LOY``;
- ``PERC =~ QUAL + VAL``: a construct whose entries are other constructs is a higher-order
  construct (HOC) of those dimensions (cSEM's and seminr's notation).

The constructs keep the order of their measurement lines, the order of every table.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from recovery._validation import ModelSpecError

__all__ = ["PLSModelError", "Model", "parse_model"]

_NAME = r"[A-Za-z_.][A-Za-z0-9_.@]*"


class PLSModelError(ModelSpecError):
    """A PLS model or its data cannot be estimated as given; the message says what to fix."""


@dataclass(frozen=True)
class Model:
    """A read model: ``blocks`` construct -> items (or dimensions, for a HOC), ``modes``
    construct -> "A" | "B", ``paths`` (from, to) pairs in the order written."""

    text: str
    blocks: dict
    modes: dict
    paths: list


def _names(text: str, line: str) -> list[str]:
    names = [s.strip() for s in text.split("+")]
    for name in names:
        if not re.fullmatch(_NAME, name):
            raise PLSModelError(f"{name!r} in the model line {line!r} is not a name; write names joined by '+', "
                                "without weights or labels (e.g. 'SAT =~ sat1 + sat2')")
    return names


def parse_model(model) -> Model:
    """Read a PLS model text; a line that is not ``=~``, ``<~`` or ``~`` is refused, naming it."""
    if not isinstance(model, str) or not model.strip():
        raise PLSModelError(f"model = {model!r}; give the model as text, e.g. 'SAT =~ sat1 + sat2\\n"
                            "LOY =~ loy1 + loy2\\nLOY ~ SAT'")
    blocks: dict = {}
    modes: dict = {}
    paths: list = []
    statements = [part for raw in model.splitlines() for part in raw.split("#")[0].split(";")]
    for raw in statements:
        line = raw.strip()
        if not line:
            continue
        match = re.fullmatch(r"(.+?)\s*(=~|<~|~)\s*(.+)", line)
        if match is None or "~~" in line:
            raise PLSModelError(f"cannot read the model line {line!r}: write 'X =~ x1 + x2' (reflective), "
                                "'X <~ x1 + x2' (composite, mode B) or 'Y ~ X1 + X2' (paths)")
        lhs, op, rhs = match.groups()
        right = _names(rhs, line)
        if op == "~":
            for target in _names(lhs, line):
                for source in right:
                    if (source, target) in paths:
                        raise PLSModelError(f"the path {source} -> {target} is written twice; keep one")
                    paths.append((source, target))
            continue
        (name,) = _names(lhs, line) if "+" not in lhs else (None,)
        if name is None:
            raise PLSModelError(f"model line {line!r} defines several constructs at once; give each its own line")
        if name in blocks:
            raise PLSModelError(f"construct {name!r} is defined twice ({line!r}); list all its items in one line")
        if len(set(right)) < len(right):
            raise PLSModelError(f"model line {line!r} lists an item twice; list each once")
        blocks[name] = right
        modes[name] = "A" if op == "=~" else "B"
    if not blocks:
        raise PLSModelError("the model has no measurement lines; define each construct, e.g. 'SAT =~ sat1 + sat2'")
    for source, target in paths:
        for end in (source, target):
            if end not in blocks:
                raise PLSModelError(f"the path {source} -> {target} names {end!r}, which is no construct of the "
                                    f"model ({list(blocks)}); add a line '{end} =~ item1 + item2' or fix the name")
    return Model(model, blocks, modes, paths)

