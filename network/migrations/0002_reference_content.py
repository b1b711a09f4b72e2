"""Reference content of the network, in Arabic and French (Tamazight empty: falls back to Arabic).

Sources (in /work/shared/seeds, text extracted from members' documents):
- principles: seed 004 (press release: "الشفافية والمساءلة، الولوج إلى المعلومة، المشاركة المواطنة
  والرقمنة");
- expected results and their one-line descriptions: seed 001 (Larache, "أهداف برنامج الجماعات
  الترابية المنفتحة"), the same three sentences as the charter's objectives in seed 004;
- charter: seed 004 ("ميثاق الشبكة المغربية للجماعات الترابية المنفتحة"). The Arabic is copied as
  printed, including what look like typing slips of the source ("مبدئ", "المسائلة", "المواطنين
  والمواطنين", "المشاريع مشاريعها", "ورقمة"): network staff may correct them in the admin. Only
  the list separators ending the bullets ("،", "؛") are dropped, and the leading "و" of the
  press release's sentence on the network. The preamble's considerations ("بناء على...") are
  not loaded: they are the legal basis, not content for the home page.

Other apps refer to principles and expected results by ``code``: never change the codes.
Content already present (same code, or a charter section already filled) is left untouched,
so that edits made in the admin survive; the reverse migration leaves the rows in place.
"""

from django.db import migrations

PRINCIPLES = [
    ("transparency", "الشفافية والمساءلة", "Transparence et redevabilité"),
    ("access_to_information", "الولوج إلى المعلومة", "Accès à l'information"),
    ("participation", "المشاركة المواطنة", "Participation citoyenne"),
    ("digitalisation", "الرقمنة", "Digitalisation"),
]

EXPECTED_RESULTS = [
    (
        "service_quality",
        "تحسين جودة خدمات وبرامج الجماعة الترابية",
        "Améliorer la qualité des services et des programmes de la collectivité territoriale",
        "إشراك المواطنين في التعبير عن حاجياتهم الحقيقية والاستجابة لها وكذلك اعتماد الحلول "
        "التكنولوجية لتدبير الجماعة ورقمنة خدماتها.",
        "Associer les citoyens à l'expression de leurs besoins réels et y répondre, et adopter "
        "des solutions technologiques pour la gestion de la collectivité et la numérisation de "
        "ses services.",
    ),
    (
        "trust",
        "تعزيز الثقة بين المواطن والجماعة الترابية",
        "Renforcer la confiance entre le citoyen et la collectivité territoriale",
        "من خلال آليات التواصل و الشفافية والمساءلة والمشاركة المواطنة.",
        "Par des mécanismes de communication, de transparence, de redevabilité et de "
        "participation citoyenne.",
    ),
    (
        "citizen_partner",
        "جعل المواطن شريكا في تحديد الاحتياجات وإيجاد الحلول",
        "Faire du citoyen un partenaire dans l'identification des besoins et la recherche de "
        "solutions",
        "العمل بتعاون وثيق مع المجتمع المدني الذي يعتبر الحليف الرئيسي للجماعة، وذلك لمواجهة "
        "تحديات التنمية المحلية.",
        "Travailler en étroite collaboration avec la société civile, principale alliée de la "
        "collectivité, pour relever les défis du développement local.",
    ),
]

