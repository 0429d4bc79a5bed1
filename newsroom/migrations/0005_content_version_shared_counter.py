from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0004_audit_event"),
    ]

    operations = [
        migrations.AddField(
            model_name="contentversion",
            name="shared_counter",
            field=models.BigIntegerField(default=0),
        ),
    ]
