"""The citizen's booklet and project sheets print no internal warning (issue 11, PDF part).

A project whose activity weights add up to 120 % (70 + 50) is flagged for focal points
("… 120 % instead of 100 %", "To check on this sheet…", "Inconsistencies to check"). The public
booklet (``…/booklet.pdf``) and sheet (``…/sheet.pdf``, and their ``.html`` previews) leave these
warnings out but keep the figures as entered: the weight sum still reads 120 %, the progress
58 %, an unknown cost "to be determined". The booklet downloaded from the admin (focal points and
committee members, ``documents.booklet(for_staff=True)``) still prints them; it is downloaded
first below, so that a public reader served after it proves the two do not share a cache entry.

The public programme page is not a printed document and is left as it is (it lists the
inconsistencies, for the member's readers); only its progress is compared with the booklet's.
"""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from network.models import RoleKind
from programmes.admin_committee import download_booklet, download_booklet_fr
from programmes.models import Programme
from tests.factories import RoleFactory, UserFactory
from tests.programmes.test_pdf import admin_request, booklet_url, pdf_text, sheet_url

from .helpers import make_activity, make_member, make_programme, make_project

pytestmark = pytest.mark.django_db

#: Words of the warnings as they come out of the PDF's text layer (Arabic lines may come out
#: in either order, so short fragments), and of the figures that must stay.
WARNING_FRAGMENTS = {
    "ar": ["بدلا من", "يجب التحقق", "تناقضات"],
    "fr": [
        "120 % au lieu de 100 %",
        "À vérifier sur cette fiche",
        "Incohérences à vérifier",
        "devrait être de 100 %",
    ],
}
FIGURES = {
    "ar": ["مجموع النسب", "120", "58", "يُحدَّد لاحقًا"],
    "fr": ["Somme des poids : 120 %", "Avancement du projet 58 %", "à déterminer"],
}


def make_programme_with_weights_of_120():
    programme = make_programme(
        make_member(), title_ar="برنامج عمل الانفتاح", title_fr="Programme d'ouverture"
    )
    project = make_project(
        programme, 1, title_ar="مشروع التواصل", title_fr="Projet de communication"
    )
    make_activity(project, 1, weight=70, progress=100)
    make_activity(project, 2, weight=50, progress=0)
    return programme


@pytest.fixture(scope="module")
def booklets(django_db_setup, django_db_blocker):
    """Text of the staff (admin download) and public booklets in Arabic and French, the staff
    one rendered first in the same cache; the data is rolled back."""
    cache.clear()
    texts = {}
    with django_db_blocker.unblock(), transaction.atomic():
        programme = make_programme_with_weights_of_120()
        committee_member = UserFactory(username="committee-booklet")
        RoleFactory(user=committee_member, member=programme.member, kind=RoleKind.COMMITTEE_MEMBER)
        modeladmin = admin_site._registry[Programme]
        selected = Programme.objects.filter(pk=programme.pk)
        with translation.override("ar"):
            staff_ar = download_booklet(modeladmin, admin_request(committee_member), selected)
        staff_fr = download_booklet_fr(modeladmin, admin_request(committee_member), selected)
        for language, staff in (("ar", staff_ar), ("fr", staff_fr)):
            public = Client().get(booklet_url(programme, "pdf", language))
            assert staff.status_code == public.status_code == 200
            texts[language] = {
                "staff": pdf_text(staff.content),
                "public": pdf_text(public.content),
            }
        transaction.set_rollback(True)
    cache.clear()
    return texts


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_admin_booklet_prints_the_warnings(booklets, language):
    text = booklets[language]["staff"]
    for fragment in WARNING_FRAGMENTS[language]:
        assert fragment in text


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_public_booklet_prints_no_warning(booklets, language):
    text = booklets[language]["public"]
    for fragment in WARNING_FRAGMENTS[language]:
        assert fragment not in text


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_public_booklet_keeps_the_figures_as_entered(booklets, language):
    for version in ("staff", "public"):
        for figure in FIGURES[language]:
            assert figure in booklets[language][version], (version, figure)


def test_the_public_booklet_explains_how_progress_uses_the_weights(booklets):
    with translation.override("fr"):
        explanation = gettext(
            "The weights are shown as entered; progress divides each weight by their sum."
        )

    assert explanation in booklets["fr"]["public"]
    assert explanation not in booklets["fr"]["staff"]


def test_the_public_sheet_pdf_prints_no_warning():
    programme = make_programme_with_weights_of_120()

    response = Client().get(sheet_url(programme.projects.get(), "pdf", "fr"))

    text = pdf_text(response.content)
    assert response.status_code == 200
    for fragment in WARNING_FRAGMENTS["fr"]:
        assert fragment not in text
    for figure in FIGURES["fr"]:
        assert figure in text


@pytest.mark.parametrize("document", ["booklet", "sheet"])
def test_the_html_previews_carry_no_warning(client, document):
    programme = make_programme_with_weights_of_120()
    url = (
        booklet_url(programme, "html", "fr")
        if document == "booklet"
        else sheet_url(programme.projects.get(), "html", "fr")
    )

    content = client.get(url).content.decode()

    assert 'class="warning"' not in content
    assert "weight-sum-warning" not in content
    assert "au lieu de 100" not in content
    assert "120" in content


def test_the_programme_page_shows_the_same_progress_as_the_booklet(client, booklets):
    programme = make_programme_with_weights_of_120()
    with translation.override("fr"):
        url = reverse(
            "programmes:programme_detail",
            kwargs={"slug": programme.member.slug, "period": programme.period},
        )

    content = client.get(url).content.decode().replace("\u202f", " ").replace("&#8239;", " ")

    assert "58 %" in content
    assert "Programme entier 58 %" in booklets["fr"]["public"]
