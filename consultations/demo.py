"""Demonstration data of the consultations app, loaded by ``manage.py load_demo`` after the
network's (members, demo accounts) and the programmes' (the Beni Ensar 2024-2025 workbook).

1. Beni Ensar 2024-2025 (seed 003): the co-creation stations with the dates the commune published,
   its two workshops, and its published figures represented by rows: 94 ideas (36 in person,
   58 online) and 62 observations on the draft projects, from
   ``data/beni_ensar_2024_2025.json``.
2. Larache (seed 001): a programme 2024-2025 in consultation with its four priority axes, its five
   projects, its stations and the figures of its first participation meeting.
3. A demonstration programme for Tétouan, clearly marked as such, whose idea collection and
   consultation on the draft are open whenever the demo is (re)loaded.

Everything is keyed by stable identifiers (stations by programme, kind and position; events by
member, Arabic title and start; ideas and observations by fixed tracking codes), so loading twice
creates nothing new. What a focal point changed on the demo portal is left as it is, except the
dates of the Tétouan demo stations, which follow the day of loading.
"""

import datetime
import functools
import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from network.models import Member
from programmes.models import (
    Axis,
    Partner,
    PartnerKind,
    Programme,
    ProgrammePartner,
    ProgrammeStatus,
    Project,
)

from . import selectors, services
from .models import (
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Channel,
    DeclaredAxisFigures,
    Event,
    Fate,
    Idea,
    Moderation,
    Observation,
    OnlineInput,
    Station,
    StationKind,
    SubmitterKind,
)

DATA = Path(__file__).resolve().parent / "data"
BENI_ENSAR_FILE = DATA / "beni_ensar_2024_2025.json"

LIVE_DEMO_SLUG = "tetouan"
# Marks the demonstration programme, so that it is found again after the year turns.
LIVE_DEMO_NOTE = "برنامج تجريبي أنشأته بيانات العرض (ليس برنامج العضو)."
#: The same note as demo databases loaded before it was written in Arabic still hold it.
LIVE_DEMO_NOTES = (
    LIVE_DEMO_NOTE,
    "Demo programme created by consultations/demo.py (not the member's programme).",
)
IDEA_FORM_PATH = "/ar/members/{slug}/ideas/new/"


def idea_form_url(slug):
    """The public idea form of a member (the literal path while the view is not installed)."""
    try:
        return reverse("consultations:idea_new", kwargs={"slug": slug})
    except NoReverseMatch:
        return IDEA_FORM_PATH.format(slug=slug)


def load():
    with translation.override("ar"):
        return [*load_beni_ensar(), *load_larache(), *load_live_demo()]


# Helpers -----------------------------------------------------------------------------------


def _user(username):
    return get_user_model().objects.filter(username=username).first()


