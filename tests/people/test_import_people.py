import json

import pytest
from django.core.management import CommandError, call_command

from people.models import Person, PersonAlias

pytestmark = pytest.mark.django_db


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_csv_import_creates_people_with_aliases(tmp_path):
    path = write(
        tmp_path,
        "people.csv",
        "name,honorific,role,organisation,aliases,bio\n"
        "Amani Kibet,President,President of Tamaland,Government,Big Man; AK,Elected in 2022.\n"
        "Halima Yusuf,,Climate negotiator,Ministry of Environment,,\n",
    )
    call_command("import_people", path, verbosity=0)
    kibet = Person.objects.get(name="Amani Kibet")
    assert kibet.honorific == "President"
    assert set(kibet.aliases.values_list("text", flat=True)) == {"Big Man", "AK"}
    assert Person.objects.count() == 2


def test_json_lines_import_is_idempotent_and_updates_by_name(tmp_path, capsys):
    rows = [
        {"name": "Amani Kibet", "honorific": "President", "aliases": ["AK"]},
        {"name": "Halima Yusuf", "role": "Negotiator"},
    ]
    path = write(tmp_path, "people.jsonl", "\n".join(json.dumps(r) for r in rows))
    call_command("import_people", path)
    call_command("import_people", path)
    assert "0 created, 0 updated, 2 unchanged, 0 failed" in capsys.readouterr().out
    rows[1]["role"] = "Chief negotiator"
    path = write(tmp_path, "people.jsonl", "\n".join(json.dumps(r) for r in rows))
    call_command("import_people", path, verbosity=0)
    assert Person.objects.get(name="Halima Yusuf").role == "Chief negotiator"
    assert Person.objects.count() == 2
    assert PersonAlias.objects.count() == 1


def test_bad_rows_are_reported_and_the_good_ones_still_import(tmp_path):
    from io import StringIO

    lines = [
        json.dumps({"name": "Good Person"}),
        "{not json",
        json.dumps({"honorific": "President"}),
        json.dumps({"name": "Alias Thief", "aliases": ["GP"]}),
        json.dumps({"name": "Good Person", "aliases": ["GP"]}),
        json.dumps({"name": "Other", "aliases": ["GP"]}),
        json.dumps(["a list"]),
    ]
    path = write(tmp_path, "people.jsonl", "\n".join(lines))
    err = StringIO()
    with pytest.raises(CommandError, match="2 created, 0 updated, 0 unchanged, 5 failed"):
        call_command("import_people", path, stderr=err, verbosity=0)
    messages = err.getvalue()
    assert "row 2: not valid JSON" in messages
    assert "row 3: name is empty" in messages
    assert "row 5: alias 'GP' already belongs to Alias Thief" in messages
    assert "row 6: alias 'GP' already belongs to Alias Thief" in messages
    assert "row 7: not a JSON object" in messages
    assert set(Person.objects.values_list("name", flat=True)) == {
        "Good Person",
        "Alias Thief",
    }
