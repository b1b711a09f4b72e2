"""Demo data of the programmes app: the Beni Ensar 2024–2025 programme from its workbook."""

import datetime
from pathlib import Path

from network.models import Member

from .models import Activity, Committee, CommitteeMember, Programme
from .services import import_programme_workbook

DATA = Path(__file__).resolve().parent / "data"
WORKBOOKS = [("beni-ensar", 2024, 2025, DATA / "beni-ensar-2024-2025.xlsx")]


def load():
    """Import each shipped workbook once; a programme already there is left as it is, so that
    what a focal point changed on the demo portal survives another `load_demo`."""
    lines = []
    for slug, first_year, last_year, path in WORKBOOKS:
        member = Member.objects.get(slug=slug)
        programme = Programme.objects.filter(
            member=member, first_year=first_year, last_year=last_year
        ).first()
        if programme is None:
            with open(path, "rb") as handle:
                programme = import_programme_workbook(handle, member=member).programme
        activities = Activity.objects.filter(project__programme=programme).count()
        lines.append(
            f"{programme}: {programme.projects.count()} projects, {activities} activities "
            f"({programme.get_absolute_url()})"
        )
    return lines + load_committees()


# Follow-up committees as the members published them: Beni Ensar's decision (seed 003: no names
# published) and Larache's whole register (seed 001, decision of 04 May 2023). Gender follows the
# seed's own wording (عضوة / عضو, السيدة).
COMMITTEES = [
    {
        "member": "beni-ensar",
        "decision_number": "01",
        "decided_on": datetime.date(2023, 2, 15),
        "signatory": "",
        "mandate_ar": (
            "تتكون لجنة اعداد وتنفيذ وتتبع وتقييم برنامج عمل انفتاح جماعة بني انصار من ممثلي "
            "المجتمع المدني والمنتخبين والاطر الإدارية ونقطة ارتكاز برنامج عمل الانفتاح بالجماعة."
        ),
        # Seed 003 publishes who sits on the committee, not their names.
        "composition_ar": (
            "ممثلو المجتمع المدني، المنتخبون، الأطر الإدارية، ونقطة ارتكاز برنامج عمل الانفتاح "
            "بالجماعة."
        ),
        "programme": (2024, 2025),
        "members": [],
    },
    {
        "member": "larache",
        "decision_number": "",
        "decided_on": datetime.date(2023, 5, 4),
        "signatory": "رئيس مجلس جماعة العرائش",
        "mandate_ar": "إعداد وتتبع وتقييم برنامج الانفتاح بجماعة العرائش.",
        "members": [
            ("محمد المتوكي", "chair", "نائب رئيس مجلس جماعة العرائش، رئيس اللجنة", "man"),
            ("سميرة اليملاحي", "elected", "عضوة اللجنة", "woman"),
            ("محمد براد", "elected", "عضو اللجنة", "man"),
            ("حميد العالي", "elected", "عضو اللجنة", "man"),
            (
                "السعدية التواتي",
                "equality_body",
                "رئيسة هيئة المساواة و تكافؤ الفرص، عضوة اللجنة",
                "woman",
            ),
            ("كريمة أجاز", "equality_body", "مقررة هيئة المساواة و تكافؤ الفرص", "woman"),
            ("مصطفى العبراج", "equality_body", "عضو اللجنة", "man"),
            ("فتحية اليعقوبي", "equality_body", "عضوة اللجنة", "woman"),
            ("محمد عشاوي", "staff", "مدير المصالح", "man"),
            ("عصام البغدادي", "staff", "المهندس البلدي رئيس قسم الأشغال", "man"),
            ("ماجدة البواري", "staff", "تقنية بقسم الأشغال", "woman"),
            ("سمية ابو", "focal_point", "عضوة و منسقة داخل اللجنة", "woman"),
        ],
    },
]


def load_committees():
    lines = []
    for entry in COMMITTEES:
        member = Member.objects.get(slug=entry["member"])
        committee, created = Committee.objects.get_or_create(
            member=member,
            decided_on=entry["decided_on"],
            defaults={
                "decision_number": entry["decision_number"],
                "signatory": entry["signatory"],
                "mandate_ar": entry["mandate_ar"],
            },
        )
        if created:
            CommitteeMember.objects.bulk_create(
                CommitteeMember(
                    committee=committee,
                    full_name=name,
                    category=category,
                    function_ar=function,
                    gender=gender,
                    position=position,
                )
                for position, (name, category, function, gender) in enumerate(entry["members"])
            )
        changed = []
        if entry.get("composition_ar") and not committee.composition_ar:
            committee.composition_ar = entry["composition_ar"]
            changed.append("composition_ar")
        if entry.get("programme") and committee.programme_id is None:
            first_year, last_year = entry["programme"]
            committee.programme = Programme.objects.filter(
                member=member, first_year=first_year, last_year=last_year
            ).first()
            changed.append("programme")
        if changed:
            committee.save(update_fields=changed)
        follows = f", follows {committee.programme}" if committee.programme_id else ""
        lines.append(
            f"{member}: follow-up committee with {committee.members.count()} members{follows}"
        )
    return lines
