from datetime import date

import factory

from outreach.models import Campaign, Event, Law, Trainee, TrainingSession

LAW_ORDER = [
    "宪法",
    "妇女权益保障法",
    "未成年人保护法",
    "民法典婚姻家庭编",
    "反家庭暴力法",
    "禁毒法",
    "法律援助法",
    "婚姻法",
]


def law(name: str) -> Law:
    """A law seeded by the data migration (re-created if a browser test's flush removed it)."""
    order = (LAW_ORDER.index(name) + 1) * 10 if name in LAW_ORDER else 500
    return Law.objects.get_or_create(name=name, defaults={"sort_order": order})[0]


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = "三八维权周"
    kind = Campaign.Kind.MARCH_8
    year = 2025


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"法制宣传活动{n}")
    kind = Event.Kind.PUBLIC_PLACE
    held_on = date(2025, 3, 8)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if extracted:
            self.partners.set(extracted)

    @factory.post_generation
    def laws(self, create, extracted, **kwargs):
        if extracted:
            self.laws.set(extracted)

    @factory.post_generation
    def covered_units(self, create, extracted, **kwargs):
        if extracted:
            self.covered_units.set(extracted)

    @factory.post_generation
    def volunteers(self, create, extracted, **kwargs):
        if extracted:
            self.volunteers.set(extracted)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"妇联干部培训班{n}")
    starts_on = date(2025, 4, 22)
    ends_on = date(2025, 4, 23)
    hours = 12

    @factory.post_generation
    def trainees(self, create, extracted, **kwargs):
        for i in range(extracted or 0):
            Trainee.objects.create(session=self, full_name=f"学员{i}")
