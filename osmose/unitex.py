"""TeX to one-line Unicode for terminals: ``\\frac{\\partial^2 f}{\\partial x^2}`` → ``∂²f/∂x²``.

Covers the math the knowledge base uses (Greek, operators, fractions, roots,
scripts, accents, fonts, matrices); anything unknown is shown as its name
without the backslash rather than dropped, so nothing silently disappears.
No SymPy: ``osmose show`` stays light.
"""

from __future__ import annotations

import re

SYMBOLS = {
    # Greek
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "ϕ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    # operators and relations
    "nabla": "∇", "partial": "∂", "infty": "∞", "sum": "Σ", "prod": "∏", "int": "∫",
    "oint": "∮", "iint": "∬", "cdot": "·", "times": "×", "div": "÷", "pm": "±", "mp": "∓",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "approx": "≈",
    "equiv": "≡", "sim": "∼", "simeq": "≃", "cong": "≅", "propto": "∝", "ll": "≪", "gg": "≫",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
    "iff": "⇔", "Leftrightarrow": "⇔", "leftrightarrow": "↔", "mapsto": "↦", "implies": "⇒",
    "longrightarrow": "⟶", "uparrow": "↑", "downarrow": "↓",
    "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃",
    "supseteq": "⊇", "cup": "∪", "cap": "∩", "setminus": "∖", "emptyset": "∅", "varnothing": "∅",
    "forall": "∀", "exists": "∃", "neg": "¬", "lnot": "¬", "land": "∧", "wedge": "∧", "lor": "∨",
    "vee": "∨", "mid": "|", "parallel": "∥", "perp": "⊥", "angle": "∠", "circ": "∘",
    "star": "⋆", "ast": "∗", "bullet": "•", "otimes": "⊗", "oplus": "⊕", "odot": "⊙",
    "dagger": "†", "top": "ᵀ", "intercal": "ᵀ", "prime": "′", "ell": "ℓ", "hbar": "ℏ",
    "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "ldots": "…", "cdots": "⋯", "dots": "…", "vdots": "⋮",
    "ddots": "⋱", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖", "lvert": "|", "rvert": "|",
    "vert": "|", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
    "rceil": "⌉", "{": "{", "}": "}", "%": "%", "&": "&", "#": "#", "_": "_", "$": "$",
    "lbrace": "{", "rbrace": "}", "backslash": "\\", "square": "□", "checkmark": "✓",
    "triangleq": "≜", "coloneqq": "≔", "colon": ":", "sqcup": "⊔", "bigcup": "⋃",
    "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂", "succ": "≻", "prec": "≺",
    "succeq": "⪰", "preceq": "⪯", "models": "⊨", "vdash": "⊢",
    # spacing
    ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": "  ", "qquad": "    ",
    "enspace": " ", "thinspace": " ",
}
FUNCTIONS = {
    "log", "ln", "exp", "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan",
    "sinh", "cosh", "tanh", "det", "dim", "ker", "max", "min", "sup", "inf", "lim", "arg",
    "deg", "gcd", "Pr", "liminf", "limsup", "tr", "rank", "diag", "sgn",
}
BIG_OPERATORS = {"sum", "prod", "int", "oint", "iint", "bigcup", "bigcap", "bigoplus", "bigotimes"}
DROP = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr",
        "biggl", "biggr", "displaystyle", "textstyle", "scriptstyle", "limits", "nolimits",
        "middle", "mathstrut", "strut", "nonumber", "notag"}
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305",
           "tilde": "\u0303", "widetilde": "\u0303", "dot": "\u0307", "ddot": "\u0308",
           "vec": "\u20d7", "check": "\u030c", "breve": "\u0306", "underline": "\u0332"}
TEXTLIKE = {"text", "mathrm", "textrm", "operatorname", "mathit", "textit", "mathsf",
            "textbf", "mathtt", "texttt", "mbox", "mathbf", "boldsymbol", "bm", "mathnormal",
            "emph", "operatorname*"}
BLACKBOARD = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ", "1": "𝟙",
              "H": "ℍ", "F": "𝔽", "I": "𝕀", "V": "𝕍"}
CALLIGRAPHIC = {"N": "𝒩", "L": "ℒ", "D": "𝒟", "O": "𝒪", "X": "𝒳", "Y": "𝒴", "F": "ℱ",
                "H": "ℋ", "M": "ℳ", "P": "𝒫", "B": "ℬ", "E": "ℰ", "C": "𝒞", "A": "𝒜",
                "G": "𝒢", "S": "𝒮", "T": "𝒯", "U": "𝒰", "Z": "𝒵", "K": "𝒦", "R": "ℛ",
                "Q": "𝒬", "W": "𝒲", "V": "𝒱", "I": "ℐ", "J": "𝒥"}
