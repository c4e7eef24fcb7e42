from django.db import migrations

# English titles of the laws 0002 seeded (as the NPC's English translations name them, without "the":
# the English report adds the article). Names an office edited in the admin are left alone.
ENGLISH = {
    "宪法": "Constitution",
    "妇女权益保障法": "Law on the Protection of Women's Rights and Interests",
    "未成年人保护法": "Law on the Protection of Minors",
    "民法典婚姻家庭编": "Marriage and Family Book of the Civil Code",
    "反家庭暴力法": "Anti-Domestic Violence Law",
    "禁毒法": "Narcotics Control Law",
    "法律援助法": "Legal Aid Law",
    "婚姻法": "Marriage Law",
    "老年人权益保障法": "Law on the Protection of the Rights and Interests of the Elderly",
    "残疾人保障法": "Law on the Protection of Persons with Disabilities",
    "治安管理处罚法": "Public Security Administration Punishments Law",
    "劳动合同法": "Labour Contract Law",
    "农村土地承包法": "Rural Land Contracting Law",
    "信访工作条例": "Regulations on Letters and Visits Work",
}


def fill(apps, schema_editor):
    Law = apps.get_model("outreach", "Law")
    for name, name_en in ENGLISH.items():
        Law.objects.filter(name=name, name_en="").update(name_en=name_en)


def empty(apps, schema_editor):
    Law = apps.get_model("outreach", "Law")
    for name, name_en in ENGLISH.items():
        Law.objects.filter(name=name, name_en=name_en).update(name_en="")


class Migration(migrations.Migration):
    dependencies = [("outreach", "0003_law_name_en")]

    operations = [migrations.RunPython(fill, empty)]
