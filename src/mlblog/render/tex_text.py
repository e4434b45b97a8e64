"""A short formula as plain text a reader takes in at a glance: `O(n^2)` → O(n²),
`\\sqrt{d_k}` → √dₖ, `\\alpha \\le 1` → α ≤ 1. For the search's results, which show titles
as text: there the TeX of a title's formula read as code. Only what reads the same as text
is turned; a formula with anything else (a matrix, `\\hat{x}`, a macro) stays its TeX."""

from __future__ import annotations

import functools
import re

_GREEK = (
    "alpha α beta β gamma γ delta δ epsilon ϵ varepsilon ε zeta ζ eta η theta θ vartheta ϑ "
    "iota ι kappa κ lambda λ mu μ nu ν xi ξ pi π rho ρ sigma σ tau τ upsilon υ phi ϕ "
    "varphi φ chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π Sigma Σ "
    "Upsilon Υ Phi Φ Psi Ψ Omega Ω"
)
_SYMBOLS = (
    "times × cdot · cdots ⋯ ldots … dots … le ≤ leq ≤ ge ≥ geq ≥ ne ≠ neq ≠ approx ≈ sim ∼ "
    "propto ∝ to → rightarrow → leftarrow ← Rightarrow ⇒ mapsto ↦ infty ∞ sum ∑ prod ∏ "
    "int ∫ partial ∂ nabla ∇ in ∈ notin ∉ subset ⊂ subseteq ⊆ cup ∪ cap ∩ pm ± mp ∓ "
    "top ⊤ perp ⊥ emptyset ∅ forall ∀ exists ∃ neg ¬ land ∧ lor ∨ oplus ⊕ otimes ⊗ "
    "circ ∘ odot ⊙ star ⋆ ast ∗ mid | | ‖ langle ⟨ rangle ⟩ { { } } % % $ $ & & # # _ _"
)
_NAMED = "log exp max min arg argmax argmin sin cos tan tanh lim sup inf det dim ker Pr softmax"
_WORDS: dict[str, str] = dict(zip(*[iter((_GREEK + " " + _SYMBOLS).split())] * 2, strict=True))
_OPERATORS = frozenset(_NAMED.split())
_WORDS.update((name, name) for name in _OPERATORS)
_WORDS.update({",": " ", ";": " ", ":": " ", "!": "", "quad": " ", "qquad": " ", " ": " "})
_RELATIONS = {"le", "leq", "ge", "geq", "ne", "neq", "approx", "sim", "propto", "to",
              "rightarrow", "leftarrow", "Rightarrow", "mapsto", "in", "notin", "subset",
              "subseteq"}  # fmt: skip
_SIZING = {"left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "displaystyle"}
_AS_IS = {"text", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "boldsymbol", "bm",
          "textbf", "textit", "operatorname", "mathnormal"}  # fmt: skip
_DOUBLE_STRUCK = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}
_SUPER = dict(zip("0123456789+-=()niTtkdxyabcemp⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵗᵏᵈˣʸᵃᵇᶜᵉᵐᵖᵀ", strict=True))
_SUB = dict(zip("0123456789+-=()aeijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|\s+|.", re.DOTALL)


class _Unreadable(Exception):
    """The formula holds something plain text cannot show: it stays its TeX."""


@functools.lru_cache(maxsize=4096)  # short formulas repeat across posts ($h$, $O(n^2)$)
def tex_as_text(tex: str) -> str:
    """The formula as text, or its TeX as written when some part of it has no text form."""
    try:
        tokens = _TOKEN.findall(tex)
        text, end = _sequence(tokens, 0)
        if end != len(tokens):
            raise _Unreadable
    except _Unreadable:
        return tex
    return " ".join(text.split())


def _sequence(tokens: list[str], at: int) -> tuple[str, int]:
    """Text of tokens from `at` to the `}` that closes their group (or the end)."""
    out: list[str] = []
    while at < len(tokens) and tokens[at] != "}":
        token = tokens[at]
        if token in ("^", "_"):
            argument, at = _argument(tokens, at + 1)
            out.append(_script(argument, _SUPER if token == "^" else _SUB, token))
            continue
        piece, at = _atom(tokens, at)
        out.append(piece)
    return "".join(out), at


def _atom(tokens: list[str], at: int) -> tuple[str, int]:
    token = tokens[at]
    if token == "{":
        return _group(tokens, at)
    if not token.startswith("\\"):
        return (" " if token.isspace() else token), at + 1
    name = token[1:]
    if name in _WORDS:
        word, at = _WORDS[name], at + 1
        if name.isalpha():  # TeX reads no space after a command's name: `n\times d`
            while at < len(tokens) and tokens[at].isspace():
                at += 1
        if name in _RELATIONS:
            return f" {word} ", at
        if name in _OPERATORS and at < len(tokens) and tokens[at] not in "()[]{}^_,":
            return word + " ", at  # `\log n`: log n, as TeX spaces it; log(n) stays so
        return word, at
    if name in _SIZING:
        return "", at + 1
    if name in _AS_IS:
        return _argument(tokens, at + 1)
    if name == "mathbb":
        letter, at = _argument(tokens, at + 1)
        if letter not in _DOUBLE_STRUCK:
            raise _Unreadable
        return _DOUBLE_STRUCK[letter], at
    if name == "sqrt":
        inside, at = _argument(tokens, at + 1)
        return "√" + _bracketed(inside), at
    if name in ("frac", "dfrac", "tfrac"):
        top, at = _argument(tokens, at + 1)
        bottom, at = _argument(tokens, at)
        return f"{_bracketed(top)}/{_bracketed(bottom)}", at
    raise _Unreadable


def _group(tokens: list[str], at: int) -> tuple[str, int]:
    """`{…}` at `at`: its text, and where it ends."""
    text, end = _sequence(tokens, at + 1)
    if end >= len(tokens):
        raise _Unreadable  # an unclosed brace
    return text, end + 1


def _argument(tokens: list[str], at: int) -> tuple[str, int]:
    """A command's or a script's argument: a group, or the one token after the spaces."""
    while at < len(tokens) and tokens[at].isspace():
        at += 1
    if at >= len(tokens) or tokens[at] in ("}", "^", "_"):
        raise _Unreadable
    return _atom(tokens, at)


def _script(text: str, forms: dict[str, str], mark: str) -> str:
    """n² where every character has a raised (or lowered) form, else x^(a+b), as typed."""
    text = text.strip()
    if text and all(c in forms for c in text):
        return "".join(forms[c] for c in text)
    return mark + _bracketed(text)


def _bracketed(text: str) -> str:
    """A single symbol or a word as it is; anything longer in brackets: √(a+b)."""
    text = text.strip()
    return text if len(text) <= 1 or text.isalnum() else f"({text})"
