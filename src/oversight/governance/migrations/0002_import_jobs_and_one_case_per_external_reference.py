"""Import jobs (imports run by the background worker), and one case per external reference per
organisation (issue 12, point 5).

Existing data can break the new rule: before this migration, two simultaneous imports of one file
could both succeed, writing every row twice. The database cannot be given the constraint while
such pairs exist, and choosing which copy to keep is a governance decision (either may have been
worked on since), so the migration stops and lists them rather than deleting anything.
"""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count

SHOWN = 20


def refuse_duplicated_references(apps, schema_editor):
    problems = []
    for model_name in ("Incident", "Complaint"):
        model = apps.get_model("governance", model_name)
        pairs = (model.objects.exclude(external_reference="").values("organisation__ods_code", "external_reference")
                 .annotate(copies=Count("id")).filter(copies__gt=1).order_by("organisation__ods_code", "external_reference"))
        problems += [f"{model_name.lower()} {p['external_reference']!r} at {p['organisation__ods_code']}: {p['copies']} copies"
                     for p in pairs]
    if problems:
        listed = "\n  ".join(problems[:SHOWN]) + (f"\n  ... and {len(problems) - SHOWN} more" if len(problems) > SHOWN else "")
        raise RuntimeError(
            "Cannot add the rule 'one case per external reference per organisation': these references are held more "
            f"than once (an earlier import ran twice at the same time):\n  {listed}\n"
            "Decide which copy of each to keep (check which has been worked on), clear the external reference of the "
            "other through the case's service (so the change is audited), and run the migration again.")


class Migration(migrations.Migration):

    dependencies = [
        ('governance', '0001_initial'),
        ('organisations', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(refuse_duplicated_references, migrations.RunPython.noop),
        migrations.CreateModel(
            name='ImportJob',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('kind', models.CharField(max_length=20)),
                ('file_name', models.CharField(max_length=255)),
                ('data', models.BinaryField(blank=True)),
                ('sha256', models.CharField(max_length=64)),
                ('mapping_text', models.TextField(blank=True)),
                ('confirmed_again', models.BooleanField(default=False)),
                ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('checking', 'Checking the rows'), ('writing', 'Writing the records'), ('imported', 'Imported'), ('refused', 'Nothing was imported'), ('failed', 'The import stopped with an error')], default='queued', max_length=20)),
                ('rows_checked', models.PositiveIntegerField(default=0)),
                ('rows_expected', models.PositiveIntegerField(default=0)),
                ('rows', models.PositiveIntegerField(default=0)),
                ('created', models.PositiveIntegerField(default=0)),
                ('problem_count', models.PositiveIntegerField(default=0)),
                ('problems', models.JSONField(blank=True, default=list)),
                ('error', models.TextField(blank=True)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.AddConstraint(
            model_name='complaint',
            constraint=models.UniqueConstraint(condition=models.Q(('external_reference', ''), _negated=True), fields=('organisation', 'external_reference'), name='complaint_one_per_external_reference'),
        ),
        migrations.AddConstraint(
            model_name='incident',
            constraint=models.UniqueConstraint(condition=models.Q(('external_reference', ''), _negated=True), fields=('organisation', 'external_reference'), name='incident_one_per_external_reference'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='batch',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='governance.importbatch'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='default_organisation',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.organisation'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='previous_batch',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='governance.importbatch'),
        ),
        migrations.AddField(
            model_name='importjob',
            name='requested_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
    ]
