"""Names of the 2023 members in Tifinagh (Standard Moroccan Tamazight), for members that exist.

The same names as the ``name_zgh`` column of ``network/data/members_2023.csv``, where their
sources and the names still to be reviewed by a native speaker are listed (README.md there).
Only members whose Tamazight name is empty get one: a name entered in the admin is never
replaced. The reverse migration leaves the names in place.

The names are copied here, not read from the CSV, so that this migration does the same thing
whatever the file later becomes (a test checks that both agree today).
"""

from django.db import migrations
from django.db.models import Q

TAMAZIGHT_NAMES = {
    "region-rabat-sale-kenitra": "ⵕⵕⴱⴰⵟ-ⵙⵍⴰ-ⵍⵇⵏⵉⵟⵕⴰ",
    "region-tanger-tetouan-al-hoceima": "ⵟⴰⵏⵊⴰ-ⵜⵉⵟⵟⴰⵡⵉⵏ-ⵍⵃⵓⵙⵉⵎⴰ",
    "region-draa-tafilalet": "ⴷⵔⵄⴰ-ⵜⴰⴼⵉⵍⴰⵍⵜ",
    "region-oriental": "ⴰⴳⵎⵓⴹ",
    "region-fes-meknes": "ⴼⴰⵙ-ⵎⴽⵏⴰⵙ",
    "region-casablanca-settat": "ⴰⵏⴼⴰ-ⵙⵟⵟⴰⵜ",
    "region-marrakech-safi": "ⵎⵕⵕⴰⴽⵛ-ⴰⵙⴼⵉ",
    "region-beni-mellal-khenifra": "ⴰⵢⵜ ⵎⵍⵍⴰⵍ-ⵅⵏⵉⴼⵕⴰ",
    "region-souss-massa": "ⵙⵓⵙ-ⵎⴰⵙⵙⴰ",
    "region-guelmim-oued-noun": "ⴰⴳⵍⵎⵉⵎ-ⵡⴰⴷ ⵏⵓⵏ",
    "region-laayoune-sakia-el-hamra": "ⵍⵄⵢⵓⵏ ⵙⵙⴰⵇⵢⴰ ⵍⵃⵎⵔⴰ",
    "region-dakhla-oued-ed-dahab": "ⴷⴷⴰⵅⵍⴰ ⵡⴰⴷⵉ ⴷⴷⴰⵀⴰⴱ",
    "province-zagora": "ⵣⴰⴳⵓⵔⴰ",
    "province-sefrou": "ⵚⴼⵔⵓ",
    "province-taroudant": "ⵜⴰⵔⵓⴷⴰⵏⵜ",
    "province-tiznit": "ⵜⵉⵣⵏⵉⵜ",
    "rabat": "ⵕⵕⴱⴰⵟ",
    "sale": "ⵙⵍⴰ",
    "khemisset": "ⵍⵅⵎⵉⵙⴰⵜ",
    "chefchaouen": "ⴰⵛⵛⴰⵡⵏ",
    "larache": "ⵍⵄⵕⴰⵢⵛ",
    "tetouan": "ⵜⵉⵟⵟⴰⵡⵉⵏ",
    "tanger": "ⵟⴰⵏⵊⴰ",
    "al-hoceima": "ⵍⵃⵓⵙⵉⵎⴰ",
    "ouarzazate": "ⵡⴰⵔⵣⴰⵣⴰⵜ",
    "errachidia": "ⵔⵔⴰⵛⵉⴷⵢⴰ",
    "zagora": "ⵣⴰⴳⵓⵔⴰ",
    "beni-ensar": "ⴱⵏⵉ ⴰⵏⵚⴰⵕ",
    "driouch": "ⴷⵔⵉⵡⵛ",
    "berkane": "ⴱⵔⴽⴰⵏ",
    "oujda": "ⵡⵓⵊⴷⴰ",
    "ouislane": "ⵡⵉⵙⵍⴰⵏ",
    "meknes": "ⵎⴽⵏⴰⵙ",
    "taza": "ⵜⴰⵣⴰ",
    "fes": "ⴼⴰⵙ",
    "azrou": "ⴰⵣⵔⵓ",
    "el-hajeb": "ⵍⵃⴰⵊⴱ",
    "sefrou": "ⵚⴼⵔⵓ",
    "settat": "ⵙⵟⵟⴰⵜ",
    "benslimane": "ⴱⵏⵙⵍⵉⵎⴰⵏ",
    "casablanca": "ⴰⵏⴼⴰ",
    "berrechid": "ⴱⵔⵔⵛⵉⴷ",
    "el-jadida": "ⵍⵊⴷⵉⴷⴰ",
    "moulay-abdallah": "ⵎⵓⵍⴰⵢ ⵄⴱⴷⵍⵍⴰⵀ",
    "essaouira": "ⵎⵓⴳⴰⴷⵓⵔ",
    "tahannaout": "ⵜⴰⵃⵏⴰⵡⵜ",
    "ben-guerir": "ⴱⵏ ⴳⵔⵉⵔ",
    "marrakech": "ⵎⵕⵕⴰⴽⵛ",
    "saada": "ⵙⵄⴰⴷⴰ",
    "safi": "ⴰⵙⴼⵉ",
    "beni-mellal": "ⴰⵢⵜ ⵎⵍⵍⴰⵍ",
    "khouribga": "ⵅⵔⵉⴱⴳⴰ",
    "azilal": "ⴰⵥⵉⵍⴰⵍ",
    "ait-melloul": "ⴰⵢⵜ ⵎⵍⵍⵓⵍ",
    "dcheira-el-jihadia": "ⴷⵛⵛⵉⵔⴰ ⵍⵊⵉⵀⴰⴷⵢⴰ",
    "inezgane": "ⵉⵏⵣⴳⴰⵏ",
    "agadir": "ⴰⴳⴰⴷⵉⵔ",
    "drargua": "ⴷⵔⴰⵔⴳⴰ",
    "taroudant": "ⵜⴰⵔⵓⴷⴰⵏⵜ",
    "oulad-teima": "ⵓⵍⴰⴷ ⵜⴰⵢⵎⴰ",
    "tiznit": "ⵜⵉⵣⵏⵉⵜ",
    "sidi-ifni": "ⵙⵉⴷⵉ ⵉⴼⵏⵉ",
    "guelmim": "ⴰⴳⵍⵎⵉⵎ",
    "boujdour": "ⴱⵓⵊⴷⵓⵔ",
    "laayoune": "ⵍⵄⵢⵓⵏ",
    "dakhla": "ⴷⴷⴰⵅⵍⴰ",
}


def fill_empty_tamazight_names(apps, schema_editor):
    Member = apps.get_model("network", "Member")
    empty = Q(name_zgh__isnull=True) | Q(name_zgh="")
    for slug, name in TAMAZIGHT_NAMES.items():
        Member.objects.filter(empty, slug=slug).update(name_zgh=name)


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0006_logo_decoded_when_checked"),
    ]

    operations = [
        migrations.RunPython(fill_empty_tamazight_names, migrations.RunPython.noop),
    ]
