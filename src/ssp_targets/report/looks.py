"""How each status, comparison and special-cause point looks, defined once for every
output: the symbol beside its word in text, its colours, and its chart marker.

Colour is never the only cue: every status has a symbol and a marker shape of its own,
and each colour has a contrast of at least 4.5:1 with white (3:1 for the special-cause
rings, which are large). Renderers and the notebook read these; nothing else defines them.
"""

from __future__ import annotations

from typing import NamedTuple


class Look(NamedTuple):
    """One word's look.

    ``symbol`` goes before the word in text, ``ascii`` in its place where the output
    cannot show it; ``colour`` is the strong colour (chart markers, the dashboard's key
    and borders); ``fill`` and ``ink`` are a light cell fill and the text colour on it
    (hex RGB, for a spreadsheet cell), where the word has them; ``marker`` is the
    matplotlib marker, ``filled`` whether it is drawn solid, and ``marker_words`` how a
    key describes it.
    """

    symbol: str
    ascii: str
    colour: str
    marker: str
    filled: bool
    marker_words: str
    fill: str | None = None
    ink: str | None = None


#: Each status's look (``draft`` has no marker: drafts are not charted).
STATUS_LOOKS: dict[str, Look] = {
    "green": Look("✔", "[G]", "#1b7837", "o", True, "filled circle", "C6EFCE", "006100"),
    "amber": Look("◆", "[A]", "#b35806", "D", True, "filled diamond", "FFEB9C", "7A4A00"),
    "red": Look("✖", "[R]", "#b2182b", "X", True, "filled cross", "FFC7CE", "9C0006"),
    "monitor": Look("○", "[M]", "#2166ac", "o", False, "open circle"),
    "no_data": Look("–", "[-]", "#595959", "s", False, "open square"),
    "draft": Look("✎", "[D]", "#5e3c99", "", False, ""),
}

#: Each comparison with the area's group, drawn like the status it would give a measure
#: with a benchmark target, but with a shape of its own where it differs.
COMPARISON_LOOKS: dict[str, Look] = {
    "better": Look("✔", "[+]", STATUS_LOOKS["green"].colour, "o", True, "filled circle"),
    "similar": Look("●", "[=]", STATUS_LOOKS["monitor"].colour, "D", False, "open diamond"),
    "worse": Look("✖", "[-]", STATUS_LOOKS["red"].colour, "X", True, "filled cross"),
    "not_compared": Look("–", "[ ]", STATUS_LOOKS["no_data"].colour, "s", False, "open square"),
}

#: Special-cause points on an XmR chart, ringed: blue for improvement, orange for concern,
#: purple for neither, as in "Making Data Count", each with its own ring shape.
SPC_LOOKS: dict[str, Look] = {
    "special_cause_improvement": Look("", "", "#1f6fb2", "H", False, "open hexagon"),
    "special_cause_concern": Look("", "", "#c25400", "^", False, "open triangle"),
    "special_cause_neutral": Look("", "", "#6a3d9a", "*", False, "open star"),
}
