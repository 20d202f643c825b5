import datetime as dt
from decimal import Decimal

from django.db import migrations

CITIES = ["Leeds", "Bristol", "Norwich", "Derby", "Exeter", "York", "Hull"]


def fill(apps, schema_editor):
    Row = apps.get_model("rows", "Row")
    start = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
    Row.objects.bulk_create(
        Row(
            name=f"Person {i:04d}",
            email=f"person{i:04d}@example.org",
            city=CITIES[i % len(CITIES)],
            amount=Decimal(i % 500) + Decimal("0.50"),
            created_at=start + dt.timedelta(hours=i),
        )
        for i in range(1000)
    )


class Migration(migrations.Migration):
    dependencies = [("rows", "0001_initial")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
