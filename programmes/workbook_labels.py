"""The names a programme file shows in each language: sheet names and column headers.

One table a reader finds in one place: each key (the sheet or column name the code uses, which
is also the name an English file of earlier versions carries) with its Arabic and French label.
A translated column (``title_ar``, ``title_fr``, ``title_zgh``) is its base's label followed by
the language in brackets: « العنوان (بالعربية) », « Titre (arabe) ».

The labels are part of the file format, not of the interface: they are written here rather than
in the message catalogues, so that a file exported today still imports after a translation is
reworded. The import accepts a sheet or a header in any language (``normalise`` makes the
comparison ignore case, spaces, Arabic diacritics, tatweel and the spellings of alef, ya and
ta marbuta); the coded values (status, kinds, yes/no) are the model choices' labels, read in
every language by ``workbook_format.choice_lookup``.
"""

import re
import unicodedata

#: The languages a file is exported in; Tamazight takes the French names.
FILE_LANGUAGES = ("ar", "fr")
DEFAULT_FILE_LANGUAGE = "ar"
FALLBACK = {"zgh": "fr"}

#: key → (Arabic, French)
SHEET_LABELS = {
    "programme": ("البرنامج", "Programme"),
    "axes": ("المحاور", "Axes"),
    "projects": ("المشاريع", "Projets"),
    "results": ("النتائج المنتظرة", "Résultats attendus"),
    "activities": ("الأنشطة", "Activités"),
    "indicators": ("المؤشرات", "Indicateurs"),
    "measurements": ("القياسات", "Mesures"),
    "partners": ("شركاء المشاريع", "Partenaires des projets"),
    "programme_partners": ("شركاء البرنامج", "Partenaires du programme"),
    "committee": ("لجنة التتبع", "Comité de suivi"),
    "committee_members": ("أعضاء لجنة التتبع", "Membres du comité"),
    "stations": ("المحطات", "Étapes"),
    "events": ("الورشات واللقاءات", "Ateliers et réunions"),
    "axis_figures": ("أرقام المحاور", "Chiffres par axe"),
    "codes": ("الرموز", "Codes"),
    "read_me": ("اقرأني", "Lisez-moi"),
}

