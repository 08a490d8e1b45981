from django.db import migrations

from integra.core import backend_sql


def forwards(apps, schema_editor):
    for statement in backend_sql.statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in backend_sql.statements(schema_editor.connection.vendor, reverse=True):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
