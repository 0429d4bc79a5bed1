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
    assert Person.objects.get(name="Halima Yusuf").role_on(None).title == "Chief negotiator"
    assert Person.objects.count() == 2
    assert PersonAlias.objects.count() == 1


def test_bad_rows_are_reported_and_the_good_ones_still_import(tmp_path):
    from io import StringIO

    lines = [
        json.dumps({"name": "Good Person"}),
        "{not json",
        json.dumps({"honorific": "President"}),
        json.dumps({"name": "Alias Keeper", "aliases": ["GP"]}),
        json.dumps({"name": "Too Long", "aliases": ["x" * 201]}),
        json.dumps({"name": "Bad Aliases", "aliases": [1, 2]}),
        json.dumps(["a list"]),
    ]
    path = write(tmp_path, "people.jsonl", "\n".join(lines))
    err = StringIO()
    with pytest.raises(CommandError, match="2 created, 0 updated, 0 unchanged, 5 failed"):
        call_command("import_people", path, stderr=err, verbosity=0)
    messages = err.getvalue()
    assert "row 2: not valid JSON" in messages
    assert "row 3: name is empty" in messages
    assert "row 5: Ensure this value has at most 200 characters" in messages
    assert "row 6: aliases must be a list of strings" in messages
    assert "row 7: not a JSON object" in messages
    assert set(Person.objects.values_list("name", flat=True)) == {
        "Good Person",
        "Alias Keeper",
    }


def test_a_person_whose_alias_someone_else_holds_is_imported_and_both_keep_it(tmp_path, capsys):
    rows = [
        {"name": "Astrid Young", "aliases": ["A. Young"]},
        {"name": "Adam Young", "aliases": ["a. young", "Ad"]},
    ]
    path = write(tmp_path, "people.jsonl", "\n".join(json.dumps(r) for r in rows))
    call_command("import_people", path, verbosity=2)
    out = capsys.readouterr().out
    assert "row 2: created Adam Young (alias 'a. young' shared with Astrid Young)" in out
    assert "2 created, 0 updated, 0 unchanged, 0 failed; 1 alias shared by more than one" in out
    astrid, adam = Person.objects.get(name="Astrid Young"), Person.objects.get(name="Adam Young")
    assert list(astrid.aliases.values_list("text", flat=True)) == ["A. Young"]
    assert set(adam.aliases.values_list("text", flat=True)) == {"a. young", "Ad"}
    assert set(PersonAlias.objects.shared().values_list("person__name", flat=True)) == {
        "Astrid Young",
        "Adam Young",
    }


def test_a_directory_where_many_people_share_initials_imports_everyone(tmp_path, capsys):
    # Initials-style aliases, as in a real 2,000-person directory: "A. Young" for Astrid,
    # Adam and Amos Young, "B. Otieno" for Brian and Beatrice Otieno, and so on.
    lines = ["name,aliases"]
    for surname in ("Young", "Otieno", "Mwangi", "Kamau"):
        for first in ("Astrid", "Adam", "Amos", "Brian", "Beatrice"):
            lines.append(f"{first} {surname},{first[0]}. {surname}; {first} {surname[0]}.")
    path = write(tmp_path, "people.csv", "\n".join(lines))
    call_command("import_people", path)
    assert Person.objects.count() == 20
    assert PersonAlias.objects.count() == 40
    # "A. Young" (three holders) and "B. Young" (two) for each of the four surnames.
    assert "20 created, 0 updated, 0 unchanged, 0 failed; 8 aliases shared" in (
        capsys.readouterr().out
    )


def test_import_strips_direction_marks_and_zero_width_characters_from_names(tmp_path):
    rows = [
        {
            "name": "\u200fAstrid\u200b Young\u2069",
            "aliases": ["A.\u00a0\u200eYoung\u202e", "\ufeffAY\u2060", "\u200d"],
        },
        {"name": "Astrid Young", "role": "Mayor"},
    ]
    path = write(tmp_path, "people.jsonl", "\n".join(json.dumps(r) for r in rows))
    call_command("import_people", path, verbosity=0)
    person = Person.objects.get()
    assert (person.name, person.sort_name) == ("Astrid Young", "Young, Astrid")
    assert person.role_on(None).title == "Mayor"  # the second row found her by her clean name
    assert set(person.aliases.values_list("text", flat=True)) == {"A. Young", "AY"}


def test_reimporting_names_with_invisible_characters_leaves_them_unchanged(tmp_path, capsys):
    row = {"name": "Astrid\u200e Young", "sort_name": "Young,\u200b Astrid", "role": "\u202eMayor"}
    path = write(tmp_path, "people.jsonl", json.dumps(row))
    call_command("import_people", path, verbosity=0)
    call_command("import_people", path)
    assert "0 created, 0 updated, 1 unchanged, 0 failed" in capsys.readouterr().out


def test_dry_run_reports_what_would_change_and_writes_nothing(tmp_path, capsys):
    Person.objects.create(name="Halima Yusuf", slug="halima-yusuf")
    rows = [
        {"name": "Amani Kibet", "honorific": "President", "aliases": ["AK"]},
        {"name": "Halima Yusuf", "role": "Negotiator"},
        {"name": "Amani Kibet", "bio": "Elected in 2022."},  # sees the row above: an update
    ]
    path = write(tmp_path, "people.jsonl", "\n".join(json.dumps(r) for r in rows))
    call_command("import_people", path, "--dry-run", verbosity=2)
    out = capsys.readouterr().out
    assert "row 1: would be created Amani Kibet" in out
    assert "row 2: would be updated Halima Yusuf" in out
    assert "Dry run, nothing written: 1 created, 2 updated, 0 unchanged, 0 failed" in out
    assert list(Person.objects.values_list("name", flat=True)) == ["Halima Yusuf"]
    assert not PersonAlias.objects.exists()
    assert Person.objects.get(name="Halima Yusuf").role_on(None) is None


def test_dry_run_still_reports_bad_rows_and_fails(tmp_path):
    lines = [json.dumps({"name": "Good Person"}), json.dumps({"honorific": "President"})]
    path = write(tmp_path, "people.jsonl", "\n".join(lines))
    with pytest.raises(CommandError, match=r"Dry run, nothing written: 1 created, .*1 failed"):
        call_command("import_people", path, "--dry-run", verbosity=0)
    assert not Person.objects.exists()


def test_dry_run_checks_a_portrait_but_stores_none(tmp_path, capsys):
    from tests.image_files import jpeg_bytes

    (tmp_path / "ana.jpg").write_bytes(jpeg_bytes((500, 700)))
    (tmp_path / "not-a-photo.jpg").write_bytes(b"plain text")
    path = write(
        tmp_path,
        "people.csv",
        "name,photo\nAna Lima,ana.jpg\nRui Costa,missing.jpg\nEva Mora,not-a-photo.jpg\n",
    )
    with pytest.raises(CommandError, match=r"1 created, .*2 failed"):
        call_command("import_people", path, "--dry-run", verbosity=0)
    errors = capsys.readouterr().err
    assert "row 3: photo 'missing.jpg': no such file" in errors
    assert "row 4:" in errors
    assert not Person.objects.exists()
