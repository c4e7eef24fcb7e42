"""Demo: the city federation signs its documents in full and numbers them 雄妇〔2025〕…"""

from directory.demo import seeder

from .models import DocumentProfile


@seeder(90)
def seed_document_profiles(ctx):
    DocumentProfile.objects.get_or_create(
        org_unit=ctx.unit("440282000000"), defaults={"issuer": "南雄市妇女联合会", "number_prefix": "雄妇"}
    )
    ctx.log("  documents: 南雄市妇联 signs as 南雄市妇女联合会, numbers 雄妇〔年〕…字第…号")
