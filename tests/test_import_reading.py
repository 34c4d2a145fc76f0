"""Reading contact files the way real exporters write them: vCard bytes (folds inside
characters, per-property charsets, quoted-printable soft breaks, odd line ends, UTF-16), CSV
layouts, --map, --encoding and --skip-bad."""

from __future__ import annotations

import json

import pytest
from conftest import ok

from rapport.errors import UsageError
from rapport.interchange import csv, vcard


def card(*lines: bytes, end: bytes = b"\r\n") -> bytes:
    return end.join([b"BEGIN:VCARD", b"VERSION:2.1", *lines, b"END:VCARD"]) + end


def only(data: bytes, **options) -> dict:
    [(_, record)] = vcard.parse(data, **options)
    return record


# --- vCard: bytes before text -----------------------------------------------------------------


def test_a_fold_inside_a_utf8_character_is_joined_before_decoding():
    beta = "β".encode()  # two bytes, cut between them as ownCloud does
    assert only(card(b"FN:\xce\xb1" + beta[:1], b" " + beta[1:] + b"\xce\xb3"))["name"] == "αβγ"


def test_quoted_printable_soft_breaks_join_before_unfolding():
    # RFC 2045's example: the space that starts the third line belongs to the text.
    note = [b"NOTE;ENCODING=QUOTED-PRINTABLE:Now's the time =", b"for all folk to come=",
            b" to the aid of their country."]  # fmt: skip
    record = only(card(b"FN:A", *note, b"EMAIL:a@x.example"))
    assert record["notes"] == "Now's the time for all folk to come to the aid of their country."
    assert record["email"] == "a@x.example"  # the next property was not swallowed


def test_a_soft_break_before_a_blank_line_ends_the_value():
    name = [b"FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=91=C3=91=", b"", b"TEL:123"]
    assert only(card(*name)) == {"type": "contact", "name": "ÑÑ", "phone": "123"}


def test_each_property_decodes_with_its_own_charset():
    sjis = "安藤".encode("shift_jis")
    record = only(card(b"N;CHARSET=SHIFT_JIS:" + sjis + b";;;;", b"ORG;CHARSET=UTF-8:Caf\xc3\xa9"))
    assert (record["name"], record["org"]) == ("安藤", "Café")


def test_8bit_values_without_a_charset_are_detected_not_replaced():
    record = only(card(b"FN:J\xfcrgen M\xfcller", b"ORG:Stra\xdfenbau Gro\xdf GmbH"))
    assert (record["name"], record["org"]) == ("Jürgen Müller", "Straßenbau Groß GmbH")
    assert "\ufffd" not in json.dumps(record, ensure_ascii=False)


def test_a_value_nothing_decodes_is_refused_with_its_line():
    with pytest.raises(UsageError, match=r"line 4: cannot tell the text encoding of this FN"):
        vcard.parse(card(b"EMAIL:a@x.example", b"FN:\x81\x8d"), encoding="cp1252")


def test_line_ends_crlf_lf_and_cr_cr_lf_but_a_bare_cr_stays_in_its_value():
    for end in (b"\r\n", b"\n", b"\r\r\n"):
        assert only(card(b"FN:Ann Lee", b"TEL:1", end=end))["phone"] == "1"
    record = only(card(b"FN:Ann Lee", b"X-CUSTOM;VALUE=TEXT:custom\r3", b"EMAIL:ann@x.example"))
    assert record["email"] == "ann@x.example"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_or_without_a_byte_order_mark(encoding):
    data = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ǽgean Monté\r\nEND:VCARD\r\n".encode(encoding)
    assert only(data)["name"] == "Ǽgean Monté"


@pytest.mark.parametrize(
    ("lines", "name"),
    [
        ([b"FN:", b"N:;;;;", b"NICKNAME:Johnny,JJ"], "Johnny"),
        ([b"N:;;;;", b"ORG:Acme;Sales"], "Acme"),
        ([b"EMAIL;TYPE=work:sam@x.example"], "sam@x.example"),
    ],
)
def test_the_name_falls_back_to_nickname_org_then_email(lines, name):
    assert only(card(*lines))["name"] == name


