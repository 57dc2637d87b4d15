# Theme now lives in the shared kernel (common 0001, same table): forget it here, in the
# migration state only, once every app's theme fields point at common.Theme.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('alliance87', '0002_demo_load_marker'),
        ('common', '0001_theme_from_alliance87'),
        ('actiongroups', '0004_themes_from_common'),
        ('events', '0004_themes_from_common'),
        ('partners', '0008_themes_from_common'),
        ('pathfinders', '0005_themes_from_common'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(
                    name='Theme',
                ),
            ],
            database_operations=[],
        ),
    ]