CHARTER = {
    "about": [
        (
            "تعد الشبكة المغربية للجماعات الترابية المنفتحة فضاء للحوار ولتبادل التجارب من أجل "
            "تكريس مبادئ الانفتاح.",
            "Le Réseau marocain des collectivités territoriales ouvertes est un espace de dialogue "
            "et d'échange d'expériences pour consacrer les principes de l'ouverture.",
        ),
        (
            "تقرر خلق الشبكة المغربية للجماعات الترابية المنفتحة، كفضاء لتبادل التجارب والخبرات "
            "بين الجماعات الترابية الأعضاء حول تفعيل مبدئ الانفتاح وتقوية قدراتها وتجميع "
            "الممارسات الجيدة في المجال.",
            "Il a été décidé de créer le Réseau marocain des collectivités territoriales ouvertes, "
            "espace d'échange d'expériences et d'expertise entre les collectivités territoriales "
            "membres sur la mise en œuvre du principe d'ouverture, le renforcement de leurs "
            "capacités et la capitalisation des bonnes pratiques en la matière.",
        ),
        (
            "تعمل الجماعة الترابية المنفتحة على تعزيز مبادئ الشفافية والمسائلة والولوج إلى "
            "المعلومة وإشراك المواطنين والمواطنين وهيآت المجتمع المدني في إعداد وتتبع وتقييم، "
            "بشكل تشاركي، المشاريع مشاريعها وبرامجها التنموية.",
            "La collectivité territoriale ouverte promeut les principes de transparence, de "
            "redevabilité et d'accès à l'information, et associe les citoyennes et les citoyens "
            "ainsi que les organisations de la société civile à l'élaboration, au suivi et à "
            "l'évaluation participatifs de ses projets et de ses programmes de développement.",
        ),
    ],
    "objective": [
        (
            "تعزيز الثقة بين المواطن والجماعة الترابية من خلال آليات التواصل والشفافية والمساءلة "
            "والمشاركة المواطنة",
            "Renforcer la confiance entre le citoyen et la collectivité territoriale par des "
            "mécanismes de communication, de transparence, de redevabilité et de participation "
            "citoyenne.",
        ),
        (
            "العمل بتعاون وثيق مع المجتمع المدني الذي يعتبر الحليف الرئيسي لمواجهة تحديات "
            "التنمية المحلية.",
            "Travailler en étroite collaboration avec la société civile, considérée comme "
            "l'alliée principale pour relever les défis du développement local.",
        ),
        (
            "تحسين الخدمات العمومية من خلال إشراك المواطن في التعبير عن حاجياته الحقيقية "
            "والاستجابة لها، وكذا اعتماد الحلول التكنولوجية لتدبير الجماعة ورقمة خدماتها.",
            "Améliorer les services publics en associant le citoyen à l'expression de ses "
            "besoins réels et en y répondant, ainsi qu'en adoptant des solutions technologiques "
            "pour la gestion de la collectivité et la numérisation de ses services.",
        ),
    ],
    "value": [
        (
            "تبادل المعارف والممارسات الجيدة حول مبادئ الانفتاح",
            "L'échange de connaissances et de bonnes pratiques sur les principes de l'ouverture.",
        ),
        (
            "الحوار بين الجماعات الترابية الأعضاء حول الممارسات والتحديات المشتركة المتعلقة "
            "بالتنمية المحلية المنفتحة.",
            "Le dialogue entre les collectivités territoriales membres sur les pratiques et les "
            "défis communs liés au développement local ouvert.",
        ),
    ],
    "commitment": [
        (
            "احترام النظم المعيارية المعمول بها من حيث الشفافية والولوج إلى المعلومات العمومية "
            "ومشاركة المواطنين والمواطنين والتحول الرقمي",
            "Respecter les cadres normatifs en vigueur en matière de transparence, d'accès à "
            "l'information publique, de participation des citoyennes et des citoyens et de "
            "transformation numérique.",
        ),
        (
            "اعتماد برامج عمل الانفتاح بإشراك المجتمع المدني المحلي وكذلك جميع الفاعلين المعنيين",
            "Adopter des programmes d'action d'ouverture en associant la société civile locale "
            "ainsi que tous les acteurs concernés.",
        ),
        (
            "ضمان تنفيذ وتقييم برامج عمل الانفتاح بمشاركة المجتمع المدني المحلي وكذلك جميع "
            "الفاعلين المعنيين",
            "Assurer la mise en œuvre et l'évaluation des programmes d'action d'ouverture avec la "
            "participation de la société civile locale ainsi que de tous les acteurs concernés.",
        ),
        (
            "خلق دينامية ترابية تهدف إلى تعزيز التعاون مع الجهات الفاعلة الأخرى داخل التراب",
            "Créer une dynamique territoriale visant à renforcer la coopération avec les autres "
            "acteurs du territoire.",
        ),
        (
            "المساهمة في إشعاع الجماعات الترابية المغربية على المستوى الوطني والقاري والدولي.",
            "Contribuer au rayonnement des collectivités territoriales marocaines aux niveaux "
            "national, continental et international.",
        ),
    ],
}


def load_reference_content(apps, schema_editor):
    Principle = apps.get_model("network", "Principle")
    ExpectedResult = apps.get_model("network", "ExpectedResult")
    CharterItem = apps.get_model("network", "CharterItem")

    for position, (code, name_ar, name_fr) in enumerate(PRINCIPLES, start=1):
        Principle.objects.get_or_create(
            code=code,
            defaults={
                "position": position,
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "description": "",
                "description_ar": "",
                "description_fr": "",
            },
        )

    for position, (code, name_ar, name_fr, text_ar, text_fr) in enumerate(
        EXPECTED_RESULTS, start=1
    ):
        ExpectedResult.objects.get_or_create(
            code=code,
            defaults={
                "position": position,
                "name": name_ar,
                "name_ar": name_ar,
                "name_fr": name_fr,
                "description": text_ar,
                "description_ar": text_ar,
                "description_fr": text_fr,
            },
        )

    for section, items in CHARTER.items():
        if CharterItem.objects.filter(section=section).exists():
            continue
        CharterItem.objects.bulk_create(
            CharterItem(section=section, position=position, text=ar, text_ar=ar, text_fr=fr)
            for position, (ar, fr) in enumerate(items, start=1)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_reference_content, migrations.RunPython.noop),
    ]