SUP = dict(zip("0123456789+-=()nixTtkjab", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣᵀᵗᵏʲᵃᵇ"))
SUP.update({"−": "⁻", "ᵀ": "ᵀ", "′": "′", "∗": "*", "*": "*", "d": "ᵈ", "e": "ᵉ", "m": "ᵐ",
            "o": "ᵒ", "p": "ᵖ", "r": "ʳ", "s": "ˢ", "u": "ᵘ", "v": "ᵛ", "w": "ʷ", "y": "ʸ",
            "c": "ᶜ", "f": "ᶠ", "g": "ᵍ", "h": "ʰ", "l": "ˡ", "z": "ᶻ", "N": "ᴺ", "L": "ᴸ",
            "D": "ᴰ", "H": "ᴴ", "†": "†", "θ": "ᶿ"})
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ"))
SUB.update({"−": "₋", "β": "ᵦ", "γ": "ᵧ", "ρ": "ᵨ", "φ": "ᵩ", "χ": "ᵪ"})
MATRIX_ENVS = {"matrix", "bmatrix", "pmatrix", "vmatrix", "Vmatrix", "Bmatrix", "smallmatrix"}
ENV_BRACKETS = {"bmatrix": ("[", "]"), "pmatrix": ("(", ")"), "vmatrix": ("|", "|"),
                "Vmatrix": ("‖", "‖"), "Bmatrix": ("{", "}")}

_TOKEN = re.compile(r"\\([A-Za-z]+\*?|.)|(\{)|(\})|(\^)|(_)|(&)|(\s+)|(.)", re.S)


def to_unicode(tex: str) -> str:
    """Bare TeX (no delimiters) → one line of Unicode."""
    tokens = [m for m in _TOKEN.finditer(tex or "")]
    out, _ = _Reader(tokens).group(0, stop=None)
    out = re.sub(r"(?<=[\w)′²³])\x01", " ", out).replace("\x01", "")
    out = re.sub(r"[\x00\x03](?=[\w\[|‖⟨∂∇√])", " ", out)
    out = out.replace("\x00", "").replace("\x03", "")
    out = re.sub(r"\s*,\s*", ", ", out)
    out = _RELATION.sub(lambda m: f" {m.group().strip()} ", out)
    out = _BINARY.sub(lambda m: f"{m.group(1)} {m.group(2)} ", out)
    return re.sub(r"[ \t]{2,}", "  ", re.sub(r" {3,}", "  ", out)).strip()


_RELATION = re.compile(r"\s*(?:=|≤|≥|≠|≈|≡|→|⇒|⇔|∝|≜|≔|←|↦|⟶|<|>)\s*")
_BINARY = re.compile(r"([\w)\]}′²³⁴ᵀ⁾!|‖⟩])\s*([+\-−±])\s*(?=[\w(\[√∂∇{|‖⟨πσμθλ\\.])")


#: math in prose: inline ``\\( … \\)`` or display ``\\[ … \\]`` (Anki's delimiters)
MATH_SPAN = re.compile(r"\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\]", re.S)


def math_spans(text: str) -> list[tuple[str, bool]]:
    """Every (TeX, display?) that prose shows, in order."""
    return [(m["inline"], False) if m["inline"] is not None else (m["display"], True)
            for m in MATH_SPAN.finditer(text)]


def prose(text: str) -> str:
    """Prose with inline ``\\( … \\)`` / display ``\\[ … \\]`` math → plain Unicode."""
    return MATH_SPAN.sub(lambda m: to_unicode(m["inline"] if m["inline"] is not None else m["display"]),
                         text or "")


class _Reader:
    """A tiny recursive reader over TeX tokens; each method returns (text, next index)."""

    def __init__(self, tokens):
        self.t = tokens
        self.in_text = 0  # inside \text{…} spaces are kept

    def group(self, i: int, stop: str | None) -> tuple[str, int]:
        parts = []
        while i < len(self.t):
            m = self.t[i]
            if stop == "}" and m.group(3):
                return "".join(parts), i + 1
            if stop == "end" and m.group(1) == "end":
                return "".join(parts), i
            if m.group(7) and not self.in_text:  # math mode ignores white space
                i += 1
                continue
            piece, i = self.atom(i)
            if piece.endswith("\x03") and parts and parts[-1].endswith("\x00"):
                if parts[-1].startswith("\x01lim"):  # lim_(h → 0) (…)/h: a limit takes no brackets
                    parts[-1] = parts[-1][:-1] + " "
                else:
                    piece = "(" + piece[:-1] + ")\x03"  # ln(a/b), not ln a/b
            parts.append(piece)
            # scripts attach to the previous piece (before a function's space marker)
            while i < len(self.t) and (self.t[i].group(4) or self.t[i].group(5)):
                is_sup = bool(self.t[i].group(4))
                arg, i = self.argument(i + 1)
                base, marker = (parts[-1][:-1], "\x00") if parts[-1].endswith("\x00") else (parts[-1], "")
                parts[-1] = base + _script(arg, SUP if is_sup else SUB, "^" if is_sup else "_") + marker
        return "".join(parts), i

    def argument(self, i: int) -> tuple[str, int]:
        """One macro argument: a braced group or a single token."""
        while i < len(self.t) and self.t[i].group(7):
            i += 1
        if i >= len(self.t):
            return "", i
        if self.t[i].group(2):
            return self.group(i + 1, "}")
        return self.atom(i)

    def optional(self, i: int) -> tuple[str | None, int]:
        if i < len(self.t) and self.t[i].group(8) == "[":
            j, parts = i + 1, []
            while j < len(self.t) and self.t[j].group(8) != "]":
                piece, j = self.atom(j)
                parts.append(piece)
            return "".join(parts), j + 1
        return None, i

    def atom(self, i: int):
        m = self.t[i]
        if m.group(2):
            inner, j = self.group(i + 1, "}")
            return inner, j
        if m.group(3):
            return "", i + 1
        if m.group(4) or m.group(5):
            # a script with nothing before it
            arg, j = self.argument(i + 1)
            return _script(arg, SUP if m.group(4) else SUB, "^" if m.group(4) else "_"), j
        if m.group(6):
            return "  ", i + 1
        if m.group(7):
            return " ", i + 1
        if m.group(8) is not None:
            ch = m.group(8)
            return {"'": "′", "~": " ", ":": ": "}.get(ch, ch), i + 1
        name = m.group(1)
        return self.macro(name, i + 1)

    def macro(self, name: str, i: int):
        if name in DROP:
            if name in ("left", "right", "middle") and i < len(self.t) and self.t[i].group(8) == ".":
                i += 1  # \left. is an invisible delimiter
            return "", i
        if name in BIG_OPERATORS:
            return SYMBOLS[name] + "\x00", i
        if name in ("mid", "parallel", "vert"):
            return f" {SYMBOLS[name]} ", i
        if name in SYMBOLS:
            return SYMBOLS[name], i
        if name in FUNCTIONS:  # \x01 … \x00: spaced from neighbouring letters
            return "\x01" + name + "\x00", i
        if name in ("frac", "tfrac", "dfrac", "cfrac"):
            num, i = self.argument(i)
            den, i = self.argument(i)
            return f"{_wrap(num, fraction=True)}/{_wrap(den, fraction=True, product=True)}\x03", i
        if name == "binom":
            n, i = self.argument(i)
            k, i = self.argument(i)
            return f"C({n}, {k})", i
        if name == "sqrt":
            index, i = self.optional(i)
            arg, i = self.argument(i)
            root = {None: "√", "3": "∛", "4": "∜"}.get(index, f"{index}√")
            return root + (arg if re.fullmatch(r"\w|\d+|\(.*\)", arg.strip()) else f"({arg.strip()})"), i
        if name in ACCENTS:
            arg, i = self.argument(i)
            return (arg + ACCENTS[name]) if len(arg) == 1 else f"{arg}{ACCENTS[name]}", i
        if name in ("operatorname", "operatorname*"):
            arg, i = self.argument(i)
            return "\x01" + arg + "\x00", i
        if name in TEXTLIKE:
            keep = name.startswith(("text", "mbox", "emph"))
            self.in_text += keep
            arg, i = self.argument(i)
            self.in_text -= keep
            return (f" {arg.strip()} " if keep and arg != arg.strip() else arg), i
        if name == "mathbb":
            arg, i = self.argument(i)
            return "".join(BLACKBOARD.get(c, c) for c in arg), i
        if name in ("mathcal", "mathscr"):
            arg, i = self.argument(i)
            return "".join(CALLIGRAPHIC.get(c, c) for c in arg), i
        if name in ("underset", "overset", "stackrel"):
            below, i = self.argument(i)
            base, i = self.argument(i)
            return f"{base}_{_wrap(below)}" if name == "underset" else base, i
        if name in ("underbrace", "overbrace"):
            return self.argument(i)
        if name == "begin":
            env, i = self.argument(i)
            return self.environment(env.strip(), i)
        if name == "end":
            _, i = self.argument(i)
            return "", i
        if name in ("mathop", "mathrel", "mathbin", "mathord", "hphantom", "vphantom", "phantom"):
            arg, i = self.argument(i)
            return ("" if "phantom" in name else arg), i
        if name in ("\\", "cr", "newline"):
            return "; ", i
        return name, i  # unknown: keep the name visible

    def environment(self, env: str, i: int):
        body, i = self.group(i, "end")
        if i < len(self.t):  # skip \end{env}
            _, i = self.argument(i + 1)
        rows = [r.strip() for r in body.split("; ") if r.strip()]
        cells = ["  ".join(c.strip() for c in r.split("  ") if c.strip()) for r in rows]
        if env in MATRIX_ENVS:
            cells = [", ".join(c.strip() for c in r.split("  ") if c.strip()) for r in rows]
            left, right = ENV_BRACKETS.get(env, ("[", "]"))
            return left + "; ".join(cells) + right, i
        if env == "cases":
            return "{ " + "; ".join(cells) + " }", i
        return "; ".join(cells), i


def _script(arg: str, table: dict, mark: str) -> str:
    """Unicode scripts where every character has one (for subscripts, letters only
    when they are index letters, so f_xy does not come out half lowered)."""
    arg = arg.strip()
    letters = [c for c in arg if c.isalpha()]
    index_like = table is not SUB or len(letters) <= 1 or all(c in "ijklmnt" for c in letters)
    if arg and index_like and all(c in table for c in arg):
        return "".join(table[c] for c in arg)
    return f"{mark}{_wrap(arg)}"


def _wrap(s: str, fraction: bool = False, product: bool = False) -> str:
    """Parenthesize a fraction part or script unless it is one visual unit.

    A ``fraction`` part may be a bracketed power (``(x - μ)²``) or, above the
    bar, a function value (``p(x, z)``) as it is. With ``product`` (a denominator), a product is not one unit either:
    ``1/(2h)`` and ``x/(2σ²)``, never ``1/2h``, which reads as ``h/2``; a
    differential (``dt``, ``∂xᵢ``) and a function's value (``q(x)``) stay bare.
    """
    s = s.strip()
    if _bracketed(s):
        return s
    if re.search(r"[\s+\-−=/·×,→≤≥<>]", s):
        if fraction and (_bracketed(re.sub(_SCRIPTS + "+$", "", s))
                         or (_function_value(s) and not product)):
            return s  # (x - μ)², f(a, b) over a bar: one unit already (u(s - u) below may be a product)
        return f"({s})"
    if product and not _one_factor(s):
        return f"({s})"
    return s


_SCRIPTS = "[⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱˣᵀᵗᵏʲᵃᵇᵈᵉᵐᵒᵖʳˢᵘᵛʷʸᶜᶠᵍʰˡᶻᴺᴸᴰᴴᶿ₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ′*†\u0300-\u036f\u20d7]"
_FACTOR = re.compile(rf"(?:\d+(?:\.\d+)?|[^\W\d_]{_SCRIPTS}*|\((?:[^()]|\([^()]*\))*\){_SCRIPTS}*)")


def _bracketed(s: str) -> bool:
    """Whether ``s`` is one bracketed group: ``(a + b)``, ``(a(b) + c)``; not ``(a) + (b)``."""
    if len(s) < 2 or s[0] != "(" or s[-1] != ")":
        return False
    depth = 0
    for k, ch in enumerate(s):
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0 and k < len(s) - 1:
            return False
    return depth == 0


def _function_value(s: str) -> bool:
    """``f(x)``, ``Δ(h, k)``, ``f′′(x^⋆)``: a name and one bracketed argument list."""
    m = re.match(rf"[^\W\d_]{_SCRIPTS}*(?=\()", s)
    return bool(m) and _bracketed(s[m.end():])


def _one_factor(s: str) -> bool:
    """Whether a space-free text is a single factor (so a denominator needs no brackets)."""
    if any(c in s for c in "\x00\x01\x03√∛∜"):
        return True  # functions and roots: the caller's rules already apply
    factors = _FACTOR.findall(s)
    if "".join(factors) != s:
        return True  # something this rule does not know: leave it as it was
    if len(factors) <= 1 or _function_value(s):
        return True
    # a differential: dt, dx², ∂xᵢ (d or ∂, then one factor)
    return len(factors) == 2 and factors[0] in ("d", "∂")
