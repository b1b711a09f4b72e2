"""The programme file from start to finish, as a focal point uses it: a workbook written from
nothing but the documented format (docs/workbook.md) is imported with the command, exported,
re-imported unchanged (nothing changed, same ids); then every figure it holds is read back on
the public pages and in the booklet. The same journey with every figure left empty shows no 0
that nobody entered, on any page or in any PDF."""

import datetime
import io
import re
import subprocess

import pytest
import time_machine
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import Workbook

from consultations.models import Station
from programmes.models import Activity, Programme, Project
from tests.consultations.test_programme_file import MODELS

pytestmark = pytest.mark.django_db

TO_BE_DETERMINED = "ستحدد من الجهة الملتزمة بتنفيذ النشاط"

#: Every figure of the filled file, each distinct so that finding it proves it is shown.
PARTICIPATION = {
    "participants": 51,
    "women": 15,
    "associations": 27,
    "administration": 18,
    "elected": 6,
}
STATION_FIGURES = {
    "declared_ideas_in_person": 36,
    "declared_ideas_online": 58,
    "declared_ideas_on_paper": 11,
    "declared_ideas_accepted": 28,
    "declared_observations": 62,
    "declared_projects": 9,
}
AXIS_FIGURES = {
    "ideas_in_person": 21,
    "ideas_online": 33,
    "ideas_on_paper": 4,
    "ideas_accepted": 17,
    "observations": 41,
    "projects": 3,
}

