"""Name keys carry what search results are ordered by (the person's Latin names
and public id), so a search reads its first page from the key index in order."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_names(apps, schema_editor):
    NameKey = apps.get_model("people", "NameKey")
    Person = apps.get_model("people", "Person")
    person = Person.objects.filter(pk=OuterRef("person_id"))
    NameKey.objects.update(
        family_name_latin=Subquery(person.values("family_name_latin")[:1]),
        given_name_latin=Subquery(person.values("given_name_latin")[:1]),
        public_id=Subquery(person.values("public_id")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [("people", "0010_requests")]

    operations = [
        migrations.RemoveIndex(model_name="namekey", name="people_name_key_f0912b_idx"),
        migrations.AddField(
            model_name="namekey",
            name="family_name_latin",
            field=models.CharField(blank=True, default="", max_length=150),
        ),
        migrations.AddField(
            model_name="namekey",
            name="given_name_latin",
            field=models.CharField(blank=True, default="", max_length=150),
        ),
        migrations.AddField(
            model_name="namekey",
            name="public_id",
            field=models.CharField(blank=True, default="", max_length=11),
        ),
        migrations.RunPython(copy_names, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="namekey",
            index=models.Index(
                fields=["key", "family_name_latin", "given_name_latin", "person"],
                include=["public_id"],
                name="people_namekey_in_order",
            ),
        ),
    ]
