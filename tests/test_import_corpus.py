"""The contact corpus: 60 files other software wrote (../shared/corpus/contacts, SOURCES.md).

Every valid file imports with each contact's name, email and phone as the file means them;
the four broken ones are refused with one line naming the line. The expected values below
were read off the files themselves (decoded by hand: Shift_JIS, Latin-1, quoted-printable,
UTF-16), never from rapport's output. The files are read where they are, never copied here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ok

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "contacts"
if not CORPUS.is_dir():
    pytest.skip(f"no contact corpus at {CORPUS}", allow_module_level=True)

N11 = " ".join(["Ñ"] * 11)
JOHN_IBM = "Mr. John Richter James Doe Sr."
GREEK = "βγδεαβγδ1" * 11

# file -> every contact, in file order: (name, email, phone); None where the file has none.
VALID: dict[str, list[tuple[str, str | None, str | None]]] = {
    # --- vCard
    "aosp-v21-3cards-shiftjis.vcf": [("安藤ロイド3", None, "9"), ("安藤ロイド4", None, "13"),
                                     ("安藤ロイド5", None, "17")],
    "aosp-v21-blackberry-photo.vcf": [("boogie", "forrestgump@walladalla.com", "+5555555")],
    "aosp-v21-complicated-qp-photo.vcf": [("Joe Due", "forrestgump@walladalla.com",
                                           "(111) 555-1212")],
    "aosp-v21-japanese-shiftjis.vcf": [("安藤 ロイド 1", None, None)],
    "aosp-v21-pref-handling.vcf": [("Smith", "test@example.com", "2")],  # bare 2.1 PREF
    "aosp-v21-windows-mobile-65.vcf": [("Example", None, None)],
    "aosp-v30-ios613-crcrlf-photo.vcf": [("Bob Smith", "bob@smithauto.com", "(650) 555-1212")],
    "ezvcard-android-21-qp-6cards.vcf": [
        ("john.doe@company.com", "john.doe@company.com", None),  # only an EMAIL
        ("jane.doe@company.com", "jane.doe@company.com", None),
        ("Ñ Ñ Ñ Ñ Ñ", None, "123456789"),
        (N11, None, "123456"),  # a soft break inside the name
        ("Ñ Ñ Ñ Ñ", "bob@company.com", "123456"),
        ("ÑÑÑÑ", "henry@company.com", "55556666"),
    ],
    "ezvcard-blackberry-21.vcf": [("John Doe", None, "+96123456789")],
    "ezvcard-evolution-30.vcf": [("Mr. John Richter, James Doe Sr.", "john.doe@ibm.com",
                                  "905-666-1234")],
    "ezvcard-gmail-30-groups.vcf": [("Mr. John Richter, James Doe Sr.", "john.doe@ibm.com",
                                     "905-555-1234")],
    "ezvcard-gmail-list-3cards.vcf": [("Arnold Smith", "asmithk@gmail.com", None),
                                      ("Chris Beatle", "chrisy55d@yahoo.com", None),
                                      ("Doug White", "dwhite@gmail.com", None)],
    "ezvcard-gmail-single2-30.vcf": [("VCard Test", "email@example.com", "5555551111")],
    "ezvcard-iphone-30-photo.vcf": [(JOHN_IBM, "john.doe@ibm.com", "905-555-1234")],
    "ezvcard-lotus-notes.vcf": [("Mr. Doe John I Johny", "john.doe@ibm.com",
                                 "+1 (212) 204-34456")],
    "ezvcard-macos-addressbook-30.vcf": [("Mr. John Richter,James Doe Sr.", "john.doe@ibm.com",
                                          "905-777-1234")],
    "ezvcard-outlook-21-photo.vcf": [(JOHN_IBM, "john.doe@ibm.cm", "(905) 555-1234")],
    "ezvcard-outlook2003-21-qp.vcf": [("John Doe III", "jdoe@hotmail.com", "BusinessPhone")],
    "ezvcard-outlook2007-21.vcf": [("Mr. Michael Angstadt Jr.", "mike.angstadt@gmail.com",
                                    "(111) 555-1111")],
    "ezvcard-thunderbird-mfab-30.vcf": [("John Doe", "doe.john@hotmail.com", "555-555-1111")],
    "ical4j-21-begin-trailing-space.vcf": [("Dirk", "dirk@sap.com", None)],
    "ical4j-21-lowercase-empty-fn.vcf": [("Herr Franz M. Branntwein",
                                          "franz.m.branntwein@example.com", "0221 12345678")],
    "ical4j-40-groups-tel-uri.vcf": [("Simon Perreault", "simon.perreault@viagenie.ca",
                                      "+1-418-656-9254 ext. 102")],
    "ical4j-kontact-30-photo.vcf": [("Antoni Mylka", "antoni.mylka.kde@somedomain.com",
                                     "+48 91 3 177 6584")],
    "ical4j-macos-30-30cards.vcf": [
        ("Gwendolina Brown", "Gwendolina.Brown@sap.com", None),
        ("Peter Smalholtz", "Peter.Smalholtz@sap.com", "§"),  # what the file has
        ("Kristina Krull", "Kristina.Krull@sap.com", None),
        ("Rutger Dreger", "Rutger.Dreger@sap.com", None),
        ("Karlsruhe Travel", "Frida.Tocken@karlsruhetravel.com", None),
        ("Ulla Bernadotte", "Ullis@yahoo.com", None),
        ("Albert Aubrey", "Albert.Aubrey@sap.com", None),
        ("Helmut Meyer", "Helmut.Meyer@sap.com", None),
        ("Marco Andriotti", "Marco.Andriotti@sap.com", "+44 28 90930084"),
        ("Ingrid Spaßlund", "Ingrid.Spasslund@nikesport.com", None),
        ("Adam Atkins", "Adam.Atkins@sap.com", None),
        ("Martin Williams", "Martin.Williams@sap.com", "+61 7 3259 9599"),
        ("Margit Stern", None, "+4978432748392"),
        ("Frederica Fuchs", "Frederica_64@hotmail.com", None),
        ("Günther Blümchen", "Guenther.Bluemchen@oracle.com", "+1.650.506.7000"),
        ("Hans Kohler", "Hans.Kohler@sap.com", None),
        ("Fritz Lang", "Fritz.Lang@sap.com", None),
        ("Claudia Stern", "claudi-1@csc.kth.se", "+49(721)123456"),
        ("Harald Treutiger", "Harald.Treutiger@siemens.de", "+94 (0800) 2255337"),
        ("Berit Müller", "Berit.Mueller@sap.com", None),
        ("Mathilde Wolf", "Mathilde.Wolf@sap.com", None),
        ("Dirk Hageman", "dirk-1@csc.kth.se", "+49(721)847932"),
        ("Daniel Wimmerman", "Daniel.Wimmerman@sap.com", None),
        ("Daniel Kurtz", "Daniel.Kurtz@sap.com", None),
        ("Caspar Schnurrbart", "Caspar.Schnurrbart@sap.com", None),
        ("Monika Setter", "Monika.Setter@sap.com", None),
        ("Heinrich Glans", "Heinrich.Glans@sap.com", None),
        ("Ambrosia Fischer", "Ambrosia.Fischer@sap.com", "+49(721)894763"),
        ("Markus Sprung", "Markus.Sprung@sap.com", None),
        ("Diana Smith", "Diana.Smith@sap.com", None),
    ],
    "ical4j-outlook2003-21-qp-8bit.vcf": [("Antoni Jozef Mylka jun.",
                                           "antoni_mylka@somedomain.com", "49 631 234 341")],
    "kcontacts-android-21-qp-5cards.vcf": [("Bike Shop", None, None),  # only an ORG
                                           ("Field after Address broken", None, None),
                                           ("Field after Address not broken", None, None),
                                           ("Dr. med. Surname Name", None, None),
                                           ("Second Doctor", None, None)],
    "kcontacts-evolution-30-photos.vcf": [("Good Looking", "goodlooking@example.com", None)],
    "kcontacts-lotus-30-mixedcase-begin.vcf": [("Frank Dawson", "Frank_Dawson@Lotus.com",
                                                "+1-919-676-9515")],
    "kcontacts-netscape-21-lowercase.vcf": [("ian geiser", "geiseri@yahoo.com", None)],
    "kcontacts-owncloud-30-utf8-folded.vcf": [(GREEK, None, None)],
    "monica-30-3cards-nameless.vcf": [("Bono", "bono@example.com", "+1 202-555-0191"),
                                      ("John Doe", "john.doe@example.com", None),
                                      ("Johnny", None, None)],  # only a NICKNAME
    "radicale-sogo-no-fn-2cards.vcf": [
        ("test-misses-N-or-FN@example.com", "test-misses-N-or-FN@example.com", None),
        ("test-misses-N-or-FN@example1.com", "test-misses-N-or-FN@example1.com", None),
    ],
    "roundcube-21-charset-cp1252.vcf": [("John Doë", "roundcube@gmail.com", "+123456789")],
    "roundcube-apple-30-photo.vcf": [("Apple Computer AG", None, None)],
    "roundcube-thebat-21-qp-8bit.vcf": [("Piotr Iksiński", "piotr.iksinski@somedomain.com",
                                         None)],
    "roundcube-utf16be-nobom.vcf": [("Ǽgean ĽdaMonté", None, None)],
    "thunderbird-21-emptylines.vcf": [("John Doe", "john.doe@genericemail.invalid", None),
                                      ("Jane Doe", "jane.doe@genericemail.invalid", None)],
    "thunderbird-30-photo-binary.vcf": [("Binary JPEG", None, None)],
    "thunderbird-export-40.vcf": [("contact number one", "contact1@invalid", None),
                                  ("contact number two", "contact2@invalid", None)],
    "vobject-40-full.vcf": [("Dr. John Q. Public, III", "johnny@personal.example.org",
                             "+1-555-555-5555")],
    # --- CSV (rapport keeps one phone: Primary, else Mobile, else Business/Work, else Home)
    "horde-gmail-2008.csv": [("John Doe", "john@example.com", "9999999"),
                             ("Jeniffer Doe", "jeniffer@example.com", "9999999")],
    "horde-outlook.csv": [("Firman Wandayandi", "firman@php.net", "999999999")],
    "horde-windows-address-book.csv": [("Firman Wandayandi", "firman@php.net", "999999999")],
    "horde-yahoo.csv": [("Firman Wandayandi", "firman@php.net", "999999999")],
    "roundcube-bom-all-columns.csv": [("Display Name", "home@example.com", "600")],
    "roundcube-google.csv": [("Prefix Firstname Middle Lastname Suffix", "home@aaa.pl",
                              "pager")],  # Phone 1 - Value is the word "pager"
    "roundcube-outlook-emails-only.csv": [("test1@domain.tld", "test1@domain.tld", None)],
    "roundcube-primary-email-only.csv": [(f"test{i}@domain.tld", f"test{i}@domain.tld", None)
                                         for i in range(1, 5)],
    "roundcube-thunderbird.csv": [("Displayname", "test@domain.tld", "mobile")],
    "thunderbird-all-quoted-company-only.csv": [("Acer America", None, "(800) 000-0000")],
    "thunderbird-export.csv": [("contact number one", "contact1@invalid", None),
                               ("contact number two", "contact2@invalid", None)],
    "thunderbird-name-email-crlf.csv": [("contact number one", "contact1@invalid", None)],
    "thunderbird-semicolon.csv": [("John Doe", "john@doe.invalid", None),
                                  ("Jane Doe", "jane@doe.invalid", None)],
    "thunderbird-shiftjis.csv": [("名無しの権兵衛", "名無しの権兵衛@host.invalid", None)],
    "thunderbird-utf16le-bom.csv": [("John Doe", "johndoe@host.invalid", None)],
}  # fmt: skip

# The four files broken on purpose upstream, and the line each error must name.
INVALID = {
    "aosp-v21-comment-lines.vcf": "line 6",  # '# This line must be ignored.'
    "kcontacts-evolution-welcome-noversion.vcf": "line 3",  # a bare 'FN'
    "monica-broken-begin.vcf": "line 1",  # BEGIN:VCAR
    "thunderbird-no-header.csv": "line 1",  # a contact where the header should be
}


def _path(name: str) -> Path:
    return CORPUS / ("csv" if name.endswith(".csv") else "vcf") / name


def test_the_corpus_is_all_accounted_for():
    files = {p.name for p in CORPUS.glob("*/*") if p.suffix in (".vcf", ".csv")}
    assert files == set(VALID) | set(INVALID)
    assert (len(VALID), len(INVALID)) == (56, 4)


def _contacts(cli) -> list[tuple[str, str | None, str | None]]:
    lines = ok(cli("export")).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    return [(r["name"], r["email"], r["phone"]) for r in records if r["type"] == "contact"]


@pytest.mark.parametrize("name", sorted(VALID))
def test_every_valid_file_imports_as_the_file_means_it(cli, js, name):
    result = js("import", _path(name))
    assert result["added"] == {"contact": len(VALID[name])}
    assert _contacts(cli) == VALID[name]
    assert js("import", _path(name))["added"] == {}  # a second time adds nothing


@pytest.mark.parametrize("name", sorted(INVALID))
def test_every_broken_file_is_refused_with_its_line(cli, name):
    result = cli("import", _path(name))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"rapport: error: {INVALID[name]}: ")
    assert _contacts(cli) == []  # nothing written
