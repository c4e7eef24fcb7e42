"""The two-level petition taxonomy of DESIGN.md; editable in admin afterwards."""

from django.db import migrations

TAXONOMY = [
    (
        "婚姻家庭",
        "Marriage and family",
        [
            ("家庭暴力", "Domestic violence"),
            ("离婚", "Divorce"),
            ("子女抚养", "Child custody and support"),
            ("探视", "Visitation"),
            ("赡养", "Support of elderly parents"),
            ("扶养", "Spousal support"),
            ("财产分割", "Division of property"),
            ("配偶有外遇", "Spouse's affair"),
            ("重婚/非法同居", "Bigamy / illegal cohabitation"),
            ("干涉婚姻自由", "Interference with freedom of marriage"),
            ("家庭纠纷", "Family dispute"),
            ("其他", "Other"),
        ],
    ),
    (
        "人身和人格权益",
        "Personal rights",
        [
            ("拐卖/绑架", "Trafficking / abduction"),
            ("性骚扰", "Sexual harassment"),
            ("性侵害", "Sexual assault"),
            ("人身伤害", "Bodily injury"),
            ("人格尊严", "Personal dignity"),
        ],
    ),
    (
        "财产权益",
        "Property rights",
        [
            ("土地承包/征地补偿/集体收益分配/宅基地", "Land contracts, compensation, collective income, homesteads"),
            ("继承", "Inheritance"),
            ("住房/拆迁", "Housing / demolition"),
        ],
    ),
    (
        "劳动和社会保障权益",
        "Labour and social security",
        [
            ("劳动权益", "Labour rights"),
            ("性别歧视", "Sex discrimination"),
            ("生育保险", "Maternity insurance"),
            ("社会保险", "Social insurance"),
            ("社会救助/低保", "Social assistance / dibao"),
        ],
    ),
    ("文化教育权益", "Culture and education", [("入学", "School enrolment"), ("失学", "Dropping out of school")]),
    ("政治权利", "Political rights", [("选举权", "Right to vote"), ("女性参政", "Women in public office")]),
    ("其他", "Other", [("求助", "Request for help"), ("咨询", "Consultation")]),
]


def seed(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    for order, (name, name_en, children) in enumerate(TAXONOMY, start=1):
        top, _ = Category.objects.get_or_create(
            parent=None, name=name, defaults={"name_en": name_en, "order": order * 100}
        )
        for sub_order, (sub, sub_en) in enumerate(children, start=1):
            Category.objects.get_or_create(
                parent=top, name=sub, defaults={"name_en": sub_en, "order": order * 100 + sub_order}
            )


def unseed(apps, schema_editor):
    Category = apps.get_model("petitions", "Category")
    names = [name for name, _en, _children in TAXONOMY]
    Category.objects.filter(parent__name__in=names, parent__parent=None).delete()
    Category.objects.filter(name__in=names, parent=None).delete()


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
