from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinical_performance", "0002_shifts"),
    ]

    operations = [
        # Rounds drawn before the threshold was copied onto the round used the shipped 300 hours a quarter.
        migrations.AddField(
            model_name="auditround",
            name="high_volume_hours",
            field=models.FloatField(
                default=300.0, help_text="Hours worked in the period from which a clinician is sampled more"
            ),
            preserve_default=False,
        ),
    ]
