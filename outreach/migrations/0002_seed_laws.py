from django.db import migrations

# The laws a women's federation promotes most; local lists add to them in the admin.
LAWS = [
    "宪法",
    "妇女权益保障法",
    "未成年人保护法",
    "民法典婚姻家庭编",
    "反家庭暴力法",
    "禁毒法",
    "法律援助法",
    "婚姻法",
    "老年人权益保障法",
    "残疾人保障法",
    "治安管理处罚法",
    "劳动合同法",
    "农村土地承包法",
    "信访工作条例",
]


def seed(apps, schema_editor):
    Law = apps.get_model("outreach", "Law")
    for order, name in enumerate(LAWS, start=1):
        Law.objects.update_or_create(name=name, defaults={"sort_order": order * 10})


def unseed(apps, schema_editor):
    Law = apps.get_model("outreach", "Law")
    Law.objects.filter(name__in=LAWS, events__isnull=True, trainings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("outreach", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
