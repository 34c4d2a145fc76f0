"""rapport.names.resolve: exact, unique prefix, single close match; ambiguous or unknown refused."""

from __future__ import annotations

import pytest

from rapport.errors import NotFound, UsageError
from rapport.names import fold, ranked, resolve

BOOK = [
    (1, "Acme Corp"),
    (2, "John Smith"),
    (3, "Maria Garcia"),
    (4, "Globex Industries"),
    (5, "Initech"),
    (6, "Umbrella Health"),
    (7, "Wayne Enterprises"),
    (8, "Stark Industries"),
    (9, "José Núñez"),
    (10, "Sophie Martin"),
    (11, "Hooli"),
    (12, "Johanna Lee"),
]
IDS = {name: cid for cid, name in BOOK}


def pick(query: str, book=BOOK):
    return resolve(query, book)


# --- exact ---------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Acme Corp", "acme corp", "ACME CORP", "  acme   corp "])
def test_exact_case_and_spacing_insensitive(query):
    match = pick(query)
    assert (match.id, match.name, match.how) == (1, "Acme Corp", "exact")


@pytest.mark.parametrize("query", ["jose nunez", "JOSE NUNEZ", "José Núñez", "jose núñez"])
def test_accents_are_folded_for_exact(query):
    match = pick(query)
    assert (match.id, match.how) == (9, "exact")


def test_accents_are_folded_the_other_way():
    match = resolve("Zoë Ångström", [(1, "Zoe Angstrom"), (2, "Zara Ames")])
    assert (match.id, match.how) == (1, "exact")


def test_fold():
    assert fold("José  Núñez") == "jose nunez"
    assert fold("  ÅSA ") == "asa"


def test_exact_wins_over_prefix():
    book = [(1, "Acme Corp"), (2, "Acme"), (3, "Acme Holdings")]
    match = resolve("acme", book)
    assert (match.id, match.name, match.how) == (2, "Acme", "exact")


def test_exact_wins_over_close():
    book = [(1, "Jon Smith"), (2, "John Smith")]
    match = resolve("jon smith", book)
    assert (match.id, match.how) == (1, "exact")


# --- prefix --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("acm", "Acme Corp"),
        ("acme c", "Acme Corp"),
        ("glob", "Globex Industries"),
        ("smi", "John Smith"),  # prefix of a later word
        ("garc", "Maria Garcia"),
        ("nun", "José Núñez"),  # folded prefix of a later word
        ("jos", "José Núñez"),
        ("umbrella", "Umbrella Health"),
        ("corp", "Acme Corp"),
    ],
)
def test_unique_prefix(query, name):
    match = pick(query)
    assert (match.id, match.name, match.how) == (IDS[name], name, "prefix")


def test_ambiguous_prefix_lists_the_candidates():
    with pytest.raises(UsageError) as info:
        pick("joh")
    message = str(info.value)
    assert "John Smith" in message
    assert "Johanna Lee" in message
    assert "Acme Corp" not in message


def test_ambiguous_word_prefix():
    with pytest.raises(UsageError) as info:
        pick("industries")
    assert "Globex Industries" in str(info.value)
    assert "Stark Industries" in str(info.value)


def test_ambiguous_is_not_not_found():
    with pytest.raises(UsageError) as info:
        pick("joh")
    assert not isinstance(info.value, NotFound)


# --- typos ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typo", "name"),
    [
        ("acem", "Acme Corp"),
        ("jonh smith", "John Smith"),
        ("jhon smith", "John Smith"),
        ("mraia garcia", "Maria Garcia"),
        ("globx", "Globex Industries"),
        ("inittech", "Initech"),
        ("umbrela", "Umbrella Health"),
        ("wanye enterprises", "Wayne Enterprises"),
        ("stark industires", "Stark Industries"),
        ("jose nunes", "José Núñez"),
        ("sophie martn", "Sophie Martin"),
        ("hooly", "Hooli"),
        ("acme crop", "Acme Corp"),
    ],
)
def test_realistic_typos_find_the_contact(typo, name):
    match = pick(typo)
    assert (match.id, match.name, match.how) == (IDS[name], name, "close")


def test_typo_between_two_similar_names_is_ambiguous():
    book = [(1, "Jon Smith"), (2, "John Smith")]
    with pytest.raises(UsageError) as info:
        resolve("jonn smith", book)
    assert "Jon Smith" in str(info.value)
    assert "John Smith" in str(info.value)


# --- unknown -------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["zzzz", "Tyrell Corporation", "qwerty uiop"])
def test_unknown_is_not_found(query):
    with pytest.raises(NotFound) as info:
        pick(query)
    assert query in str(info.value)


def test_unknown_but_near_suggests_the_near_name():
    with pytest.raises(NotFound) as info:
        resolve("acme inc", [(1, "Acme Corp"), (2, "Globex")])
    assert "Acme Corp" in str(info.value)


def test_empty_query_is_refused():
    with pytest.raises(UsageError):
        pick("   ")


def test_no_candidates_is_not_found():
    with pytest.raises(NotFound):
        resolve("acme", [])


# --- issue 14: close matches are flagged, organisations found, suggestions stay related -----

TEAM = [
    (1, "Greta Holm", "Holm Design"),
    (2, "Anna Larsen", None),
    (3, "Tom Baker", "Baker & Sons"),
    (4, "Priya Shah", "Orion Legal"),
    (5, "Maya Chen", None),
]


@pytest.mark.parametrize(
    ("typo", "name"), [("gretta", "Greta Holm"), ("anna larson", "Anna Larsen")]
)
def test_a_typo_is_a_close_match_never_an_exact_one(typo, name):
    match = resolve(typo, TEAM)
    assert (match.name, match.how) == (name, "close")


def test_an_organisation_finds_its_one_contact():
    match = resolve("orion", TEAM)
    assert (match.id, match.how) == (4, "org")
    assert resolve("orion legal", TEAM).id == 4


def test_an_organisation_shared_by_two_is_ambiguous():
    book = [*TEAM, (6, "Omar Diaz", "Orion Legal")]
    with pytest.raises(UsageError) as info:
        resolve("orion", book)
    assert "Priya Shah" in str(info.value) and "Omar Diaz" in str(info.value)


def test_an_unrelated_name_is_never_suggested():
    with pytest.raises(NotFound) as info:
        resolve("kestrel", TEAM)
    assert "did you mean" not in str(info.value)
    assert "Tom Baker" not in str(info.value)


def test_a_one_letter_typo_is_suggested_first():
    book = [(1, "Marta Lind"), (2, "Mark Lane"), (3, "Martin Lowe")]
    # 'marka' is one edit from 'Marta' and 'Mark': a tie, so nothing is chosen, both listed
    with pytest.raises(UsageError) as info:
        resolve("marka", book)
    assert "Marta Lind" in str(info.value) and "Mark Lane" in str(info.value)
    # two edits from everything: not found, but the one-edit-closer name leads the hints
    assert ranked("martn lowe", book)[0][2] == "Martin Lowe"


def test_a_crowd_of_candidates_is_capped():
    book = [(i, f"Al {i:04d}") for i in range(1, 1212)]
    with pytest.raises(UsageError) as info:
        resolve("al", book)
    message = str(info.value)
    assert "1211 contacts" in message
    assert "1208 more" not in message
    assert message.count("'Al ") == 3


def test_a_close_match_names_the_runners_up():
    book = [(1, "Greta Holm"), (2, "Greta Helm")]
    match = resolve("gretta holm", book)  # one edit from the first, two from the second
    assert (match.name, match.how, match.others) == ("Greta Holm", "close", ("Greta Helm",))
