"""Typed formulas compared by what they mean, for a short-answer question marked `formula = true`.

A student may type a formula as LaTeX or as plain text, with or without the `\\( \\)` or `\\[ \\]`
around it. The forms read:

- numbers, with a decimal point or a decimal comma: `2`, `0.5`, `0,5`;
- letters, each one a variable of its own: `xy` is x times y; `e` is a letter like any other
  (there is no Euler's number); `pi`, `\\pi` and `π` are the number π;
- `+`, `-` (also the minus sign), `*` (also `\\cdot`, `\\times`, the times sign and `·`),
  `/`, `^` (also `**`), and a minus sign in front: `-x^2` is -(x²);
- round brackets, and braces as LaTeX groups: `2(x+1)`, `x^{2}`;
- a product written without a sign: `2x`, `2(x+1)`, `(x+1)(x-1)`, `3\\sqrt{2}`;
- `\\frac{a}{b}`, `\\sqrt{x}`, `\\sqrt[n]{x}`, and typed `sqrt(x)`;
- `\\left(` and `\\right)`, and LaTeX's spaces (`\\,`, `\\;`, `\\quad`), which change nothing.

Read from left to right, so `1/2x` is half of x, as a calculator reads it. A power binds before
a product, and a chain of powers from the right: `2^3^2` is 2⁹.

Two formulas are equal when they give the same value (to nine significant digits) at several
fixed points for their letters: `x/2`, `\\frac{x}{2}` and `0.5x` are equal; `0.333` and `1/3`
are not. Values are complex numbers, so `\\sqrt{-1}` has one; an odd root of a negative number is
the real one (`\\sqrt[3]{-8}` is -2). A point where either side has no value (a division by zero,
a number too large) is left out, and enough points must be left to tell.
"""

from __future__ import annotations

import cmath
import math
import random
import re
from collections.abc import Callable, Mapping
from typing import Any

MAX_LENGTH = 500  # what a student may type in one box
MAX_DEPTH = 40  # brackets, powers, roots and signs inside one another
MAX_TOKENS = 150  # numbers, letters and signs: a longer chain is no answer anyone types
_POINTS = 12
_ENOUGH = 6  # points with a value on both sides, of the _POINTS, to call two formulas equal
_REL_TOL = 1e-9
_ABS_TOL = 1e-9  # (x+1)^2 - (x^2+2x+1) is a rounding error from 0, not a difference


class FormulaError(ValueError):
    """The text cannot be read as a formula; the message says why, for the one who typed it."""


# An expression as nested tuples: ("num", 2.0), ("var", "x"), ("pi",), ("neg", a),
# ("+", a, b), ("-", a, b), ("*", a, b), ("/", a, b), ("^", a, b), ("sqrt", a), ("root", n, a).
Node = tuple[Any, ...]

_DELIMITED = re.compile(r"^\s*(?:\\\((.*)\\\)|\\\[(.*)\\\]|\$\$(.*)\$\$|\$(.*)\$)\s*$", re.DOTALL)
_TOKEN = re.compile(
    r"""(?P<space>\s+|\\[,;:!\ ]|\\quad|\\qquad|\\left(?![a-zA-Z])|\\right(?![a-zA-Z]))
      | (?P<num>[0-9]+(?:[.,][0-9]+)?|[.,][0-9]+)
      | (?P<cmd>\\[a-zA-Z]+)
      | (?P<word>sqrt|pi)
      | (?P<letter>[a-zA-Z])
      | (?P<op>\*\*|[-+*/^(){}\[\]\u2212\u00d7·π√])""",
    re.VERBOSE,
)
_COMMANDS = {"\\cdot": "*", "\\times": "*", "\\pi": "pi", "\\sqrt": "sqrt"}
_FRACTIONS = frozenset({"\\frac", "\\dfrac", "\\tfrac"})
_SAME = {"**": "^", "\u2212": "-", "\u00d7": "*", "·": "*", "π": "pi", "√": "sqrt"}
_CLOSING = {"(": ")", "{": "}", "[": "]"}


def _tokens(text: str) -> list[str]:
    found: list[str] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise FormulaError(f"{text[position]!r} is not part of a formula")
        position = match.end()
        kind, token = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "num":
            found.append(token.replace(",", "."))
        elif kind == "cmd":
            if token not in _COMMANDS and token not in _FRACTIONS:
                raise FormulaError(f"{token} is not one of the forms a formula may use")
            found.append(_COMMANDS.get(token, "\\frac"))
        else:
            found.append(_SAME.get(token, token))
    return found