def test_a_tel_uri_keeps_its_extension():
    assert only(card(b"FN:S", b"TEL;VALUE=uri;PREF=1:tel:+1-418-656-9254;ext=102"))["phone"] == (
        "+1-418-656-9254 ext. 102"
    )


# --- CSV layouts -------------------------------------------------------------------------------


def test_thunderbird_yahoo_and_current_google_layouts_are_recognised():
    thunderbird = csv.read_contacts(
        "First Name,Last Name,Display Name,Primary Email,Work Phone,Mobile Number,Organization\n"
        "Ann,Lee,Ann Lee,ann@x.example,+1 555 0101,+1 555 0199,Lee & Co\n"
    )
    assert thunderbird.layout == "Thunderbird"
    assert thunderbird.records[0][1] == {
        "type": "contact", "name": "Ann Lee", "org": "Lee & Co", "email": "ann@x.example",
        "phone": "+1 555 0199",  # Mobile Number before Work Phone
    }  # fmt: skip
    yahoo = csv.read_contacts('"First","Last","Email","Title","Mobile"\n"Bo","Ek","bo@y.example",'
                              '"CTO","555"\n')  # fmt: skip
    assert yahoo.layout == "Yahoo"  # and its Title, a job title, is not a name prefix
    assert yahoo.records[0][1]["name"] == "Bo Ek"
    google = csv.read_contacts(
        "First Name,Middle Name,Last Name,Name Prefix,Organization Name,Labels,E-mail 1 - Label,"
        "E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value\n"
        "Ada,,Okafor,Dr.,Harbor,* myContacts ::: Clients,* Work,ada@h.example ::: a@h.example,"
        "Mobile,+1 555 0100\n"
    )
    assert google.layout == "Google Contacts"
    assert google.unused == []  # a label goes with the value it names
    assert google.records[0][1] == {"type": "contact", "name": "Dr. Ada Okafor", "org": "Harbor",
                                    "email": "ada@h.example", "phone": "+1 555 0100",
                                    "tags": ["Clients"]}  # fmt: skip


def test_apple_numbers_table_name_above_the_header():
    read = csv.read_contacts("Table 1\nFirst name,Last name,Email\nLi,Wei,li@x.example\n")
    assert read.layout == "Apple Numbers"
    assert read.records == [("line 3", {"type": "contact", "name": "Li Wei",
                                        "email": "li@x.example"})]  # fmt: skip


def test_a_file_with_only_an_email_column():
    read = csv.read_contacts("Primary Email\na@x.example\nb@x.example\n")
    assert [r["name"] for _, r in read.records] == ["a@x.example", "b@x.example"]


def test_columns_with_data_rapport_does_not_keep_are_listed():
    read = csv.read_contacts("Name,Email,Birthday,Fax,Spouse\nAnn,a@x.example,1990-01-01,,\n")
    assert read.unused == ["Birthday"]  # Fax and Spouse are empty
    assert read.layout is None  # no exporter in particular


# --- through the CLI: --map, --encoding, unused columns, --skip-bad ----------------------------


def test_map_names_the_columns_of_any_csv(cli, js, tmp_path):
    path = tmp_path / "crm.csv"
    path.write_text("Full Name,E-mail 1,Mobile,Firm,Since\n"
                    "Ann Lee,ann@x.example,555,Lee & Co,2020\n")  # fmt: skip
    result = cli("import", path, "--map", "Name=Full Name,email=E-mail 1,phone=Mobile,org=Firm")
    ok(result)
    assert result.stderr.splitlines() == [
        "Not imported (rapport keeps no such field; --map takes one in): Since"
    ]
    contact = js("show", "Ann Lee")["contact"]
    assert (contact["email"], contact["phone"], contact["org"]) == ("ann@x.example", "555",
                                                                    "Lee & Co")  # fmt: skip