#: key → (Arabic, French); a translated column's key is its base (``title`` for ``title_ar``).
COLUMN_LABELS = {
    # programme
    "member": ("العضو", "Membre"),
    "first_year": ("السنة الأولى", "Première année"),
    "last_year": ("السنة الأخيرة", "Dernière année"),
    "cohort": ("الفوج", "Cohorte"),
    "status": ("الوضعية", "Statut"),
    "title": ("العنوان", "Titre"),
    "summary": ("الملخص", "Résumé"),
    "consultation_started_on": ("بداية التشاور", "Début de la consultation"),
    "adopted_on": ("تاريخ المصادقة", "Date d'adoption"),
    "council_session": ("دورة المجلس", "Session du conseil"),
    "decision_reference": ("مرجع المقرر", "Référence de la délibération"),
    "vote_outcome": ("نتيجة التصويت", "Résultat du vote"),
    "implementation_started_on": ("بداية التنفيذ", "Début de la mise en œuvre"),
    "evaluated_on": ("تاريخ التقييم", "Date de l'évaluation"),
    "strengths": ("نقاط القوة", "Forces"),
    "weaknesses": ("نقاط الضعف", "Faiblesses"),
    "opportunities": ("الفرص", "Opportunités"),
    "threats": ("التهديدات", "Menaces"),
    "source_note": ("ملاحظة حول المصدر", "Note sur la source"),
    # axes and projects
    "number": ("الرقم", "Numéro"),
    "description": ("الوصف", "Description"),
    "principles": ("المبادئ", "Principes"),
    "axis_number": ("رقم المحور", "Numéro de l'axe"),
    "problems": ("المشاكل", "Problèmes"),
    "causes": ("الأسباب", "Causes"),
    "consequences": ("النتائج في حال عدم المعالجة", "Conséquences"),
    "solution": ("الحل المقترح", "Solution proposée"),
    "objectives": ("الأهداف", "Objectifs"),
    "competences": ("الاختصاصات", "Compétences"),
    "linked_to_action_plan": ("مرتبط ببرنامج العمل", "Lié au plan d'action"),
    "feasible_within_period": ("قابل للإنجاز خلال المدة", "Réalisable dans la période"),
    "estimated_budget": ("الميزانية التقديرية", "Budget estimatif"),
    "budget_as_entered": ("الميزانية كما كتبت", "Budget tel qu'écrit"),
    "funding_source": ("مصدر التمويل", "Source de financement"),
    "funding_details": ("تفاصيل التمويل", "Détails du financement"),
    "duration": ("المدة", "Durée"),
    "announced_activity_count": ("عدد الأنشطة المعلنة", "Nombre d'activités annoncées"),
    "completion_level": ("مستوى الإنجاز", "Niveau d'achèvement"),
    "evaluation": ("التقييم", "Évaluation"),
    "smart_specific": ("SMART: محدد", "SMART : spécifique"),
    "smart_measurable": ("SMART: قابل للقياس", "SMART : mesurable"),
    "smart_achievable": ("SMART: قابل للتحقيق", "SMART : atteignable"),
    "smart_relevant": ("SMART: ملائم", "SMART : pertinent"),
    "smart_time_bound": ("SMART: محدد زمنيا", "SMART : temporellement défini"),
    "smart_comment": ("تعليق على SMART", "Commentaire SMART"),
    # results, activities, indicators, measurements
    "project_number": ("رقم المشروع", "Numéro du projet"),
    "result": ("النتيجة المنتظرة", "Résultat attendu"),
    "contribution": ("المساهمة", "Contribution"),
    "start_date": ("تاريخ البداية", "Date de début"),
    "end_date": ("تاريخ النهاية", "Date de fin"),
    "weight": ("الوزن", "Poids"),
    "partners_note": ("الشركاء كما كتبوا", "Partenaires tels qu'écrits"),
    "cost": ("الكلفة", "Coût"),
    "cost_note": ("الكلفة كما كتبت", "Coût tel qu'écrit"),
    "funding": ("التمويل", "Financement"),
    "responsible_service": ("المصلحة المسؤولة", "Service responsable"),
    "progress": ("نسبة التقدم", "Avancement"),
    "kind": ("النوع", "Type"),
    "label": ("ما يقاس", "Libellé"),
    "unit": ("الوحدة", "Unité"),
    "baseline": ("القيمة المرجعية", "Valeur de référence"),
    "target": ("القيمة المستهدفة", "Cible"),
    "indicator_number": ("رقم المؤشر", "Numéro de l'indicateur"),
    "measured_on": ("تاريخ القياس", "Mesuré le"),
    "value": ("القيمة", "Valeur"),
    "comment": ("التعليق", "Commentaire"),
    # partners and committee
    "partner": ("الشريك", "Partenaire"),
    "partner_kind": ("نوع الشريك", "Type de partenaire"),
    "contribution_amount": ("مبلغ المساهمة", "Montant de la contribution"),
    "role": ("الدور", "Rôle"),
    "decision_number": ("رقم القرار", "Numéro de la décision"),
    "decided_on": ("تاريخ القرار", "Date de la décision"),
    "signatory": ("الموقّع", "Signataire"),
    "name": ("الاسم", "Nom"),
    "mandate": ("المهام", "Mandat"),
    "composition": ("التركيبة", "Composition"),
    "full_name": ("الاسم الكامل", "Nom complet"),
    "category": ("الفئة", "Catégorie"),
    "function": ("الصفة", "Fonction"),
    "gender": ("الجنس", "Genre"),
    # co-creation
    "starts_on": ("اليوم الأول", "Premier jour"),
    "ends_on": ("اليوم الأخير", "Dernier jour"),
    "place": ("المكان", "Lieu"),
    "online_input": ("المشاركة عبر الإنترنت", "Contributions en ligne"),
    "declared_ideas_in_person": ("الأفكار حضوريا (المعلنة)", "Idées en présentiel (publiées)"),
    "declared_ideas_online": ("الأفكار عبر الإنترنت (المعلنة)", "Idées en ligne (publiées)"),
    "declared_ideas_on_paper": ("الأفكار الورقية (المعلنة)", "Idées sur papier (publiées)"),
    "declared_ideas_accepted": ("الأفكار المقبولة (المعلنة)", "Idées retenues (publiées)"),
    "declared_observations": ("الملاحظات (المعلنة)", "Observations (publiées)"),
    "declared_projects": ("المشاريع (المعلنة)", "Projets (publiés)"),
    "station_number": ("رقم المحطة", "Numéro de l'étape"),
    "date": ("التاريخ", "Date"),
    "participants": ("المشاركون", "Participants"),
    "women": ("منهم نساء", "Dont femmes"),
    "associations": ("الجمعيات", "Associations"),
    "administration": ("الإدارة", "Administration"),
    "elected": ("المنتخبون", "Élus"),
    "ideas_in_person": ("الأفكار حضوريا", "Idées en présentiel"),
    "ideas_online": ("الأفكار عبر الإنترنت", "Idées en ligne"),
    "ideas_on_paper": ("الأفكار الورقية", "Idées sur papier"),
    "ideas_accepted": ("الأفكار المقبولة", "Idées retenues"),
    "observations": ("الملاحظات", "Observations"),
    "projects": ("المشاريع", "Projets"),
    # the codes and read_me sheets (not imported)
    "list": ("القائمة", "Liste"),
    "code": ("الرمز", "Code"),
    "code_label": ("التسمية", "Libellé"),
    "sheet": ("الورقة", "Feuille"),
    "column": ("العمود", "Colonne"),
    "help": ("شرح", "Aide"),
}

