"""Where the browser drew each half of a period or a code, for tests/browser/test_bidi_order.py.

A period joins two years with a dash or a slash ("2024-2025", "2025/2024" as a member typed it
from a right-to-left page) and a code joins two numbers ("Law 09-08"). In a right-to-left line
the Unicode bidi algorithm turns digits that follow an Arabic word into Arabic numbers, and a
dash between two of them is not a number separator: without an isolate (``<bdi dir="ltr">``)
the line shows "2025-2024" and "08-09". Whatever the language, the page must show the lower
year left of the higher one and "09" left of "08".

:data:`VISUAL_PAIRS` runs in the page: for every visible text node, every period or law number
in it, the left edge of each half's first box (a DOM ``Range`` over the half's characters).
Two years that sit on different lines (a period wrapped after its dash) are not compared.
"""

#: JavaScript: the pairs of a page, as ``{text, kind, first, second, firstLeft, secondLeft,
#: sameLine, context}``; ``first`` is the half written first in the text (logical order).
VISUAL_PAIRS = r"""
() => {
    const pattern = /(?<!\d)((?:19|20)\d\d|09)\s?[-\u2013\/]\s?((?:19|20)\d\d|08)(?!\d)/g;
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const box = (node, start, length) => {
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + length);
        const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
        return rects.length ? rects[0] : null;
    };
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest("script, style, template, noscript")) continue;
        for (const match of node.data.matchAll(pattern)) {
            const [text, first, second] = match;
            const isLaw = first === "09" && second === "08";
            const isPeriod = first.length === 4 && second.length === 4;
            if (!isLaw && !isPeriod) continue;
            const secondStart = match.index + text.length - second.length;
            const a = box(node, match.index, first.length);
            const b = box(node, secondStart, second.length);
            if (!a || !b) continue;  // not displayed
            const block = parent.closest("p, li, td, th, h1, h2, h3, h4, dd, dt, div, a, label");
            found.push({
                text,
                kind: isLaw ? "law" : "period",
                first,
                second,
                firstLeft: a.left,
                secondLeft: b.left,
                sameLine: Math.abs(a.top - b.top) < Math.min(a.height, b.height) / 2,
                context: (block || parent).innerText.trim().replace(/\s+/g, " ").slice(0, 120),
            });
        }
    }
    return found;
}
"""


def misordered(pairs):
    """The pairs drawn in the wrong order: the higher year left of the lower one, "08" left of
    "09". Each as a line of text for the test's message."""
    wrong = []
    for pair in pairs:
        if not pair["sameLine"]:
            continue
        if pair["kind"] == "law":
            ok = pair["firstLeft"] < pair["secondLeft"]  # "09" (written first) on the left
        else:
            low_left, high_left = pair["firstLeft"], pair["secondLeft"]
            if int(pair["first"]) > int(pair["second"]):
                low_left, high_left = high_left, low_left
            ok = low_left < high_left
        if not ok:
            wrong.append(f"{pair['text']!r} in {pair['context']!r}")
    return wrong
