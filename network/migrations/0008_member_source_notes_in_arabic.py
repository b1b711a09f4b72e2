"""Source notes of the 2023 members in Arabic, for members that exist.

The notes of ``network/data/members_2023.csv`` were written in English and named the documents
they come from by internal file names; staff and focal points read them in the admin ("ملاحظة
حول المصدر"). This migration gives them the Arabic notes of the file (README.md there), by
slug, **only where the note is still exactly the old English text**: a note a person changed
is kept. The reverse migration leaves the notes in place.

Both texts are copied here, not read from the CSV, so that this migration does the same thing
whatever the file later becomes (a test checks that the new notes agree with the file today).
"""

from django.db import migrations

ENGLISH_NOTES = {
    "region-guelmim-oued-noun": (
        "Added: this region's name is not printed in seed 004 (only 11 region labels survive "
        "the extraction) while the press kit announces 12 regions; the communes Sidi Ifni and "
        "Guelmim, listed between Souss-Massa and Laâyoune-Sakia El Hamra, belong to it. "
        "Arabic name in its official spelling."
    ),
    "province-zagora": (
        "Printed in the middle column (province or prefecture) of seed 004's table, on the "
        "row of the commune of the same name: taken as the provincial council, one of the 4 "
        "provincial councils of the press kit. Arabic name as printed (without «إقليم»); "
        "region and parent (the region) from Moroccan geography."
    ),
    "province-sefrou": (
        "Printed in the middle column (province or prefecture) of seed 004's table, on the "
        "row of the commune of the same name: taken as the provincial council, one of the 4 "
        "provincial councils of the press kit. Arabic name as printed (without «إقليم»); "
        "region and parent (the region) from Moroccan geography."
    ),
    "province-taroudant": (
        "Printed in the middle column (province or prefecture) of seed 004's table, on the "
        "row of the commune of the same name: taken as the provincial council, one of the 4 "
        "provincial councils of the press kit. Arabic name as printed (without «إقليم»); "
        "region and parent (the region) from Moroccan geography."
    ),
    "province-tiznit": (
        "Printed in the middle column (province or prefecture) of seed 004's table, on the "
        "row of the commune of the same name: taken as the provincial council, one of the 4 "
        "provincial councils of the press kit. Arabic name as printed (without «إقليم»); "
        "region and parent (the region) from Moroccan geography."
    ),
    "al-hoceima": (
        "Region inferred from the table's grouping (Tanger-Tétouan-Al Hoceïma); the region "
        "label printed on this row in seed 004, «درعة-تافيلالت», is misaligned in the "
        "extraction."
    ),
    "zagora": (
        "Region inferred from the table's grouping (Drâa-Tafilalet); the region label printed "
        "on this row in seed 004, «الشرق», is misaligned in the extraction. Parent: the "
        "province of Zagora, itself a member (printed in the province column of the same "
        "row)."
    ),
    "beni-ensar": (
        "Seed 003 says Beni Ensar joined the network on 22 October 2022; the list gives the "
        "whole first cohort the network's creation date, 21 October 2022. Arabic name as "
        "printed (also written «بني أنصار»)."
    ),
    "oujda": (
        "Region inferred from the table's grouping (L'Oriental); the region label printed on "
        "this row in seed 004, «فاس-مكناس», is misaligned in the extraction."
    ),
    "sefrou": (
        "Region inferred from the table's grouping (Fès-Meknès); the region label printed on "
        "this row in seed 004, «الدار البيضاء-سطات», is misaligned in the extraction. Parent: "
        "the province of Sefrou, itself a member (printed in the province column of the same "
        "row)."
    ),
    "moulay-abdallah": (
        "Region inferred from the table's grouping (Casablanca-Settat); the region label "
        "printed on this row in seed 004, «مراكش-أسفي», is misaligned in the extraction. "
        "Identified as the commune of Moulay Abdallah, province of El Jadida."
    ),
    "tahannaout": (
        "Printed «تاحنات»; identified as Tahannaout (usually written «تحناوت», province of Al "
        "Haouz) from the Marrakech-Safi grouping: uncertain identification. The printed "
        "spelling is kept."
    ),
    "ben-guerir": (
        "Printed «ابن جرير» (usually written «بن جرير»); Ben Guerir, province of Rehamna. The "
        "printed spelling is kept."
    ),
    "saada": (
        "Identified as the commune of Saâda (prefecture of Marrakech) from the Marrakech-Safi "
        "grouping: uncertain identification."
    ),
    "khouribga": (
        "Printed «خريكة», probably a typing slip for «خريبكة» (Khouribga), which fits the "
        "Béni Mellal-Khénifra grouping: uncertain identification. The printed spelling is "
        "kept."
    ),
    "taroudant": (
        "Parent: the province of Taroudant, itself a member (printed in the province column "
        "of the same row)."
    ),
    "oulad-teima": (
        "Printed «أولاد تايممة» (usually written «أولاد تايمة»); Oulad Teïma, province of "
        "Taroudant. The printed spelling is kept."
    ),
    "tiznit": (
        "Parent: the province of Tiznit, itself a member (printed in the province column of "
        "the same row)."
    ),
    "sidi-ifni": (
        "Region not printed in seed 004 (the label Guelmim-Oued Noun is missing from the "
        "extraction); inferred from Moroccan geography and the table's order."
    ),
    "guelmim": (
        "Region not printed in seed 004 (the label Guelmim-Oued Noun is missing from the "
        "extraction); inferred from Moroccan geography and the table's order."
    ),
}