# A rendered 0 nobody entered: an amount, a share, a lone counter.
ZERO_PATTERNS = [
    re.compile(r"(?<![\d.,])0 ?(MAD|درهم|DH)"),
    re.compile(r"(?<![\d.,])0 ?%"),
    re.compile(r"<strong>\s*0\s*</strong>"),
    re.compile(r'class="number">\s*0\s*<'),
    re.compile(r'class="bar-number"><strong>0<'),
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        cache.clear()
        yield
        cache.clear()


def sheet(book, name, header, *rows):
    worksheet = book.create_sheet(name)
    worksheet.append(header)
    for row in rows:
        worksheet.append([row.get(column) for column in header])


def programme_file(*, figures):
    """A workbook of every sheet, written from the documented columns. With ``figures``
    every figure is given; without, every figure is left empty (costs only as text)."""

    def given(value):
        return value if figures else None

    book = Workbook()
    book.remove(book.active)
    sheet(
        book,
        "programme",
        [
            "member",
            "first_year",
            "last_year",
            "status",
            "title_ar",
            "title_fr",
            "adopted_on",
            "council_session_ar",
            "decision_reference",
        ],
        {
            "member": "beni-ensar",
            "first_year": 2024,
            "last_year": 2025,
            "status": "adopted",
            "title_ar": "برنامج عمل الانفتاح لجماعة بني انصار",
            "title_fr": "Programme d'action d'ouverture de Beni Ensar",
            "adopted_on": "15/10/2024",
            "council_session_ar": "دورة أكتوبر العادية",
            "decision_reference": "مقرر رقم 47",
        },
    )
    sheet(
        book,
        "axes",
        ["number", "title_ar", "principles"],
        {"number": 1, "title_ar": "الرقمنة", "principles": "digitalisation"},
        {"number": 2, "title_ar": "التواصل", "principles": "transparency;participation"},
    )
    sheet(
        book,
        "projects",
        ["number", "axis_number", "title_ar", "estimated_budget", "funding_source"],
        {
            "number": 1,
            "axis_number": 1,
            "title_ar": "الشباك الرقمي",
            "estimated_budget": "1 250 000" if figures else "غير محدد",
            "funding_source": "own",
        },
        {"number": 2, "axis_number": 2, "title_ar": "النشرة الإخبارية"},
    )
    sheet(
        book,
        "results",
        ["project_number", "result"],
        {"project_number": 1, "result": "service_quality"},
    )
    sheet(
        book,
        "activities",
        [
            "project_number",
            "number",
            "title_ar",
            "start_date",
            "end_date",
            "weight",
            "cost",
            "funding_ar",
            "status",
            "progress",
        ],
        {
            "project_number": 1,
            "number": 1,
            "title_ar": "اقتناء المعدات",
            "start_date": "01/02/2024",
            "end_date": "30-06-2024",
            "weight": given(40),
            "cost": "312,500" if figures else TO_BE_DETERMINED,
            "funding_ar": "الميزانية الذاتية للجماعة",
            "status": "in_progress",
            "progress": 50,
        },
        {
            "project_number": 1,
            "number": 2,
            "title_ar": "تكوين الموظفين",
            "weight": given(60),
            "cost": TO_BE_DETERMINED,
        },
        {"project_number": 2, "number": 1, "title_ar": "إصدار النشرة", "cost": TO_BE_DETERMINED},
    )
    sheet(
        book,
        "indicators",
        ["project_number", "kind", "number", "label_ar", "baseline", "target"],
        {
            "project_number": 1,
            "kind": "tracking",
            "number": 1,
            "label_ar": "عدد الخدمات الرقمية",
            "baseline": given(2),
            "target": given(14),
        },
    )
    sheet(
        book,
        "measurements",
        ["project_number", "kind", "indicator_number", "measured_on", "value"],
        *(
            [
                {
                    "project_number": 1,
                    "kind": "tracking",
                    "indicator_number": 1,
                    "measured_on": datetime.date(2025, 3, 15),
                    "value": 7,
                }
            ]
            if figures
            else []
        ),
    )
    sheet(
        book,
        "partners",
        ["project_number", "partner_ar", "partner_kind", "contribution_amount"],
        {
            "project_number": 1,
            "partner_ar": "وكالة التنمية الرقمية",
            "partner_kind": "public",
            "contribution_amount": given(200000),
        },
    )
    sheet(
        book,
        "programme_partners",
        ["partner_ar", "partner_kind", "role_ar"],
        {"partner_ar": "جمعية التنمية المحلية", "partner_kind": "association", "role_ar": "تأطير"},
    )
    sheet(
        book,
        "committee",
        ["decision_number", "decided_on", "signatory", "composition_ar"],
        {
            "decision_number": "14",
            "decided_on": "06/03/2025",
            "signatory": "رئيس المجلس",
            "composition_ar": "نائب الرئيس وثلاثة منتخبين وأربع جمعيات",
        },
    )
    sheet(
        book,
        "committee_members",
        ["full_name", "category", "gender"],
        {"full_name": "سعاد العلمي", "category": "civil_society", "gender": given("woman")},
        {"full_name": "محمد بنعلي", "category": "chair", "gender": given("man")},
        {"full_name": "كريم التازي", "category": "staff"},
    )
    sheet(
        book,
        "stations",
        ["number", "kind", "title_ar", "starts_on", "ends_on", *STATION_FIGURES],
        {
            "number": 1,
            "kind": "cocreation_workshop",
            "title_ar": "ورشة الإعداد المشترك",
            "starts_on": "10/01/2024",
            "ends_on": "10/01/2024",
            **{name: given(value) for name, value in STATION_FIGURES.items()},
        },
    )
    sheet(
        book,
        "events",
        ["number", "station_number", "title_ar", "date", *PARTICIPATION],
        {
            "number": 1,
            "station_number": 1,
            "title_ar": "ورشة تشاركية",
            "date": "10/01/2024 10:00",
            **{name: given(value) for name, value in PARTICIPATION.items()},
        },
        {"number": 2, "station_number": 1, "title_ar": "لقاء لم ينشر تاريخه"},
    )
    sheet(
        book,
        "axis_figures",
        ["axis_number", *AXIS_FIGURES],
        {"axis_number": 1, **{name: given(value) for name, value in AXIS_FIGURES.items()}},
    )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def import_file(path, capsys):
    call_command("import_programme", str(path), member="beni-ensar", language="fr")
    return capsys.readouterr().out


def ids():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS}


def round_trip(tmp_path, beni_ensar, capsys, *, figures):
    """Import the written file, export it, re-import the export: returns the programme."""
    written = tmp_path / "programme.xlsx"
    written.write_bytes(programme_file(figures=figures))
    import_file(written, capsys)
    before = ids()
    exported = tmp_path / "exported.xlsx"
    call_command("export_programme", "beni-ensar", "2024-2025", str(exported))
    capsys.readouterr()
    output = import_file(exported, capsys)
    with translation.override("fr"):
        assert gettext("nothing changed") in output
    assert ids() == before
    return Programme.objects.get(member=beni_ensar)


def public_pages(client, programme):
    """The HTML of every public page that shows the programme, in Arabic."""
    slug, period = programme.member.slug, programme.period
    names = [
        ("network:home", {}),
        ("network:member_detail", {"slug": slug}),
        ("programmes:programme_detail", {"slug": slug, "period": period}),
        ("programmes:project_detail", {"slug": slug, "period": period, "number": 1}),
        ("programmes:project_detail", {"slug": slug, "period": period, "number": 2}),
        ("programmes:committee_detail", {"slug": slug}),
        ("consultations:idea_list", {"slug": slug}),
        ("programmes:booklet", {"slug": slug, "period": period, "fmt": "html"}),
    ]
    pages = {}
    with translation.override("ar"):
        for name, kwargs in names:
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            assert response.status_code == 200, url
            pages[url] = response.content.decode()
    return pages


