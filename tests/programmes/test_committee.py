"""The follow-up committee: its public page and PDF register (never a private contact), its
scoped admin and the admin action that downloads the register.

alice is the focal point of Beni Ensar, bob of Larache, charlie a committee member of Beni Ensar,
diana network staff (tests/conftest.py)."""

import datetime
import html
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from network.selectors import member_sections
from programmes import pdf
from programmes.models import (
    Committee,
    CommitteeCategory,
    CommitteeMeeting,
    CommitteeMember,
    PersonGender,
)

pytestmark = pytest.mark.django_db

PRIVATE_EMAIL = "private.member@example.ma"
PRIVATE_PHONE = "0661234567"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def committee(beni_ensar):
    committee = Committee.objects.create(
        member=beni_ensar,
        name_ar="لجنة تتبع إعداد وتنفيذ وتقييم برنامج الانفتاح",
        name_fr="Comité de suivi du programme d'ouverture",
        decision_number="14",
        decided_on=datetime.date(2025, 3, 6),
        signatory="رئيس مجلس الجماعة",
        mandate_ar="تتبع إعداد وتنفيذ وتقييم برنامج عمل الانفتاح",
    )
    people = [
        ("محمد المتوكي", CommitteeCategory.CHAIR, "نائب رئيس المجلس", PersonGender.MAN),
        ("سميرة اليملاحي", CommitteeCategory.ELECTED, "عضوة اللجنة", PersonGender.WOMAN),
        ("سمية البو", CommitteeCategory.FOCAL_POINT, "منسقة داخل اللجنة", PersonGender.WOMAN),
        ("كريمة أجاز", CommitteeCategory.CIVIL_SOCIETY, "جمعية الأمل", PersonGender.WOMAN),
    ]
    for position, (name, category, function, gender) in enumerate(people):
        CommitteeMember.objects.create(
            committee=committee,
            full_name=name,
            category=category,
            function_ar=function,
            gender=gender,
            email=PRIVATE_EMAIL,
            phone=PRIVATE_PHONE,
            position=position,
        )
    CommitteeMeeting.objects.create(
        committee=committee,
        held_on=datetime.date(2025, 4, 10),
        place_ar="مقر الجماعة",
        agenda_ar="تفريغ الأفكار المقترحة",
        decisions_ar="دمج الفكرتين 12 و15 في المشروع 3",
    )
    return committee


def page_url(member, language="ar"):
    with translation.override(language):
        return reverse("programmes:committee_detail", kwargs={"slug": member.slug})


def document_url(member, fmt="pdf", language="ar"):
    with translation.override(language):
        return reverse("programmes:committee_document", kwargs={"slug": member.slug, "fmt": fmt})


def pdf_text(content):
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


# The public page --------------------------------------------------------------------------------


def test_the_committee_page_shows_the_decision_with_its_moroccan_date(client, committee):
    response = client.get(page_url(committee.member))

    assert response.status_code == 200
    content = response.content.decode()
    assert "قرار رقم 14 بتاريخ 06 مارس 2025" in content
    assert "رئيس مجلس الجماعة" in content


def test_the_committee_page_lists_members_by_category_with_their_functions(client, committee):
    content = client.get(page_url(committee.member, "fr")).content.decode()

    assert "سميرة اليملاحي" in content and "عضوة اللجنة" in content
    with translation.override("fr"):
        chair, civil_society = CommitteeCategory.CHAIR.label, CommitteeCategory.CIVIL_SOCIETY.label
        assert content.index(str(chair)) < content.index(str(civil_society))


def test_the_committee_page_publishes_the_shares_of_women_and_civil_society(client, committee):
    content = html.unescape(client.get(page_url(committee.member, "fr")).content.decode())

    assert "75\u202f%" in content  # 3 women of 4
    assert "25\u202f%" in content  # 1 civil-society member of 4


def test_the_committee_page_shows_the_meetings(client, committee):
    content = client.get(page_url(committee.member)).content.decode()

    assert "10 أبريل 2025" in content
    assert "دمج الفكرتين 12 و15 في المشروع 3" in content


def test_the_committee_page_shows_no_private_contact(client, committee):
    content = client.get(page_url(committee.member)).content.decode()

    assert PRIVATE_EMAIL not in content
    assert PRIVATE_PHONE not in content


def test_a_member_without_a_committee_has_no_committee_page(client, beni_ensar):
    assert client.get(page_url(beni_ensar)).status_code == 404
    assert client.get(document_url(beni_ensar)).status_code == 404


def test_the_member_page_links_to_the_committee_and_the_forms(client, committee):
    member = committee.member
    content = client.get(member.get_absolute_url()).content.decode()

    assert page_url(member) in content
    assert document_url(member) in content
    assert "/forms/idea-card.pdf" in content and "/poster.pdf?size=A3" in content
    assert any(name.endswith("member_documents.html") for name, _ in member_sections(member))


# The register as PDF ----------------------------------------------------------------------------


def test_the_committee_pdf_shows_the_members_and_no_private_contact(client, committee):
    response = client.get(document_url(committee.member))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "سميرة اليملاحي" in text
    assert "لجنة التتبع" in text or "لجنة تتبع" in text
    assert PRIVATE_EMAIL not in text and PRIVATE_PHONE not in text


def test_the_committee_html_preview_shows_no_private_contact(client, committee):
    content = client.get(document_url(committee.member, "html")).content.decode()

    assert "سمية البو" in content
    assert PRIVATE_EMAIL not in content and PRIVATE_PHONE not in content


# The admin --------------------------------------------------------------------------------------


def admin_url(name, *args):
    with translation.override("fr"):
        return reverse(f"admin:programmes_committee_{name}", args=args)


def test_a_committee_member_sees_the_private_contacts_in_the_admin(login, charlie, committee):
    response = login(charlie).get(admin_url("change", committee.pk))

    assert response.status_code == 200
    assert PRIVATE_EMAIL in response.content.decode()


def test_another_focal_point_cannot_open_the_committee_in_the_admin(login, bob, committee):
    assert login(bob).get(admin_url("change", committee.pk)).status_code == 404


def test_another_focal_point_does_not_list_the_committee(login, bob, committee):
    response = login(bob).get(admin_url("changelist"))

    assert response.status_code == 200
    assert PRIVATE_EMAIL not in response.content.decode()
    assert committee.name_ar not in response.content.decode()


def test_meeting_attendance_offers_only_the_committees_members(login, alice, committee, larache):
    other = Committee.objects.create(member=larache, name_ar="لجنة العرائش")
    CommitteeMember.objects.create(
        committee=other, full_name="عضو من العرائش", category=CommitteeCategory.STAFF
    )
    content = login(alice).get(admin_url("change", committee.pk)).content.decode()

    assert "سميرة اليملاحي" in content
    assert "عضو من العرائش" not in content


def download_register(client, committee):
    return client.post(
        admin_url("changelist"),
        {"action": "download_register", "_selected_action": [committee.pk]},
    )


def test_a_committee_member_downloads_the_register_from_the_admin(login, charlie, committee):
    response = download_register(login(charlie), committee)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert PRIVATE_EMAIL not in pdf_text(response.content)


def test_another_focal_point_cannot_download_the_register(login, bob, committee):
    before = pdf.render_count()

    response = download_register(login(bob), committee)

    assert response.status_code == 403
    assert pdf.render_count() == before