ARABIC_NOTES = {
    "region-guelmim-oued-noun": (
        "جهة مضافة: لا يرد اسم هذه الجهة في قائمة أعضاء الشبكة المنشورة في الملف الصحفي (لم "
        "يبقَ بعد استخراج النص سوى 11 اسمًا من أسماء الجهات)، في حين يعلن الملف الصحفي عن 12 "
        "جهة؛ وتنتمي إليها جماعتا سيدي إفني وكلميم، الواردتان في القائمة بين سوس-ماسة "
        "والعيون-الساقية الحمراء. الاسم العربي مكتوب بصيغته الرسمية."
    ),
    "province-zagora": (
        "ورد في العمود الأوسط (الإقليم أو العمالة) من قائمة أعضاء الشبكة المنشورة في الملف "
        "الصحفي، في سطر الجماعة التي تحمل الاسم نفسه: اعتُبر المجلس الإقليمي، وهو أحد المجالس "
        "الإقليمية الأربعة التي يذكرها الملف الصحفي. الاسم العربي كما ورد (دون «إقليم»)؛ أما "
        "الجهة والجماعة الترابية الأم (الجهة) فمن الجغرافيا المغربية."
    ),
    "province-sefrou": (
        "ورد في العمود الأوسط (الإقليم أو العمالة) من قائمة أعضاء الشبكة المنشورة في الملف "
        "الصحفي، في سطر الجماعة التي تحمل الاسم نفسه: اعتُبر المجلس الإقليمي، وهو أحد المجالس "
        "الإقليمية الأربعة التي يذكرها الملف الصحفي. الاسم العربي كما ورد (دون «إقليم»)؛ أما "
        "الجهة والجماعة الترابية الأم (الجهة) فمن الجغرافيا المغربية."
    ),
    "province-taroudant": (
        "ورد في العمود الأوسط (الإقليم أو العمالة) من قائمة أعضاء الشبكة المنشورة في الملف "
        "الصحفي، في سطر الجماعة التي تحمل الاسم نفسه: اعتُبر المجلس الإقليمي، وهو أحد المجالس "
        "الإقليمية الأربعة التي يذكرها الملف الصحفي. الاسم العربي كما ورد (دون «إقليم»)؛ أما "
        "الجهة والجماعة الترابية الأم (الجهة) فمن الجغرافيا المغربية."
    ),
    "province-tiznit": (
        "ورد في العمود الأوسط (الإقليم أو العمالة) من قائمة أعضاء الشبكة المنشورة في الملف "
        "الصحفي، في سطر الجماعة التي تحمل الاسم نفسه: اعتُبر المجلس الإقليمي، وهو أحد المجالس "
        "الإقليمية الأربعة التي يذكرها الملف الصحفي. الاسم العربي كما ورد (دون «إقليم»)؛ أما "
        "الجهة والجماعة الترابية الأم (الجهة) فمن الجغرافيا المغربية."
    ),
    "al-hoceima": (
        "الجهة مستنتجة من تجميع الجماعات في القائمة (طنجة-تطوان-الحسيمة)؛ أما اسم الجهة "
        "الوارد في هذا السطر من قائمة أعضاء الشبكة المنشورة في الملف الصحفي، «درعة-تافيلالت»، "
        "فقد انزاح عن موضعه عند استخراج النص."
    ),
    "zagora": (
        "الجهة مستنتجة من تجميع الجماعات في القائمة (درعة-تافيلالت)؛ أما اسم الجهة الوارد في "
        "هذا السطر من قائمة أعضاء الشبكة المنشورة في الملف الصحفي، «الشرق»، فقد انزاح عن "
        "موضعه عند استخراج النص. الجماعة الترابية الأم: إقليم زاكورة، وهو نفسه عضو في الشبكة "
        "(ورد في عمود الإقليم من السطر نفسه)."
    ),
    "beni-ensar": (
        "تذكر وثيقة جماعة بني أنصار حول برنامج عمل الانفتاح أن بني أنصار انضمت إلى الشبكة يوم "
        "22 أكتوبر 2022؛ وتعطي القائمة الفوج الأول كله تاريخ إنشاء الشبكة، 21 أكتوبر 2022. "
        "الاسم العربي كما ورد (ويُكتب أيضًا «بني أنصار»)."
    ),
    "oujda": (
        "الجهة مستنتجة من تجميع الجماعات في القائمة (الشرق)؛ أما اسم الجهة الوارد في هذا "
        "السطر من قائمة أعضاء الشبكة المنشورة في الملف الصحفي، «فاس-مكناس»، فقد انزاح عن "
        "موضعه عند استخراج النص."
    ),
    "sefrou": (
        "الجهة مستنتجة من تجميع الجماعات في القائمة (فاس-مكناس)؛ أما اسم الجهة الوارد في هذا "
        "السطر من قائمة أعضاء الشبكة المنشورة في الملف الصحفي، «الدار البيضاء-سطات»، فقد "
        "انزاح عن موضعه عند استخراج النص. الجماعة الترابية الأم: إقليم صفرو، وهو نفسه عضو في "
        "الشبكة (ورد في عمود الإقليم من السطر نفسه)."
    ),
    "moulay-abdallah": (
        "الجهة مستنتجة من تجميع الجماعات في القائمة (الدار البيضاء-سطات)؛ أما اسم الجهة "
        "الوارد في هذا السطر من قائمة أعضاء الشبكة المنشورة في الملف الصحفي، «مراكش-أسفي»، "
        "فقد انزاح عن موضعه عند استخراج النص. حُدّدت على أنها جماعة مولاي عبد الله، إقليم "
        "الجديدة."
    ),
    "tahannaout": (
        "وردت بصيغة «تاحنات»؛ وحُدّدت على أنها جماعة «تحناوت» كما تُكتب عادةً (إقليم الحوز)، "
        "انطلاقًا من تجميع جهة مراكش-آسفي: تحديد غير مؤكد. احتُفظ بالكتابة الواردة."
    ),
    "ben-guerir": (
        "وردت بصيغة «ابن جرير» (وتُكتب عادةً «بن جرير»)؛ وهي جماعة بن جرير، إقليم الرحامنة. "
        "احتُفظ بالكتابة الواردة."
    ),
    "saada": (
        "حُدّدت على أنها جماعة سعادة (عمالة مراكش) انطلاقًا من تجميع جهة مراكش-آسفي: تحديد غير مؤكد."
    ),
    "khouribga": (
        "وردت بصيغة «خريكة»، والأرجح أنها خطأ في الكتابة صوابه «خريبكة»، وهو ما يوافق تجميع "
        "جهة بني ملال-خنيفرة: تحديد غير مؤكد. احتُفظ بالكتابة الواردة."
    ),
    "taroudant": (
        "الجماعة الترابية الأم: إقليم تارودانت، وهو نفسه عضو في الشبكة (ورد في عمود الإقليم "
        "من السطر نفسه)."
    ),
    "oulad-teima": (
        "وردت بصيغة «أولاد تايممة» (وتُكتب عادةً «أولاد تايمة»)؛ وهي جماعة أولاد تايمة، إقليم "
        "تارودانت. احتُفظ بالكتابة الواردة."
    ),
    "tiznit": (
        "الجماعة الترابية الأم: إقليم تيزنيت، وهو نفسه عضو في الشبكة (ورد في عمود الإقليم من "
        "السطر نفسه)."
    ),
    "sidi-ifni": (
        "لا يرد اسم الجهة في قائمة أعضاء الشبكة المنشورة في الملف الصحفي (اسم كلميم-واد نون "
        "ساقط من النص المستخرج)؛ والجهة مستنتجة من الجغرافيا المغربية ومن ترتيب القائمة."
    ),
    "guelmim": (
        "لا يرد اسم الجهة في قائمة أعضاء الشبكة المنشورة في الملف الصحفي (اسم كلميم-واد نون "
        "ساقط من النص المستخرج)؛ والجهة مستنتجة من الجغرافيا المغربية ومن ترتيب القائمة."
    ),
}


def replace_english_source_notes(apps, schema_editor):
    Member = apps.get_model("network", "Member")
    for slug, english in ENGLISH_NOTES.items():
        Member.objects.filter(slug=slug, source_note=english).update(source_note=ARABIC_NOTES[slug])


class Migration(migrations.Migration):
    dependencies = [
        ("network", "0007_member_names_in_tifinagh"),
    ]

    operations = [
        migrations.RunPython(replace_english_source_notes, migrations.RunPython.noop),
    ]