def _starts_operand(token: str | None) -> bool:
    """A token that can begin a factor: after a factor, it is a product written without a sign."""
    if token is None:
        return False
    return token in {"(", "{", "pi", "sqrt", "\\frac"} or token[0].isalnum() or token[0] == "."


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise FormulaError("the formula ends too early")
        self.at += 1
        return token

    def expect(self, wanted: str) -> None:
        if self.take() != wanted:
            raise FormulaError(f"a {wanted!r} is missing")

    def sum(self) -> Node:
        node = self.product()
        while self.peek() in {"+", "-"}:
            node = (self.take(), node, self.product())
        return node

    def product(self) -> Node:
        node = self.signed()
        while True:
            if self.peek() in {"*", "/"}:
                node = (self.take(), node, self.signed())
            elif _starts_operand(self.peek()):
                node = ("*", node, self.signed())
            else:
                return node

    def deeper(self, step: int) -> None:
        # Brackets, exponents and signs nest through signed(), roots and fractions through
        # operand(): a limit in both keeps a typed answer from exhausting Python's stack.
        self.depth += step
        if self.depth > MAX_DEPTH:
            raise FormulaError("the formula has too many brackets or powers inside one another")

    def signed(self) -> Node:
        self.deeper(1)
        if self.peek() in {"-", "+"}:
            sign = self.take()
            node = self.signed()
            node = ("neg", node) if sign == "-" else node
        else:
            node = self.power()
        self.deeper(-1)
        return node

    def power(self) -> Node:
        base = self.operand()
        if self.peek() == "^":
            self.take()
            return ("^", base, self.signed())
        return base

    def group(self, opening: str) -> Node:
        self.expect(opening)
        node = self.sum()
        self.expect(_CLOSING[opening])
        return node

    def argument(self) -> Node:
        """What \\frac and \\sqrt take: a group in braces or brackets, or one number or letter."""
        token = self.peek()
        if token in {"{", "("}:
            return self.group(token)
        return self.operand()

    def operand(self) -> Node:
        self.deeper(1)
        node = self.atom()
        self.deeper(-1)
        return node

    def atom(self) -> Node:
        token = self.peek()
        if token in {"(", "{"}:
            return self.group(token)
        token = self.take()
        if token == "pi":
            return ("pi",)
        if token == "\\frac":
            return ("/", self.argument(), self.argument())
        if token == "sqrt":
            if self.peek() == "[":
                index = self.group("[")
                return ("root", index, self.argument())
            return ("sqrt", self.argument())
        if token[0].isdigit() or token[0] == ".":
            if not math.isfinite(float(token)):
                raise FormulaError(f"{token[:20]}... is too large a number")
            return ("num", float(token))
        if token.isalpha():
            return ("var", token)
        raise FormulaError(f"{token!r} cannot stand here")


def parse(text: str) -> Node:
    """The formula the text holds, or FormulaError saying why it holds none."""
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"a formula may be at most {MAX_LENGTH} characters")
    delimited = _DELIMITED.match(text)
    if delimited:
        text = next(part for part in delimited.groups() if part is not None)
    tokens = _tokens(text)
    if not tokens:
        raise FormulaError("there is no formula")
    if len(tokens) > MAX_TOKENS:
        raise FormulaError("the formula is too long")
    parser = _Parser(tokens)
    node = parser.sum()
    if parser.peek() is not None:
        raise FormulaError(f"{parser.peek()!r} cannot stand here")
    return node


def letters(node: Node) -> set[str]:
    """The variables a formula uses."""
    if node[0] == "var":
        return {str(node[1])}
    return {name for child in node[1:] if isinstance(child, tuple) for name in letters(child)}


def _root(index: complex, value: complex) -> complex:
    if index.imag == 0 and index.real % 2 == 1 and value.imag == 0 and value.real < 0:
        return complex(-((-value.real) ** (1 / index.real)))  # the real odd root of a negative
    return complex(value ** (1 / index))


_BINARY: dict[str, Callable[[complex, complex], complex]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "^": lambda a, b: a**b,
    "root": _root,
}


def evaluate(node: Node, values: Mapping[str, complex]) -> complex:
    """The formula's value; ArithmeticError (or ValueError) where it has none."""
    kind = node[0]
    if kind == "num":
        return complex(node[1])
    if kind == "var":
        return values[str(node[1])]
    if kind == "pi":
        return complex(math.pi)
    parts = [evaluate(child, values) for child in node[1:]]
    if kind == "neg":
        return -parts[0]
    if kind == "sqrt":
        return cmath.sqrt(parts[0])
    return _BINARY[kind](parts[0], parts[1])


def _points(names: list[str]) -> list[dict[str, complex]]:
    """The same points for the same letters every time: a grade does not change when repeated.
    Awkward values, away from 0 and 1, so that x^2 and 2x, or x and |x|, do not meet by chance."""
    if not names:
        return [{}]
    draw = random.Random(20261207)
    return [{name: complex(draw.uniform(-3.7, 3.7)) for name in names} for _ in range(_POINTS)]


def _value(node: Node, point: Mapping[str, complex]) -> complex | None:
    try:
        value = evaluate(node, point)
    except (ArithmeticError, ValueError):  # a division by zero, a power too large
        return None
    return value if cmath.isfinite(value) else None


def equal(a: Node, b: Node) -> bool:
    """True when the two formulas agree at enough of the fixed points for their letters."""
    points = _points(sorted(letters(a) | letters(b)))
    agree = 0
    for point in points:
        left, right = _value(a, point), _value(b, point)
        if left is None or right is None:
            continue
        if not cmath.isclose(left, right, rel_tol=_REL_TOL, abs_tol=_ABS_TOL):
            return False
        agree += 1
    return agree >= min(_ENOUGH, len(points))


def same_formula(given: str, accepted: str) -> bool:
    """True when the typed formula means the accepted one; False when either cannot be read."""
    try:
        return equal(parse(given), parse(accepted))
    except FormulaError:
        return False
