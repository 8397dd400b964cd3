"""The project's own drawings of the variation and assurance icons, as small SVG strings.

Drawn here from simple shapes (no NHS image is copied): a ring in the Making Data Count
colour of the state (§1.7); inside, a run of seven dots for variation (flat for
common cause, the last four high or low for special cause, with an H or L) or a letter /
a line weaving across a target for assurance. Each icon carries a <title> with its
meaning for screen readers.
"""

from __future__ import annotations

import base64
from html import escape

from oversight.spc import colours
from oversight.spc.icons import ASSURANCE_ICONS, ICON_STATES, VARIATION_ICONS

_MEANING = {(state.kind, state.name): state.meaning for state in ICON_STATES}
_DOT_X = (22, 31, 40, 50, 60, 69, 78)


def _colour(name: str) -> str:
    for word, colour in (
        ("improvement", colours.IMPROVEMENT),
        ("concern", colours.CONCERN),
        ("neutral", colours.NEUTRAL),
    ):
        if name.startswith(word):
            return colour
    return colours.COMMON_CAUSE


def _frame(kind: str, name: str, colour: str, body: str, size: int) -> str:
    title = escape(_MEANING[(kind, name)])
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="{size}" height="{size}" '
        f'role="img" aria-label="{title}"><title>{title}</title>'
        f'<circle cx="50" cy="50" r="45" fill="#ffffff" stroke="{colour}" stroke-width="6"/>{body}</svg>'
    )


def _dots(heights: tuple[int, ...], colours_: tuple[str, ...]) -> str:
    points = " ".join(f"{x},{y}" for x, y in zip(_DOT_X, heights, strict=True))
    line = f'<polyline points="{points}" fill="none" stroke="{colours.COMMON_CAUSE}" stroke-width="2"/>'
    dots = "".join(
        f'<circle cx="{x}" cy="{y}" r="4.5" fill="{c}"/>' for x, y, c in zip(_DOT_X, heights, colours_, strict=True)
    )
    return line + dots


def _letter(text: str, colour: str, y: int = 34, size: int = 22, x: int = 50) -> str:
    return (
        f'<text x="{x}" y="{y}" text-anchor="middle" font-family="Arial, Helvetica, sans-serif" '
        f'font-weight="bold" font-size="{size}" fill="{colour}">{text}</text>'
    )


def variation_icon_svg(name: str, size: int = 40) -> str:
    """SVG of a variation icon (``common_cause``, ``improvement_high``, ..., ``neutral_low``)."""
    if name not in VARIATION_ICONS:
        raise ValueError(f"unknown variation icon {name!r}; expected one of {list(VARIATION_ICONS)}")
    colour = _colour(name)
    if name == "common_cause":
        body = _dots((58, 50, 60, 52, 57, 49, 56), (colour,) * 7)
    else:
        high = name.endswith("_high")
        heights = (64, 60, 66, 42, 38, 40, 36) if high else (42, 46, 40, 62, 66, 64, 68)
        grey = colours.COMMON_CAUSE
        body = _dots(heights, (grey, grey, grey, colour, colour, colour, colour))
        # the letter sits on the right, on the side the latest dots have left free
        body += _letter("H" if high else "L", colour, y=82 if high else 33, x=70)
    return _frame("variation", name, colour, body, size)


def assurance_icon_svg(name: str, size: int = 40) -> str:
    """SVG of an assurance icon: ``pass``, ``fail`` or ``inconsistent``."""
    if name not in ASSURANCE_ICONS.values():
        raise ValueError(f"unknown assurance icon {name!r}; expected pass, fail or inconsistent")
    colour = {"pass": colours.IMPROVEMENT, "fail": colours.CONCERN}.get(name, colours.COMMON_CAUSE)
    target = f'<line x1="18" y1="66" x2="82" y2="66" stroke="{colours.TARGET}" stroke-width="3" stroke-dasharray="6 4"/>'
    if name == "inconsistent":
        wave = (
            f'<path d="M18 66 C 28 36, 38 36, 44 66 S 60 96, 66 66 S 78 40, 82 56" fill="none" '
            f'stroke="{colour}" stroke-width="5"/>'
        )
        body = target + wave
    else:
        body = _letter("P" if name == "pass" else "F", colour, y=56, size=40) + target
    return _frame("assurance", name, colour, body, size)


def svg_data_uri(svg: str) -> str:
    """An SVG as a ``data:`` URI (for an <img> or a Vega-Lite image mark)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
