"""The publicity ledger (法治宣传活动台账): one event per row."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.voiding import void_record
from outreach.models import Campaign, Event, Law
from outreach.services import record_event

from ..cells import CellError, parse_int
from ..spec import Choices, Column, Context, Kind, Row, as_date, read_text
from .common import date_column, unit_column

KIND = Choices(
    Event.Kind,
    {
        "宣传": "public_place",
        "广场宣传": "public_place",
        "摆摊宣传": "public_place",
        "讲座": "lecture",
        "法治讲座": "lecture",
        "演出": "performance",
        "文艺演出": "performance",
        "培训": "training",
        "媒体": "media",
        "热线": "hotline",
        "其他": "other",
    },
    default=Event.Kind.OTHER,
)
LIST_SEPARATORS = re.compile(r"[、，,；;\s]+")


def count(value):
    return parse_int(value) or 0


class EventLedger(Kind):
    key = "outreach_events"
    label = gettext_lazy("Outreach events")
    model = Event
    template_name = "法治宣传活动台账"
    columns = [
        date_column("held_on", "活动日期", ("日期", "时间", "开展日期"), required=True, example="2025-3-8"),
        Column(
            "title",
            "活动名称",
            ("活动主题", "主题", "名称"),
            required=True,
            read=read_text(200),
            example="三八维权周法律宣传",
        ),
        Column(
            "kind",
            "活动形式",
            ("形式", "类型", "活动类型"),
            read=KIND,
            note=gettext_lazy("宣传, 讲座, 演出, 培训, 媒体, 热线 or 其他."),
            example="宣传",
        ),
        Column("place", "活动地点", ("地点",), read=read_text(200), example="雄州街道文化广场"),
        Column(
            "campaign",
            "所属活动",
            ("专项活动", "系列活动"),
            read=read_text(100),
            note=gettext_lazy("The name of a campaign of your units, if the event belongs to one."),
        ),
        Column(
            "laws",
            "宣传法律",
            ("宣传内容", "法律法规"),
            read=read_text(500),
            note=gettext_lazy("Laws by name, separated by 、 (《》 optional)."),
            example="反家庭暴力法、妇女权益保障法",
        ),
        Column("audience", "受众人数", ("参与人数", "受众", "人数"), read=count, example=200),
        Column("leaflets", "发放资料", ("发放宣传资料", "资料份数", "宣传单"), read=count, example=500),
        Column("performances", "演出场次", (), read=count),
        Column("summary", "活动简介", ("简介", "内容", "备注"), read=read_text()),
        unit_column(),
    ]

    def _lookup(self, ctx: Context, name: str) -> dict:
        if name not in ctx.cache:
            if name == "laws":
                found = {}
                for law in Law.objects.filter(is_active=True):
                    found[law.name] = law
                    found.setdefault(law.name.removeprefix("中华人民共和国"), law)
            else:
                found = {}
                for campaign in Campaign.objects.visible_to(ctx.user).active():
                    found.setdefault(campaign.name, []).append(campaign)
            ctx.cache[name] = found
        return ctx.cache[name]

    def _laws(self, text: str, ctx: Context) -> list[Law]:
        known, laws = self._lookup(ctx, "laws"), []
        for name in [n.strip("《》 ") for n in LIST_SEPARATORS.split(text) if n.strip("《》 ")]:
            law = known.get(name) or known.get(name.removeprefix("中华人民共和国"))
            if law is None:
                raise CellError(_("“%(name)s” is not a law in the list.") % {"name": name})
            laws.append(law)
        return laws

    def _campaign(self, name: str, ctx: Context, year: int | None) -> Campaign:
        found = self._lookup(ctx, "campaigns").get(name, [])
        if len(found) > 1 and year:
            found = [c for c in found if c.year == year] or found
        if len(found) != 1:
            raise CellError(
                _("No campaign of your units is named “%(name)s”.") % {"name": name}
                if not found
                else _("Several campaigns are named “%(name)s”.") % {"name": name}
            )
        return found[0]

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        unit = self.check_unit(row, ctx)
        self.check_order(row, ctx, "held_on")
        day = as_date(v.get("held_on"))
        for column, find in (
            ("laws", lambda text: [law.pk for law in self._laws(text, ctx)]),
            ("campaign", lambda text: self._campaign(text, ctx, day.year if day else None).pk),
        ):
            if v.get(column):
                try:
                    v[f"{column}_ids" if column == "laws" else "campaign_id"] = find(v[column])
                except CellError as error:
                    row.error(column, error)
        row.summary = " · ".join(p for p in [v.get("held_on"), v.get("title"), v.get("place")] if p)
        if unit and unit != ctx.unit:
            row.summary += f" · {unit.name}"

    def file_key(self, row: Row):
        return (row.values["held_on"], row.values.get("unit_id"), row.values["title"])

    def existing(self, row: Row, ctx: Context):
        v = row.values
        return (
            Event.objects.visible_to(ctx.user)
            .active()
            .filter(org_unit_id=v["unit_id"], held_on=v["held_on"], title=v["title"])
            .first()
        )

    def create(self, row: Row, ctx: Context) -> Event:
        v = row.values
        laws = {law.pk: law for law in self._lookup(ctx, "laws").values()}
        return record_event(
            by=ctx.user,
            laws=[laws[pk] for pk in v.get("laws_ids", [])],
            org_unit=ctx.unit_by_pk(v["unit_id"]),
            title=v["title"],
            kind=v.get("kind") or Event.Kind.OTHER,
            held_on=as_date(v["held_on"]),
            place=v.get("place", ""),
            campaign_id=v.get("campaign_id"),
            audience=v.get("audience") or 0,
            leaflets=v.get("leaflets") or 0,
            performances=v.get("performances") or 0,
            summary=v.get("summary", ""),
        )

    def void(self, record, *, by, reason: str) -> None:
        void_record(record=record, by=by, reason=reason)