def _local(year, month, day, hour=0):
    """A day as an aware datetime in the portal's time zone. The seeds give days, not hours:
    midnight stands for "that day"."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour))


def _ensure(model, lookup, fields, *, update=False):
    """The row matching ``lookup``; created (validated) with ``fields`` when missing, and its
    ``fields`` set again when ``update``. Returns ``(row, created)``."""
    row = model.objects.filter(**lookup).first()
    if row is not None and not update:
        return row, False
    created = row is None
    if created:
        row = model(**lookup)
    for name, value in fields.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row, created


def _station(programme, kind, position, *, update=False, **fields):
    fields.setdefault("starts_on", None)
    fields.setdefault("ends_on", None)
    return _ensure(
        Station, {"programme": programme, "kind": kind, "position": position}, fields, update=update
    )[0]


def _event(station, title_ar, starts_at, **fields):
    return _ensure(
        Event,
        {"member": station.programme.member, "title_ar": title_ar, "starts_at": starts_at},
        {"station": station, **fields},
    )[0]


def demo_code(prefix, number):
    """A fixed tracking code: a 4-letter prefix and ``number`` written with the tracking
    alphabet, digits first (1 → "2223")."""
    digits_first = "".join(sorted(TRACKING_ALPHABET, key=lambda c: (not c.isdigit(), c)))
    suffix = ""
    for _ in range(TRACKING_LENGTH - len(prefix)):
        number, rest = divmod(number, len(digits_first))
        suffix = digits_first[rest] + suffix
    return prefix + suffix


def _store(model, parent, *, code, channel, station, day, submitted_at, fields):
    """Store an idea (``parent`` is its programme) or an observation (``parent`` is its
    project) under its fixed code unless it is already there; returns the row and whether it
    was created. In person, through the service with the station given; online, through the
    service on ``day`` when the station takes that input online then, otherwise (a past station
    whose online dates were not published) validated and saved directly."""
    existing = model.objects.filter(tracking_code=code).first()
    if existing is not None:
        return existing, False
    data = {**fields, "tracking_code": code, "submitted_at": submitted_at}
    if model is Idea:
        takes_online, parent_field = OnlineInput.IDEAS, "programme"
        submit = functools.partial(services.submit_idea, programme=parent)
    else:
        takes_online, parent_field = OnlineInput.OBSERVATIONS, "project"
        submit = functools.partial(services.submit_observation, project=parent)
    if channel != Channel.ONLINE:
        return submit(data=data, channel=channel, station=station), True
    if station.online_input == takes_online and station.is_open_on(day):
        return submit(data=data, channel=channel, day=day), True
    row = model(station=station, channel=channel, **{parent_field: parent}, **data)
    row.full_clean()
    row.save()
    return row, True


def _figures_line(label, programme):
    total, _ = selectors.programme_figures(programme)
    return (
        f"{label}: {total.ideas} ideas ({total.ideas_in_person} in person, "
        f"{total.ideas_online} online), {total.ideas_accepted} accepted, "
        f"{total.ideas_rejected} rejected, {total.observations} observations"
    )


# 1. Beni Ensar 2024-2025 -------------------------------------------------------------------


def beni_ensar_stations(programme):
    """The co-creation stations of seed 003's presentation, with the dates it gives.

    Not dated by the seed, so left without dates (the text is in the description): the end of
    the co-creation (its four thematic meetings, two in person and the others online, are
    dated only by the first workshop, 18 April 2023), the end of the consultation on the draft
    (only its workshop, 20 July 2023, is dated), the committee's five meetings that analysed
    the ideas, and the publication of the final version.
    """
    information = _station(
        programme,
        StationKind.INFORMATION_MEETING,
        1,
        title_ar="لقاء تواصلي حول البرنامج الوطني لدعم الجماعات الترابية المنفتحة",
        title_fr="Rencontre d'information sur le programme national d'appui aux collectivités "
        "territoriales ouvertes",
        starts_on=datetime.date(2022, 12, 21),
        ends_on=datetime.date(2022, 12, 21),
        place_ar="مقر ولاية جهة الشرق بوجدة",
        place_fr="Siège de la wilaya de la région de l'Oriental, Oujda",
    )
    committee = _station(
        programme,
        StationKind.COMMITTEE_SETUP,
        2,
        title_ar="تعيين لجنة اعداد وتنفيذ وتتبع وتقييم برنامج عمل الانفتاح",
        title_fr="Désignation du comité de préparation, de mise en œuvre, de suivi et "
        "d'évaluation du programme",
        description_ar="قرار تعيين اللجنة المرقم تحت رقم: 01 بتاريخ: 15 فبراير 2023. تتكون "
        "اللجنة من ممثلي المجتمع المدني والمنتخبين والاطر الإدارية ونقطة ارتكاز برنامج عمل "
        "الانفتاح بالجماعة.",
        description_fr="Décision de désignation du comité n° 01 du 15 février 2023. Le comité "
        "réunit des représentants de la société civile, des élus, des cadres administratifs et "
        "le point focal du programme.",
        starts_on=datetime.date(2023, 2, 15),
        ends_on=datetime.date(2023, 2, 15),
    )
    workshops = _station(
        programme,
        StationKind.COCREATION_WORKSHOP,
        3,
        title_ar="الإعداد المشترك لبرنامج عمل الانفتاح: لقاءات تشاورية موضوعاتية مباشرة ورقمية",
        title_fr="Co-construction du programme : rencontres thématiques en présentiel et en ligne",
        description_ar="بناء على مراسلة السيد وزير الداخلية عدد 392 بتاريخ 03 ابريل 2023، تم "
        "تنظيم 04 لقاءات تشاورية موضوعاتية، اثنان مباشرة بمقر فضاء الذاكرة التاريخية للمقاومة "
        "والتحرير ببني انصار، وأخرى رقمية عبر منصة الشبكة المغربية للجماعات الترابية "
        "المنفتحة. كانت الورشة الأولى بتاريخ 18 ابريل 2023؛ تواريخ اللقاءات الأخرى غير "
        "منشورة. أسفرت هذه المرحلة عن 94 فكرة مقترحة: 36 في الورشة المباشرة و58 في الورشة "
        "الرقمية.",
        description_fr="Suite à la lettre du ministre de l'Intérieur n° 392 du 3 avril 2023, "
        "quatre rencontres thématiques : deux en présentiel à l'Espace de la mémoire historique "
        "de la résistance et de la libération de Beni Ensar, les autres en ligne sur la "
        "plateforme du réseau. Le premier atelier a eu lieu le 18 avril 2023 ; les dates des "
        "autres rencontres ne sont pas publiées. 94 idées : 36 en présentiel, 58 en ligne.",
        starts_on=datetime.date(2023, 4, 18),
    )
    _station(
        programme,
        StationKind.COMMITTEE_ANALYSIS,
        4,
        title_ar="اجتماعات اللجنة لتفريغ الأفكار وإعداد مسودة البرنامج",
        title_fr="Réunions du comité : analyse des idées et rédaction du projet de programme",
        description_ar="عقدت اللجنة اجتماعها الأول والثاني والثالث والرابع والخامس برئاسة "
        "النائب الاول لرئيس المجلس الجماعي لبني انصار، خصصت لتفريغ الأفكار المبنية على المحاور "
        "المختارة وإعداد مسودة برنامج الجماعة. (التواريخ غير منشورة.)",
        description_fr="Cinq réunions du comité, présidées par le premier vice-président du "
        "conseil communal, pour dépouiller les idées par axe et rédiger le projet de programme. "
        "(Dates non publiées.)",
    )
    draft = _station(
        programme,
        StationKind.DRAFT_CONSULTATION,
        5,
        title_ar="التشاور حول مشاريع برنامج عمل الانفتاح",
        title_fr="Consultation sur les projets du programme d'action d'ouverture",
        description_ar="بناء على مراسلة السيد وزير الداخلية عدد 874 بتاريخ 03 يوليوز 2023، "
        "نظمت الجماعة الورشة الثانية بتاريخ 20 يوليوز 2023؛ على إثر ذلك تم اقتراح مجموعة من "
        "الملاحظات في تشاور مباشر ورقمي عبر منصة الشبكة، وأسفرت عن عدد 62 ملاحظة.",
        description_fr="Suite à la lettre du ministre de l'Intérieur n° 874 du 3 juillet 2023, "
        "deuxième atelier le 20 juillet 2023, puis consultation en présentiel et en ligne sur la "
        "plateforme du réseau : 62 observations.",
        starts_on=datetime.date(2023, 7, 20),
    )
    _station(
        programme,
        StationKind.CUSTOM,
        6,
        title_ar="إعداد ونشر النسخة النهائية لبرنامج عمل الجماعة المنفتحة",
        title_fr="Préparation et publication de la version finale du programme",
        description_ar="تم إعداد ونشر النسخة النهائية المتضمنة لتسعة (09) مشاريع موزعة على "
        "خمسة محاور. (التاريخ غير منشور.)",
        description_fr="Version finale de neuf projets répartis sur cinq axes. (Date non publiée.)",
    )
    _event(
        workshops,
        "الورشة الأولى للاعداد المشترك لبرنامج عمل الانفتاح مع جمعيات المجتمع المدني المتمثلة "
        "بالهيئات الاستشارية",
        _local(2023, 4, 18),
        title_fr="Premier atelier de co-construction du programme avec les associations de la "
        "société civile représentées dans les instances consultatives",
        # "More than fifty" is not a count: the figure stays empty, the words are kept.
        minutes_ar="عرف اللقاء التشاوري مشاركة فاعلين، مواطنين ومجتمع مدني، يزيد عددهم عن "
        "خمسين مشارك، كما شكلت مناسبة لتعبئة فعاليات المجتمع المدني المعنية على المستوى المحلي "
        "للمساهمة في هذا الورش الوطني الهام.",
        minutes_fr="Plus de cinquante participants (acteurs, citoyens et société civile).",
    )
    _event(
        draft,
        "الورشة الثانية للتشاور حول مشاريع برنامج عمل الانفتاح مع جمعيات المجتمع المدني "
        "المتمثلة بالهيئات الاستشارية",
        _local(2023, 7, 20),
        title_fr="Deuxième atelier de concertation sur les projets du programme avec les "
        "associations représentées dans les instances consultatives",
    )
    return information, committee, workshops, draft


def _idea_body(entry):
    if entry["problem"] == entry["title"]:
        return entry["title"]
    return f"الإشكالية: {entry['problem']}\nالاقتراح: {entry['title']}"


def load_beni_ensar():
    member = Member.objects.get(slug="beni-ensar")
    programme = Programme.objects.get(member=member, first_year=2024, last_year=2025)
    _, _, workshops, draft = beni_ensar_stations(programme)
    data = json.loads(BENI_ENSAR_FILE.read_text(encoding="utf-8"))
    axes = {axis.number: axis for axis in programme.axes.all()}
    projects = {project.number: project for project in programme.projects.all()}
    moderator, committee = _user("focal-beni-ensar"), _user("committee-beni-ensar")

    # The seed dates the collection by its first workshop and the observations by the draft
    # workshop; those days stand for each row's submission (a minute apart, to keep the order).
    created = 0
    ideas = {}
    for number, entry in enumerate(data["ideas"]):
        idea, is_new = _store(
            Idea,
            programme,
            code=entry["code"],
            channel=entry["channel"],
            station=workshops,
            day=workshops.starts_on,
            submitted_at=_local(2023, 4, 18, 9) + datetime.timedelta(minutes=number),
            fields={
                "title": entry["title"],
                "body": _idea_body(entry),
                "axis": axes[entry["axis"]],
                "submitter_kind": entry["submitter_kind"],
            },
        )
        ideas[entry["code"]] = idea
        if not is_new:
            continue
        created += 1
        services.publish(idea, user=moderator)
        reason = data["reasons"].get(entry.get("reason"), {})
        services.decide_fate(
            idea,
            fate=entry["fate"],
            user=committee,
            reason=reason.get("ar", ""),
            projects=[projects[n] for n in entry.get("projects", [])],
            merged_into=ideas.get(entry.get("merged_into")),
        )
        if reason:
            idea.fate_reason_fr = reason["fr"]
            idea.save(update_fields=["fate_reason_fr"])

    for number, entry in enumerate(data["observations"]):
        project = projects[entry["project"]]
        observation, is_new = _store(
            Observation,
            project,
            code=entry["code"],
            channel=entry["channel"],
            station=draft,
            day=draft.starts_on,
            submitted_at=_local(2023, 7, 20, 9) + datetime.timedelta(minutes=number),
            fields={
                "aspect": entry["aspect"],
                "body": entry["body"],
                "submitter_kind": entry["submitter_kind"],
            },
        )
        if not is_new:
            continue
        created += 1
        services.publish(observation, user=moderator)
        answer = data["answers"].get(entry.get("answer"))
        if answer:
            services.answer_observation(observation, answer=answer["ar"], user=committee)
            observation.answer_fr = answer["fr"]
            observation.save(update_fields=["answer_fr"])

    return [f"{_figures_line('Beni Ensar 2024-2025', programme)} ({created} rows new)"]


# 2. Larache --------------------------------------------------------------------------------

LARACHE_AXES = [
    # (number, Arabic, French): the priority axes of seed 001, in its order.
    (1, "التسويق الترابي", "Marketing territorial"),
    (2, "التواصل", "Communication"),
    (3, "خدمات ذات جودة", "Services de qualité"),
    (4, "التنمية الاجتماعية", "Développement social"),
]
LARACHE_PROJECTS = [
    # (number, axis number or None, Arabic, French, network list number). Numbered as the
    # seed's project cards ("مشروع: 1".."مشروع: 5"); the list of the presentation gives them the
    # numbers 68, 69, 70, 85 and 86 and another order. The seed links no project to an axis:
    # only the two whose title names the axis are linked.
    (1, 2, "تجويد آليات التواصل", "Améliorer les mécanismes de communication", 68),
    (
        2,
        1,
        "اعداد دليل ترويجي لابراز مؤهلات جماعة العرائش",
        "Préparer un guide promotionnel des atouts de la commune de Larache",
        69,
    ),
    (
        3,
        None,
        "الصيانة و المحافظة على المناطق الخضراء",
        "Entretien et préservation des espaces verts",
        70,
    ),
    (4, None, "الميزانية التشاركية", "Budget participatif", 86),
    (5, None, "ميزانية المواطن", "Budget citoyen", 85),
]


def larache_programme(member):
    programme, _ = _ensure(
        Programme,
        {"member": member, "first_year": 2024, "last_year": 2025},
        {
            "title_ar": "برنامج عمل الانفتاح بجماعة العرائش",
            "title_fr": "Programme d'action d'ouverture de la commune de Larache",
            "status": ProgrammeStatus.CONSULTATION,
            "source_note": "عرض اللقاء التشاوري الثاني (25 يوليوز 2023). فترة البرنامج غير "
            "مطبوعة فيه؛ 2024-2025 هي فترة الأعضاء الذين أعدوا برنامجهم بشكل مشترك سنة 2023 "
            "(بني أنصار، سطات). كانت المصادقة مرتقبة في دورة أكتوبر 2023، ولا وثيقة تثبتها، "
            "لذلك وضعيته «في طور التشاور». الميزانيات والأنشطة غير واردة في العرض.",
        },
    )
    for number, title_ar, title_fr in LARACHE_AXES:
        _ensure(
            Axis,
            {"programme": programme, "number": number},
            {"title_ar": title_ar, "title_fr": title_fr},
        )
    axes = {axis.number: axis for axis in programme.axes.all()}
    for number, axis_number, title_ar, title_fr, list_number in LARACHE_PROJECTS:
        note = f"عرض اللقاء التشاوري الثاني: رقم {list_number} في لائحة المشاريع."
        if axis_number is None:
            note += " لا يذكر العرض المحور الذي ينتمي إليه."
        if number == 2:
            note += " تطبع اللائحة «لابرار»، وبطاقة المشروع «لإبراز»."
        if number == 3:
            note += " تسميه بطاقة المشروع «المحافظة على الحدائق وحراستها»."
        _ensure(
            Project,
            {"programme": programme, "number": number},
            {
                "title_ar": title_ar,
                "title_fr": title_fr,
                "axis": axes.get(axis_number),
                "source_note": note,
            },
        )
    return programme


def larache_stations(programme):
    """The co-creation stations of seed 001 with its dates. The approval is dated by its month
    only (October 2023) and the extended digital consultation announced as a next step has no
    date: both are left without dates, the text in the description."""
    first_meeting = None
    for position, kind, day, end, title_ar, title_fr, extra in [
        (
            1,
            StationKind.INFORMATION_MEETING,
            datetime.date(2022, 12, 6),
            None,
            "لقاء تواصلي حول البرنامج",
            "Rencontre d'information sur le programme",
            {
                "place_ar": "مقر جهة طنجة - تطوان - الحسيمة",
                "place_fr": "Siège de la région Tanger-Tétouan-Al Hoceïma",
            },
        ),
        (
            2,
            StationKind.AXES_CHOICE,
            datetime.date(2022, 12, 27),
            None,
            "تحديد محاور الجماعة ذات الأولوية عبر استمارة إلكترونية",
            "Choix des axes prioritaires par un formulaire en ligne",
            {
                "description_ar": "تم تحديد محاور الجماعة ذات الأولوية عبر استمارة إلكترونية "
                "أعدتها جمعية أمباكت للتنمية: التسويق الترابي، التواصل، خدمات ذات جودة، "
                "التنمية الاجتماعية.",
                "description_fr": "Axes prioritaires choisis par un formulaire en ligne "
                "préparé par l'association Impact for Development.",
            },
        ),
        (
            3,
            StationKind.CUSTOM,
            datetime.date(2023, 2, 23),
            None,
            "ورشة تكوينية عن بعد حول مبادئ و منهجية الانفتاح",
            "Formation à distance sur les principes et la méthode de l'ouverture",
            {},
        ),
        (
            4,
            StationKind.COCREATION_WORKSHOP,
            datetime.date(2023, 3, 21),
            None,
            "اللقاء الأول للمشاركة المواطنة: جمع الأفكار والمقترحات",
            "Première rencontre de participation citoyenne : collecte des idées",
            {},
        ),
        (
            5,
            StationKind.COMMITTEE_SETUP,
            datetime.date(2023, 5, 4),
            None,
            "تعيين أعضاء لجنة إعداد، تتبع، و تقييم برنامج الانفتاح",
            "Désignation du comité de préparation, de suivi et d'évaluation",
            {
                "description_ar": "بموجب قرار أصدره رئيس مجلس الجماعة بتاريخ 04 ماي 2023.",
                "description_fr": "Par décision du président du conseil communal du 4 mai 2023.",
            },
        ),
        (
            6,
            StationKind.IDEA_COLLECTION,
            datetime.date(2023, 6, 12),
            datetime.date(2023, 6, 19),
            "أسبوع التشاور العمومي الرقمي",
            "Semaine de consultation publique en ligne",
            {},
        ),
        (
            7,
            StationKind.DRAFT_CONSULTATION,
            datetime.date(2023, 7, 25),
            None,
            "اللقاء الثاني للمشاركة المواطنة: التشاور حول مسودة برنامج الانفتاح",
            "Deuxième rencontre de participation citoyenne : concertation sur le projet de "
            "programme",
            {},
        ),
        (
            8,
            StationKind.DRAFT_CONSULTATION,
            None,
            None,
            "التشاور الرقمي الموسع",
            "Consultation en ligne élargie",
            {
                "description_ar": "من الخطوات المقبلة المعلنة في اللقاء الثاني، تليها الصياغة "
                "النهائية للمشاريع. (بدون تاريخ.)",
                "description_fr": "Étape annoncée lors de la deuxième rencontre, avant la "
                "rédaction finale des projets. (Sans date.)",
            },
        ),
        (
            9,
            StationKind.COUNCIL_ADOPTION,
            None,
            None,
            "المصادقة على برنامج الانفتاح",
            "Approbation du programme d'ouverture",
            {
                "description_ar": "أكتوبر 2023: المصادقة خلال دورة أكتوبر.",
                "description_fr": "Octobre 2023 : approbation prévue à la session d'octobre.",
            },
        ),
    ]:
        station = _station(
            programme,
            kind,
            position,
            title_ar=title_ar,
            title_fr=title_fr,
            starts_on=day,
            ends_on=end or day,
            **extra,
        )
        if position == 4:
            first_meeting = station
    event = _event(
        first_meeting,
        "اللقاء الأول للمشاركة المواطنة: جمع الأفكار والمقترحات",
        _local(2023, 3, 21),
        title_fr="Première rencontre de participation citoyenne : collecte des idées",
        participants=70,
        women=40,
        associations=18,
    )
    return event


def load_larache():
    programme = larache_programme(Member.objects.get(slug="larache"))
    event = larache_stations(programme)
    return [
        f"Larache {programme.period}: {programme.projects.count()} projects, "
        f"{programme.stations.count()} stations; first participation meeting: "
        f"{event.participants} participants ({event.women} women), "
        f"{event.associations} associations"
    ]


# 3. The live demonstration -----------------------------------------------------------------

LIVE_AXES = [
    (1, "الرقمنة", "Digitalisation"),
    (2, "التواصل", "Communication"),
    (3, "المشاركة المواطنة", "Participation citoyenne"),
]
LIVE_PROJECTS = [
    (
        1,
        1,
        "منصة رقمية لتتبع الشكايات والاقتراحات",
        "Plateforme numérique de suivi des plaintes et propositions",
        "المواطن لا يعرف مآل شكايته",
        "منصة رقمية تمكن المواطن من تتبع شكايته ومعرفة مآلها",
    ),
    (
        2,
        2,
        "نشرة إخبارية شهرية للجماعة",
        "Bulletin d'information mensuel de la commune",
        "ضعف التعريف بقرارات الجماعة وأنشطتها",
        "إصدار نشرة إخبارية شهرية ورقية ورقمية",
    ),
    (
        3,
        3,
        "إحداث مجلس الشباب",
        "Création d'un conseil des jeunes",
        "ضعف مشاركة الشباب في الشأن المحلي",
        "إحداث مجلس استشاري للشباب يجتمع كل ثلاثة أشهر",
    ),
]
LIVE_IDEAS = [
    # (code number, axis, title, body, accepted into project)
    (1, 1, "تطبيق هاتفي لتتبع الشكايات", "تطبيق على الهاتف يتيح للمواطن تتبع شكايته.", 1),
    (2, 2, "نشر محاضر دورات المجلس", "نشر محاضر دورات المجلس على موقع الجماعة.", None),
    (3, 3, "لقاءات شهرية مع الشباب", "لقاءات شهرية مع شباب الأحياء في دور الشباب.", None),
    (4, 1, "شاشة في مدخل الجماعة", "شاشة في المدخل تعرض أماكن المصالح ومواعيدها.", None),
    (5, 2, "إشراك الجمعيات في النشرة", "تخصيص ركن لأنشطة الجمعيات في النشرة الإخبارية.", None),
    (6, 3, "ورشات للتلاميذ", "ورشات للتلاميذ حول المشاركة المواطنة والعرائض.", None),
]
LIVE_OBSERVATIONS = [
    (1, "tracking_indicators", "اقتراح إضافة مؤشر: عدد الشكايات المعالجة في أقل من شهر", True),
    (2, "solutions", "اقتراح: إمكانية تقديم الشكاية عبر الهاتف لمن لا يستعمل الإنترنت", False),
]


def live_programme(member, today):
    """The demonstration programme of ``member`` for this year and the next (its years follow
    the day of loading), or None when the member has a programme of its own for that period."""
    programme = Programme.objects.filter(member=member, source_note__in=LIVE_DEMO_NOTES).first()
    period = {"member": member, "first_year": today.year, "last_year": today.year + 1}
    taken = Programme.objects.filter(**period).exclude(source_note__in=LIVE_DEMO_NOTES).exists()
    if taken:
        return None
    programme, _ = _ensure(
        Programme,
        {"pk": programme.pk} if programme else period,
        {
            **period,
            "title_ar": "برنامج عمل الانفتاح (عرض توضيحي)",
            "title_fr": "Programme d'action d'ouverture (programme de démonstration)",
            "summary_ar": "برنامج للعرض التوضيحي فقط، وليس برنامج الجماعة: يبين كيف يقترح "
            "المواطنون أفكارهم ويبدون ملاحظاتهم خلال الإعداد المشترك.",
            "summary_fr": "Programme de démonstration uniquement, ce n'est pas le programme de la "
            "commune : il montre comment les citoyens proposent leurs idées et leurs "
            "observations pendant la co-construction.",
            "status": ProgrammeStatus.CONSULTATION,
            "consultation_started_on": today - datetime.timedelta(days=30),
            "source_note": LIVE_DEMO_NOTE,
        },
        update=True,
    )
    for number, title_ar, title_fr in LIVE_AXES:
        _ensure(
            Axis,
            {"programme": programme, "number": number},
            {"title_ar": title_ar, "title_fr": title_fr},
        )
    axes = {axis.number: axis for axis in programme.axes.all()}
    for number, axis_number, title_ar, title_fr, problem, solution in LIVE_PROJECTS:
        _ensure(
            Project,
            {"programme": programme, "number": number},
            {
                "title_ar": title_ar,
                "title_fr": title_fr,
                "axis": axes[axis_number],
                "problems_ar": problem,
                "solution_ar": solution,
                "source_note": LIVE_DEMO_NOTE,
            },
        )
    return programme


def live_stations(programme, today):
    """Stations dated from ``today``: past information meeting and committee, idea collection
    open from today-7 to today+14, consultation on the draft open from today-3 to today+10 (both
    open at once, for the demonstration), later stations ahead. Dates are set again on every
    load, so the consultation is open whenever the demo has just been loaded."""

    def days(n):
        return today + datetime.timedelta(days=n)

    rows = [
        # (position, kind, first day, last day from today, takes online, Arabic, French)
        (
            1,
            StationKind.INFORMATION_MEETING,
            -30,
            -30,
            "",
            "لقاء تواصلي حول برنامج الانفتاح",
            "Rencontre d'information",
        ),
        (
            2,
            StationKind.COMMITTEE_SETUP,
            -21,
            -21,
            "",
            "تعيين لجنة التتبع",
            "Désignation du comité de suivi",
        ),
        (
            3,
            StationKind.IDEA_COLLECTION,
            -7,
            14,
            OnlineInput.IDEAS,
            "اطرح فكرتك",
            "Proposez votre idée",
        ),
        (
            4,
            StationKind.COMMITTEE_ANALYSIS,
            15,
            20,
            "",
            "دراسة الأفكار من طرف اللجنة",
            "Analyse des idées par le comité",
        ),
        (
            5,
            StationKind.DRAFT_CONSULTATION,
            -3,
            10,
            OnlineInput.OBSERVATIONS,
            "التشاور حول مسودة المشاريع",
            "Consultation sur le projet de programme",
        ),
        (
            6,
            StationKind.BUREAU_ADOPTION,
            30,
            30,
            "",
            "مصادقة مكتب المجلس",
            "Adoption par le bureau du conseil",
        ),
        (
            7,
            StationKind.COUNCIL_ADOPTION,
            45,
            45,
            "",
            "المصادقة خلال دورة المجلس",
            "Approbation en session du conseil",
        ),
    ]
    stations = {}
    for position, kind, start, end, online_input, title_ar, title_fr in rows:
        stations[kind] = _station(
            programme,
            kind,
            position,
            update=True,
            title_ar=f"{title_ar} (عرض توضيحي)",
            title_fr=f"{title_fr} (démonstration)",
            starts_on=days(start),
            ends_on=days(end),
            online_input=online_input,
        )
    return stations


#: Figures "published" per axis for the demonstration (observations deliberately not given).
LIVE_AXIS_FIGURES = {
    1: {"ideas_in_person": 12, "ideas_online": 7, "ideas_on_paper": 3, "ideas_accepted": 4},
    2: {"ideas_in_person": 8, "ideas_online": 5, "ideas_accepted": 2, "projects": 1},
    3: {"ideas_in_person": 15, "ideas_online": 9, "ideas_on_paper": 6},
}
LIVE_PARTNERS = [
    (
        "جمعية الشباب للمواطنة (عرض توضيحي)",
        PartnerKind.ASSOCIATION,
        "تنشيط ورشات الإعداد المشترك وتعبئة الشباب",
    ),
    (
        "جامعة عبد المالك السعدي (عرض توضيحي)",
        PartnerKind.UNIVERSITY,
        "مواكبة تقييم البرنامج",
    ),
]


def live_published_data(programme, stations):
    """What the demo shows of a member's published document: figures per axis (some not
    given), two programme partners with their roles, and a past workshop whose date the
    document does not give (participation given, gender not given)."""
    axes = {axis.number: axis for axis in programme.axes.all()}
    for number, figures in LIVE_AXIS_FIGURES.items():
        _ensure(DeclaredAxisFigures, {"axis": axes[number]}, figures)
    for position, (name, kind, role) in enumerate(LIVE_PARTNERS, start=1):
        partner, _ = _ensure(
            Partner, {"name_ar": name, "member": programme.member}, {"name": name, "kind": kind}
        )
        _ensure(
            ProgrammePartner,
            {"programme": programme, "partner": partner},
            {"role_ar": role, "role": role, "position": position},
        )
    event = _event(
        stations[StationKind.INFORMATION_MEETING],
        "لقاء تواصلي مع جمعيات الأحياء (عرض توضيحي)",
        None,
        title_fr="Rencontre avec les associations de quartier (démonstration)",
        participants=35,
        associations=14,
    )
    return [
        f"Demo published figures for {len(LIVE_AXIS_FIGURES)} axes, "
        f"{len(LIVE_PARTNERS)} programme partners, a workshop without a date "
        f"({event.participants} participants, gender not given)"
    ]


def load_live_demo():
    today = timezone.localdate()
    member = Member.objects.get(slug=LIVE_DEMO_SLUG)
    programme = live_programme(member, today)
    if programme is None:
        return [f"{member}: has its own programme {today.year}-{today.year + 1}; no demo added"]
    stations = live_stations(programme, today)
    projects = {project.number: project for project in programme.projects.all()}
    axes = {axis.number: axis for axis in programme.axes.all()}
    moderator = _user("admin")
    for number, axis, title, body, project_number in LIVE_IDEAS:
        idea, is_new = _store(
            Idea,
            programme,
            code=demo_code("TTWN", number),
            channel=Channel.ONLINE,
            station=stations[StationKind.IDEA_COLLECTION],
            day=today,
            submitted_at=timezone.now(),
            fields={
                "title": title,
                "body": body,
                "axis": axes[axis],
                "submitter_kind": SubmitterKind.CITIZEN,
            },
        )
        if is_new:
            services.publish(idea, user=moderator)
            if project_number:
                services.decide_fate(
                    idea, fate=Fate.ACCEPTED, user=moderator, projects=[projects[project_number]]
                )
    for number, aspect, body, answered in LIVE_OBSERVATIONS:
        observation, is_new = _store(
            Observation,
            projects[1],
            code=demo_code("TTWV", number),
            channel=Channel.ONLINE,
            station=stations[StationKind.DRAFT_CONSULTATION],
            day=today,
            submitted_at=timezone.now(),
            fields={
                "aspect": aspect,
                "body": body,
                "submitter_kind": SubmitterKind.CITIZEN,
            },
        )
        if is_new:
            services.publish(observation, user=moderator)
            if answered:
                services.answer_observation(
                    observation,
                    answer="شكرا، سيُدرس هذا المؤشر عند إعداد الصيغة النهائية.",
                    user=moderator,
                )
    extras = live_published_data(programme, stations)
    ideas = stations[StationKind.IDEA_COLLECTION]
    published = Idea.objects.filter(programme=programme, moderation=Moderation.PUBLISHED)
    return [
        *extras,
        f"Demo programme {programme} (demonstration, not the member's own): "
        f"{published.count()} published ideas",
        f"Demo consultation open: {idea_form_url(member.slug)} "
        f"(ideas {ideas.starts_on} → {ideas.ends_on}; observations on the draft "
        f"{stations[StationKind.DRAFT_CONSULTATION].starts_on} → "
        f"{stations[StationKind.DRAFT_CONSULTATION].ends_on})",
    ]
