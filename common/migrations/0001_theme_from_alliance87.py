"""Theme moves from the project package (alliance87) to the shared kernel, keeping its table.

Django's recipe for moving a model between apps: this migration creates `common.Theme` in the
migration state only, on the existing `alliance87_theme` table; each app then points its theme
fields at it (AlterField, no data touched), and alliance87 0003 deletes the old model from the
state only. Nothing is copied, no row changes id.

The content type row is renamed too, so that what names it keeps pointing at the themes: the
model permissions given to roles, the admin's action log and django-reversion's history (whose
stored copies name their model, rewritten here as well). On a new database there is no row yet
(content types are created after migrating): nothing to do.
"""

from django.db import migrations, models

OLD = ("alliance87", "theme")
NEW = ("common", "theme")


def rename_content_type(apps, schema_editor, old, new):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    moved = content_types.filter(app_label=old[0], model=old[1]).first()
    if moved is None:
        return
    # A `migrate` stopped before this step and followed by post_migrate creates an empty row
    # for the new label (with fresh permissions nobody holds): the old row, which carries the
    # roles, log and history, wins.
    content_types.filter(app_label=new[0], model=new[1]).delete()
    moved.app_label, moved.model = new
    moved.save(update_fields=["app_label", "model"])
    versions = apps.get_model("reversion", "Version").objects.using(schema_editor.connection.alias)
    old_name, new_name = f'"model": "{".".join(old)}"', f'"model": "{".".join(new)}"'
    for version in versions.filter(content_type=moved, serialized_data__contains=old_name):
        version.serialized_data = version.serialized_data.replace(old_name, new_name)
        version.save(update_fields=["serialized_data"])


def forwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, OLD, NEW)


def backwards(apps, schema_editor):
    rename_content_type(apps, schema_editor, NEW, OLD)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("alliance87", "0002_demo_load_marker"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Theme",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("name", models.CharField(max_length=100, unique=True, verbose_name="name")),
                        (
                            "slug",
                            models.SlugField(
                                allow_unicode=True, max_length=100, unique=True, verbose_name="slug"
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="description")),
                    ],
                    options={
                        "verbose_name": "theme",
                        "verbose_name_plural": "themes",
                        "ordering": ["name"],
                        "db_table": "alliance87_theme",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
