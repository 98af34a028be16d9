from django.conf import settings
from django.db import migrations, models


def copy_decisions(apps, schema_editor):
    """Cases already determined take their decision from their Determination."""
    PlanningApplication = apps.get_model("applications", "PlanningApplication")
    Determination = apps.get_model("decisions", "Determination")
    for decision in Determination.objects.values_list("decision", flat=True).distinct():
        decided = Determination.objects.filter(decision=decision).values("application_id")
        PlanningApplication.objects.filter(pk__in=decided).update(decision=decision)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0006_register_from_receipt"),
        ("councils", "0004_council_os_maps_api_key"),
        ("decisions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="planningapplication",
            name="decision",
            field=models.CharField(blank=True, max_length=20),
        ),
        migrations.AddIndex(
            model_name="planningapplication",
            index=models.Index(fields=["council", "decision", "determined_at"], name="app_council_decision"),
        ),
        migrations.RunPython(copy_decisions, migrations.RunPython.noop),
    ]
