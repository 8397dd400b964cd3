"""Seal the chain with the audit key from now on, and protect the chain head like the entries.

Nothing already written is re-sealed: entries written before this migration keep their plain SHA-256
and are checked as such up to the head's ``keyed_from_sequence``, which this migration records (the
next entry is the first sealed with the key, and its seal covers the link to the last plain one).
Re-sealing old entries with the key would make them look as strongly protected as new ones when
nothing vouches that they were intact at that moment (docs/foundation.md, "Keying").
"""

from django.db import migrations, models

from oversight.audit import append_only, keys


def mark_keyed_from_here(apps, schema_editor):
    head_model = apps.get_model("audit", "AuditChainHead")
    entry_model = apps.get_model("audit", "AuditEntry")
    head = head_model.objects.filter(id=1).first()
    if head is None:
        # The Auditor made a head with the first entry; a trail with entries but none is taken as it
        # stands, from its newest entry (the check then starts from what is there).
        last = entry_model.objects.order_by("-sequence").first()
        head = head_model(id=1, last_sequence=last.sequence if last else 0,
                          last_hash=last.entry_hash if last else keys.GENESIS_HASH)
    head.keyed_from_sequence = head.last_sequence + 1
    head.signature = keys.seal("head", keys.head_fields(head.last_sequence, head.last_hash, head.keyed_from_sequence))
    head.save()


def install_triggers(apps, schema_editor):
    append_only.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_token_revoked_action")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead", name="keyed_from_sequence", field=models.BigIntegerField(default=1)
        ),
        migrations.AddField(
            model_name="auditchainhead", name="signature", field=models.CharField(blank=True, max_length=64)
        ),
        # Not reversible: the code before this migration would check the keyed entries with plain
        # SHA-256 and report every one of them as edited.
        migrations.RunPython(mark_keyed_from_here),
        migrations.RunPython(install_triggers),
    ]