@pytest.mark.parametrize(
    ("mapping", "says"),
    [("colour=Full Name", "--map takes FIELD=COLUMN pairs"),
     ("name=Nom", "--map: the file has no column 'Nom'; its columns: Full Name, Mail")],
)  # fmt: skip
def test_map_mistakes_are_refused(cli, tmp_path, mapping, says):
    path = tmp_path / "crm.csv"
    path.write_text("Full Name,Mail\nAnn Lee,ann@x.example\n")
    result = cli("import", path, "--map", mapping)
    assert result.exit_code == 2 and says in result.stderr


def test_encoding_for_a_file_nothing_detects(cli, js, tmp_path):
    path = tmp_path / "ru.csv"
    path.write_bytes("Name,Email\nИван Петров,ivan@x.example\n".encode("koi8_r"))
    ok(cli("import", path, "--encoding", "koi8-r"))
    assert js("show", "Иван Петров")["contact"]["name"] == "Иван Петров"
    bad = cli("import", path, "--encoding", "klingon")
    assert bad.exit_code == 2 and "--encoding 'klingon' is not an encoding" in bad.stderr


@pytest.mark.parametrize(
    ("suffix", "text", "skipped"),
    [
        (".vcf", "BEGIN:VCARD\r\nFN:Good One\r\nEND:VCARD\r\nBEGIN:VCARD\r\nno colon here\r\n"
                 "END:VCARD\r\nBEGIN:VCARD\r\nFN:Good Two\r\nEND:VCARD\r\n",
         "line 5: not a vCard line (no ':'): 'no colon here'"),
        (".vcf", "BEGIN:VCARD\r\nFN:Good One\r\nEND:VCARD\r\nBEGIN:VCARD\r\nVERSION:3.0\r\n"
                 "END:VCARD\r\nBEGIN:VCARD\r\nFN:Good Two\r\nEND:VCARD\r\n",
         "card 2 (line 4): the card has no name"),
        (".csv", "Name,Email\nGood One,a@x.example\n,\n\t,,\nGood Two,\n,,x\n",
         "line 6: the row has no name, organisation or email"),
        (".jsonl", '{"type":"contact","name":"Good One"}\n{"type":"contact"\n'
                   '{"type":"contact","name":"Good Two"}\n',
         "line 2: not valid JSON"),
    ],
)  # fmt: skip
def test_skip_bad_imports_the_good_records_and_names_each_bad_one(cli, js, tmp_path, suffix,
                                                                  text, skipped):  # fmt: skip
    path = tmp_path / f"mixed{suffix}"
    path.write_text(text, encoding="utf-8", newline="")
    refused = cli("import", path)
    assert refused.exit_code == 2 and skipped in refused.stderr
    assert js("contacts") == []  # without --skip-bad, nothing is written
    result = cli("import", path, "--skip-bad")
    ok(result)
    assert f"Skipped {skipped}" in result.stderr
    assert sorted(c["name"] for c in js("contacts")) == ["Good One", "Good Two"]


def test_skip_bad_in_json_lists_the_skipped_records(js, tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"type":"contact","name":"Ann"}\n{"type":"contact","name":"Bo","every":"x"}\n')
    result = js("import", path, "--skip-bad")
    assert result["added"] == {"contact": 1}
    assert len(result["skipped"]) == 1 and result["skipped"][0].startswith("line 2: ")


@pytest.mark.parametrize(
    ("name", "option", "says"),
    [("people.csv", ["--since", "2026-01-01"], "--since goes with calendar (.ics) files"),
     ("people.csv", ["--all-day"], "--all-day goes with calendar (.ics) files"),
     ("meetings.ics", ["--map", "name=Name"], "--map goes with contact files, not calendars"),
     ("people.vcf", ["--map", "name=Name"], "--map goes with CSV files")],
)  # fmt: skip
def test_options_of_one_kind_of_file_are_refused_on_another(cli, tmp_path, name, option, says):
    path = tmp_path / name
    path.write_text("Name\nAnn\n")
    result = cli("import", path, *option)
    assert result.exit_code == 2 and says in result.stderr
