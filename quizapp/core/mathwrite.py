"""A typed formula written back in LaTeX as mathanswer.py read it, for a page to draw: the student
sees whether `1/2x` was read as she meant (half of x, drawn as a fraction times x)."""

from __future__ import annotations

from quizapp.core.mathanswer import FormulaError, Node, parse

# How tightly each kind of node binds, to know where a bracket is needed when it is written out.
_SUM, _PRODUCT, _SIGN, _ATOM = 1, 2, 3, 4
_BINDING = {"+": _SUM, "-": _SUM, "*": _PRODUCT, "neg": _SIGN, "^": _SIGN}


def _wrapped(node: Node, least: int) -> str:
    text = latex(node)
    return f"\\left({text}\\right)" if _BINDING.get(node[0], _ATOM) < least else text


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _product(a: Node, b: Node) -> str:
    left, right = _wrapped(a, _PRODUCT), _wrapped(b, _ATOM if b[0] == "neg" else _SIGN)
    # 2x and 2\sqrt{x} as written; between two numbers a sign, or 2·3 would read 23.
    sign = " \\cdot " if right[0].isdigit() else " "
    return left + sign + right


def latex(node: Node) -> str:
    """The formula written in LaTeX, as it was read: to show a student what the grader saw."""
    kind = node[0]
    if kind == "num":
        return _number(float(node[1]))
    if kind == "var":
        return str(node[1])
    if kind == "pi":
        return "\\pi"
    a = node[1]
    assert isinstance(a, tuple)
    if kind == "neg":
        return "-" + _wrapped(a, _ATOM if a[0] == "neg" else _SIGN)
    if kind == "sqrt":
        return f"\\sqrt{{{latex(a)}}}"
    b = node[2]
    assert isinstance(b, tuple)
    if kind == "root":
        return f"\\sqrt[{latex(a)}]{{{latex(b)}}}"
    if kind == "/":
        return f"\\frac{{{latex(a)}}}{{{latex(b)}}}"
    if kind == "^":
        base = latex(a) if a[0] in {"num", "var", "pi"} else f"\\left({latex(a)}\\right)"
        return f"{base}^{{{latex(b)}}}"
    if kind == "*":
        return _product(a, b)
    sign = " + " if kind == "+" else " - "
    right = _wrapped(b, _ATOM if b[0] == "neg" else _SUM + (kind == "-"))
    return _wrapped(a, _SUM) + sign + right


def shown(text: str) -> str | None:
    """The typed formula as LaTeX between `\\( \\)`, for a page to draw; None when unreadable."""
    try:
        return f"\\({latex(parse(text))}\\)"
    except FormulaError:
        return None
