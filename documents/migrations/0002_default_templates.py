"""The texts the system ships for each kind of official document (version 1; an administrator edits later versions)."""

from django.db import migrations

DEFAULTS = {
    "petition_acceptance": (
        "信访事项受理告知书",
        "受",
        """{{ 信访人 }}：
你（们）于{{ 来信来访日期 }}以{{ 信访形式 }}形式向本机关反映的“{{ 信访事项 }}”一事（信访编号：{{ 信访编号 }}）已收悉。经审查，该信访事项属于本机关职权范围，根据《信访工作条例》第二十二条、第二十三条的规定，本机关决定予以受理，受理日期为{{ 受理日期 }}。
根据《信访工作条例》第三十四条的规定，本机关将自受理之日起六十日内办结，即于{{ 办结期限 }}前作出处理意见并书面答复你（们）；情况复杂的，经本机关负责人批准，可以适当延长办理期限，但延长期限不超过三十日，并将延期理由告知你（们）。
本信访事项承办人：{{ 承办人 }}。
特此告知。""",
    ),
    "petition_non_acceptance": (
        "信访事项不予受理告知书",
        "不受",
        """{{ 信访人 }}：
你（们）于{{ 来信来访日期 }}以{{ 信访形式 }}形式向本机关反映的“{{ 信访事项 }}”一事（信访编号：{{ 信访编号 }}）已收悉。经审查，根据《信访工作条例》第二十二条、第二十三条的规定，本机关决定不予受理。理由及可以申请的途径如下：
{{ 不予受理理由 }}
特此告知。""",
    ),
    "petition_transfer": (
        "信访事项转送（交办）单",
        "转",
        """{{ 接收单位 }}：
现将{{ 信访人 }}反映的信访事项（信访编号：{{ 信访编号 }}）于{{ 转送日期 }}转送你单位。信访人于{{ 来信来访日期 }}以{{ 信访形式 }}形式反映：{{ 信访事项 }}
信访诉求：{{ 信访诉求 }}
根据《信访工作条例》有关规定，请你单位依法依规及时处理，并于{{ 回复期限 }}前将办理情况反馈本机关。
本机关联系人：{{ 承办人 }}。""",
    ),
    "petition_opinion": (
        "信访事项处理意见书",
        "处",
        """{{ 信访人 }}：
你（们）于{{ 来信来访日期 }}反映的“{{ 信访事项 }}”一事（信访编号：{{ 信访编号 }}），本机关已依法办理。经调查核实，现提出处理意见如下：
{{ 处理意见 }}
处理结果：{{ 处理结果 }}。
如对本处理意见不服，可以自收到本意见书之日起三十日内，请求原办理机关的上一级机关复查。
特此答复。""",
    ),
    "petition_review": (
        "信访事项复查意见书",
        "复",
        """{{ 信访人 }}：
你（们）对信访事项（信访编号：{{ 信访编号 }}）的处理意见不服，于{{ 复查申请日期 }}提出复查请求。根据《信访工作条例》第三十五条的规定，本机关进行了复查，现提出复查意见如下：
{{ 复查意见 }}
如对本复查意见不服，可以自收到本意见书之日起三十日内，向复查机关的上一级机关请求复核。
特此答复。""",
    ),
    "legal_aid_application": (
        "法律援助申请表（摘要）",
        "援",
        """申请人{{ 申请人 }}于{{ 申请日期 }}申请法律援助，案由为{{ 案由 }}，申请的援助形式为{{ 援助形式 }}（案件编号：{{ 案件编号 }}）。申请事项摘要如下。
根据《中华人民共和国法律援助法》第四十三条的规定，本机关应于{{ 决定期限 }}前作出是否给予法律援助的决定，并书面告知申请人。""",
    ),
    "outreach_sign_in": (
        "活动签到表",
        "",
        """活动名称：{{ 活动名称 }}
活动时间：{{ 活动日期 }}　活动地点：{{ 活动地点 }}
主办单位：{{ 主办单位 }}""",
    ),
}


def ship(apps, schema_editor):
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    for kind, (title, word, body) in DEFAULTS.items():
        if not DocumentTemplate.objects.filter(kind=kind).exists():
            DocumentTemplate.objects.create(kind=kind, version=1, title=title, number_word=word, body=body)


def unship(apps, schema_editor):
    DocumentTemplate = apps.get_model("documents", "DocumentTemplate")
    DocumentTemplate.objects.filter(kind__in=DEFAULTS, version=1, created_by=None, documents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_official_documents")]

    operations = [migrations.RunPython(ship, unship)]
