"""A citizen's phone (360 px wide) never scrolls sideways: every public page fits its width in
Arabic, French and Tamazight. The figure cards of the member and programme pages were 374 px
wide in French ("non communiqué", "655 000 MAD" on one line each) before they could wrap."""

import pytest

from .conftest import PHONE
from .test_accessibility import public_pages

pytestmark = pytest.mark.browser

OVERFLOWING = """() => Array.from(document.querySelectorAll('main *'))
    .filter(element => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1);
    })
    .slice(0, 5)
    .map(element => `${element.tagName.toLowerCase()}.${element.className}: `
        + element.textContent.trim().slice(0, 40))"""


@pytest.mark.parametrize("lang", ["ar", "fr", "zgh"])
def test_every_public_page_fits_a_phone(new_page, site, lang):
    page = new_page(PHONE)
    too_wide = []
    for name, path in public_pages():
        page.goto(site.url(f"/{lang}{path}"))
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide.append(f"{name}: {width} px: {page.evaluate(OVERFLOWING)}")
    assert too_wide == []