def pdfs(client, programme):
    slug, period = programme.member.slug, programme.period
    documents = [
        ("programmes:booklet", {"slug": slug, "period": period, "fmt": "pdf"}),
        ("programmes:project_sheet", {"slug": slug, "period": period, "number": 1, "fmt": "pdf"}),
        ("programmes:committee_document", {"slug": slug, "fmt": "pdf"}),
    ]
    texts = {}
    with translation.override("ar"):
        for name, kwargs in documents:
            url = reverse(name, kwargs=kwargs)
            response = client.get(url)
            assert response.status_code == 200, url
            texts[url] = pdf_layout_text(response.content)
    return texts


def pdf_layout_text(content):
    """The PDF's text as poppler lays it out: table cells stay apart, digit groups joined."""
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"(?<=\d) (?=\d{3}\b)", "", text)


def plain(html):
    """Visible text with digit-group spaces removed, so 1 250 000 reads 1250000."""
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"(?<=\d)[\u202f\u00a0 ](?=\d{3}\b)", "", text)


def shows(text, number):
    return re.search(rf"(?<![\d.,]){number}(?![\d.,]*\d)", text) is not None


def zeros(text):
    """The rendered 0s of ``text`` that are figures. Progress is left out: an activity whose
    progress column is empty is planned at 0 % (the model's default state, documented)."""
    with translation.override("ar"):
        progress_words = gettext("progress %(progress)s %%").split("%(")[0].strip()
    text = re.sub(r'(style|aria-valuetext|aria-valuenow)="[^"]*"', "", text)
    text = re.sub(re.escape(progress_words) + r" 0 ?%", "", text)
    text = re.sub(r'role="progressbar"[^>]*>.*?</span>', "", text)
    return [match.group() for pattern in ZERO_PATTERNS for match in pattern.finditer(text)]


def test_a_file_with_every_sheet_filled_goes_in_round_trips_and_shows_every_figure(
    tmp_path, beni_ensar, client, capsys
):
    programme = round_trip(tmp_path, beni_ensar, capsys, figures=True)

    pages = public_pages(client, programme)
    programme_page = plain(pages[programme.get_absolute_url()])
    booklet = plain(pages[next(url for url in pages if url.endswith("booklet.html"))])
    for figure in [*PARTICIPATION.values(), *STATION_FIGURES.values(), *AXIS_FIGURES.values()]:
        assert shows(programme_page, figure), f"programme page lacks {figure}"
        assert shows(booklet, figure), f"booklet lacks {figure}"
    for text in (programme_page, booklet):
        assert shows(text, 1250000)  # the project's budget
        assert "جمعية التنمية المحلية" in text  # the programme's partner
        assert "دورة أكتوبر العادية" in text  # the council session of adoption
    project_page = plain(pages[Project.objects.get(number=1).get_absolute_url()])
    assert shows(project_page, 312500) and "الميزانية الذاتية للجماعة" in project_page
    committee = plain(pages[next(url for url in pages if url.endswith("/committee/"))])
    assert "نائب الرئيس وثلاثة منتخبين وأربع جمعيات" in committee

    documents = pdfs(client, programme)
    booklet_pdf = next(text for url, text in documents.items() if "booklet" in url)
    for figure in [*PARTICIPATION.values(), *STATION_FIGURES.values(), *AXIS_FIGURES.values()]:
        assert shows(booklet_pdf, figure), f"booklet PDF lacks {figure}"
    assert "2024-2025" in booklet_pdf and "2025-2024" not in booklet_pdf


def test_a_file_with_every_figure_left_empty_shows_no_zero_anywhere(
    tmp_path, beni_ensar, client, capsys
):
    programme = round_trip(tmp_path, beni_ensar, capsys, figures=False)
    assert Activity.objects.filter(cost__isnull=True).count() == 3
    assert Station.objects.get().declared_ideas_in_person is None

    with translation.override("ar"):
        not_given_text = gettext("not given")
        to_be_determined = gettext("to be determined")
    pages = public_pages(client, programme)
    home = reverse("network:home")
    # The home page first counts the network's members by kind: counted rows, a true 0.
    start = pages[home].index('<ul class="figures">')
    pages[home] = pages[home][:start] + pages[home][pages[home].index("</ul>", start) :]
    for url, html in pages.items():
        assert zeros(html) == [], url
    programme_page = pages[programme.get_absolute_url()]
    assert not_given_text in programme_page and to_be_determined in programme_page
    assert TO_BE_DETERMINED in pages[Project.objects.get(number=1).get_absolute_url()]

    for url, text in pdfs(client, programme).items():
        assert zeros(text) == [], url
