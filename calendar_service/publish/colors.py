"""Feed colours: RFC 7986 COLOR takes a CSS3 colour *name*, while feed files give hex.

We keep the exact hex for clients that read X-APPLE-CALENDAR-COLOR and send the nearest
CSS3 name in COLOR, so every client gets a colour close to the one the feed asked for.
The CSS3 keyword table comes from `webcolors`.
"""

from __future__ import annotations

import re
from functools import cache

import webcolors

_HEX = re.compile(r"^#([0-9a-fA-F]{6})$")


def normalize_color(value: str) -> str:
    """Return '#rrggbb' for a hex colour or a CSS3 name; raise ValueError otherwise."""
    text = value.strip()
    if _HEX.match(text):
        return text.lower()
    try:
        return webcolors.name_to_hex(text, spec=webcolors.CSS3)
    except ValueError:
        raise ValueError(
            f"colour {value!r} is neither '#rrggbb' nor a CSS3 colour name"
        ) from None


def nearest_css3_name(hex_color: str) -> str:
    """The CSS3 colour name closest (squared RGB distance) to '#rrggbb'; ties by name."""
    target = webcolors.hex_to_rgb(normalize_color(hex_color))

    def distance(item: tuple[str, webcolors.IntegerRGB]) -> tuple[int, str]:
        return sum((a - b) ** 2 for a, b in zip(item[1], target, strict=True)), item[0]

    return min(_css3_rgb(), key=distance)[0]


@cache
def _css3_rgb() -> tuple[tuple[str, webcolors.IntegerRGB], ...]:
    names = webcolors.names(webcolors.CSS3)
    return tuple((name, webcolors.name_to_rgb(name, spec=webcolors.CSS3)) for name in names)
