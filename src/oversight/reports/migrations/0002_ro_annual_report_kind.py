from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='metricnarrative',
            name='kind',
            field=models.CharField(choices=[('board', 'Monthly board report'), ('quality_account', 'Quality account data pack'), ('ro_annual', 'Annual Board Report and Statement of Compliance')], default='board', max_length=20),
        ),
    ]