#: The language a translated column holds, as its header names it: code → (Arabic, French).
LANGUAGE_LABELS = {
    "ar": ("بالعربية", "arabe"),
    "fr": ("بالفرنسية", "français"),
    "zgh": ("بالأمازيغية", "amazighe"),
}


def file_language(language):
    """The language a file is written in for the interface language ``language``."""
    language = FALLBACK.get(language, language)
    return language if language in FILE_LANGUAGES else DEFAULT_FILE_LANGUAGE


def _pick(labels, language):
    return labels[FILE_LANGUAGES.index(language)]


def _split(name):
    """(base, language) of a column name: ``("title", "ar")`` for ``title_ar``."""
    base, _sep, code = name.rpartition("_")
    if base and code in LANGUAGE_LABELS and base in COLUMN_LABELS:
        return base, code
    return name, None


def sheet_label(name, language):
    """The sheet's name in ``language`` (None: the key itself, the English format)."""
    if language is None or name not in SHEET_LABELS:
        return name
    return _pick(SHEET_LABELS[name], file_language(language))


def column_label(name, language):
    """The column's header in ``language`` (None: the key itself)."""
    if language is None:
        return name
    language = file_language(language)
    base, code = _split(name)
    if base not in COLUMN_LABELS:
        return name
    label = _pick(COLUMN_LABELS[base], language)
    if code is None:
        return label
    return f"{label} ({_pick(LANGUAGE_LABELS[code], language)})"


# --- matching what a file says -------------------------------------------------------------

_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه"})
_SPACES = re.compile(r"[\s_]+")


def normalise(text):
    """A sheet name or header as compared: NFKC, case folded, without spaces or underscores,
    Arabic diacritics and tatweel removed, alef, ya and ta marbuta spelt one way."""
    text = unicodedata.normalize("NFKC", str(text or "")).casefold()
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_LETTERS)
    return _SPACES.sub("", text)


def spellings(name, labeller):
    """Every accepted spelling of a key, normalised: the key and its label in each language."""
    return {normalise(name)} | {normalise(labeller(name, language)) for language in FILE_LANGUAGES}


def match_sheet(name, titles):
    """The title among ``titles`` (a file's sheet names) that names the sheet ``name`` in any
    language, or None."""
    wanted = spellings(name, sheet_label)
    return next((title for title in titles if normalise(title) in wanted), None)


def header_names(columns):
    """normalised spelling → column name, for every column of a sheet in every language."""
    names = {}
    for column in columns:
        for spelling in spellings(column, column_label):
            names.setdefault(spelling, column)
    return names
