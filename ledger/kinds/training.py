"""The training-class ledger (女子成才班学员台账): one student's enrolment per row."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.voiding import void_record
from hardship.models import Enrolment, Household, TrainingClass
from hardship.services import HardshipError, enrol_student, graduate, record_employment

from ..cells import CellError
from ..spec import Column, Context, Kind, Row, as_date, read_text
from .common import date_column, unit_column
from .people import match_person, person_columns, person_for


class EnrolmentLedger(Kind):
    key = "enrolments"
    label = gettext_lazy("Training enrolments")
    model = Enrolment
    template_name = "培训学员台账"
    columns = [
        Column(
            "training_class",
            "培训班",
            ("班级", "培训班名称", "班次"),
            required=True,
            read=read_text(100),
            note=gettext_lazy("The name of a class already set up under Hardship, in your units."),
            example="2025年女子成才班（家政）",
        ),
        date_column("enrolled_on", "报名日期", ("入学日期", "入班日期"), required=True, example="2025-3-1"),
        *person_columns(name_label="学员", name_synonyms=("学员姓名",)),
        date_column("graduated_on", "结业日期", ("毕业日期",)),
        Column("employer", "就业单位", ("就业去向", "用人单位"), read=read_text(100)),
        date_column("employed_on", "就业日期", ("上岗日期",)),
        unit_column(),
    ]

    def _class(self, name: str, ctx: Context) -> TrainingClass:
        classes = ctx.cache.get("classes")
        if classes is None:
            classes = ctx.cache["classes"] = {}
            for klass in TrainingClass.objects.visible_to(ctx.user).active():
                classes.setdefault(klass.name, []).append(klass)
        found = classes.get(name, [])
        if len(found) != 1:
            raise CellError(
                _("No class of your units is named “%(name)s”.") % {"name": name}
                if not found
                else _("Several classes are named “%(name)s”.") % {"name": name}
            )
        return found[0]

    def check(self, row: Row, ctx: Context) -> None:
        v = row.values
        unit = self.check_unit(row, ctx)
        self.check_order(row, ctx, "enrolled_on", "graduated_on", "employed_on")
        if v.get("training_class"):
            try:
                v["class_id"] = self._class(v["training_class"], ctx).pk
            except CellError as error:
                row.error("training_class", error)
        if (v.get("employer") or v.get("employed_on")) and not (
            v.get("employer") and v.get("employed_on") and v.get("graduated_on")
        ):
            row.error("employer", _("A job is recorded with its employer and date, after the graduation date."))
        if row.status != "error":
            match_person(row, ctx)
        row.summary = " · ".join(p for p in [v.get("enrolled_on"), v.get("full_name"), v.get("training_class")] if p)
        if unit and unit != ctx.unit:
            row.summary += f" · {unit.name}"

    def file_key(self, row: Row):
        v = row.values
        return (v.get("class_id"), v.get("id_number") or v.get("phone") or v["full_name"])

    def existing(self, row: Row, ctx: Context):
        v = row.values
        same = Q(student__full_name=v["full_name"], enrolled_on=v["enrolled_on"])
        if row.person:
            same |= Q(student_id=row.person["id"])
        return Enrolment.objects.visible_to(ctx.user).active().filter(same, training_class_id=v["class_id"]).first()

    def create(self, row: Row, ctx: Context) -> Enrolment:
        v = row.values
        student = person_for(row, ctx, ctx.unit_by_pk(v["unit_id"]))
        try:
            enrolment = enrol_student(
                by=ctx.user,
                training_class=self._class(v["training_class"], ctx),
                student=student,
                enrolled_on=as_date(v["enrolled_on"]),
                household=Household.objects.filter(head=student).first(),
            )
            if v.get("graduated_on"):
                enrolment = graduate(enrolment=enrolment, by=ctx.user, on=as_date(v["graduated_on"]))
            if v.get("employer"):
                enrolment = record_employment(
                    enrolment=enrolment, by=ctx.user, employer=v["employer"], on=as_date(v["employed_on"])
                )
        except HardshipError as error:
            raise ValueError(str(error)) from None
        return enrolment

    def void(self, record, *, by, reason: str) -> None:
        void_record(record=record, by=by, reason=reason)
