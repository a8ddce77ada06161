"""Every UI string ships translated: no English left in the Chinese or Urdu interface."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from projects.models import EvaluationCriterion, Project
from tests.factories import make_project

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = {"zh-hans": "zh_Hans", "ur": "ur"}


def read_po(path: Path) -> list[tuple[str, str, bool]]:
    """(msgid, msgstr, fuzzy) for every entry but the header; plurals joined."""
    entries, msgid, msgstr, fuzzy, field = [], [], [], False, None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if msgid or msgstr:
                entries.append(("".join(msgid), "".join(msgstr), fuzzy))
            msgid, msgstr, fuzzy, field = [], [], False, None
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith(("msgid ", "msgid_plural ")):
            field = msgid
            field.append(line.split(" ", 1)[1][1:-1])
        elif line.startswith("msgstr"):
            field = msgstr
            field.append(line.split(" ", 1)[1][1:-1])
        elif line.startswith('"') and field is not None:
            field.append(line[1:-1])
    return [entry for entry in entries if entry[0]]


@pytest.mark.parametrize("locale", CATALOGUES.values())
def test_every_string_of_the_catalogue_is_translated(locale):
    entries = read_po(LOCALE_DIR / locale / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr, fuzzy in entries if not msgstr or fuzzy]
    assert not untranslated, untranslated[:20]


class TextCollector(HTMLParser):
    """Visible text and labels, leaving out scripts and elements marked with their own `lang`
    (the language switcher's endonyms, names shown in all three languages on purpose)."""

    def __init__(self):
        super().__init__()
        self.texts: list[str] = []
        self._skip = 0
        self._other_language_tag: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag != "html" and dict(attrs).get("lang") and self._other_language_tag is None:
            self._other_language_tag = tag
            self._skip += 1
        for name, value in attrs:
            if name in ("aria-label", "title", "placeholder", "alt") and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == self._other_language_tag:
            self._other_language_tag = None
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(data.strip())


def english_ui_strings() -> set[str]:
    entries = read_po(LOCALE_DIR / "ur" / "LC_MESSAGES" / "django.po")
    # Short tokens that are the same in every language (acronyms like "API") are not English.
    return {msgid for msgid, _s, _f in entries if re.search(r"[a-z]{3}", msgid)}


PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/minerals/",
    "/{lang}/minerals/copper/",
    "/{lang}/regions/",
    "/{lang}/regions/balochistan/",
    "/{lang}/no-such-page/",
    "/{lang}/accounts/password/change/",
    "/{lang}/projects/",
    "/{lang}/projects/?stage=kryptonite",
    "/{lang}/projects/map/",
    "/{lang}/projects/{draft}/",
    "/{lang}/projects/{published}/",
    "/{lang}/projects/{translated}/",
    "/{lang}/projects/{published}/amend/",
    "/{lang}/projects/{published}/actions/cancel/",
    "/{lang}/projects/{published}/documents/new/",
    "/{lang}/projects/new/",
    "/{lang}/projects/workspace/",
    "/{lang}/dashboard/",
    "/{lang}/dashboard/internal/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("lang", CATALOGUES)
def test_no_english_ui_text_on_the_pages(client, official, reference_data, lang):
    english = english_ui_strings()
    client.force_login(official)
    # Criterion names are data typed by officials: none that happens to be a UI string.
    criteria = (("Plan", 100),)
    draft = make_project(status=Project.Status.DRAFT, agency=official.agency, criteria=criteria)
    published = make_project(
        status=Project.Status.PUBLISHED, agency=official.agency, criteria=criteria
    )
    # A project whose official gave every text in Chinese and Urdu: no English at all.
    translated = make_project(
        status=Project.Status.PUBLISHED,
        agency=official.agency,
        criteria=criteria,
        **translated_project_text(),
    )
    EvaluationCriterion.objects.filter(project=translated).update(name_zh="计划", name_ur="منصوبہ")
    leaks = {}
    for template in PAGES:
        path = template.format(
            lang=lang,
            draft=draft.reference,
            published=published.reference,
            translated=translated.reference,
        )
        response = client.get(path)
        collector = TextCollector()
        collector.feed(response.content.decode())
        found = [text for text in collector.texts if text in english]
        if "{translated}" in template:  # nor the English of the project's own text
            english_data = {
                value
                for name, value in translated_project_text().items()
                if not name.endswith(("_zh", "_ur"))
            }
            found += [text for text in collector.texts if text in english_data]
        if found:
            leaks[path] = found
    assert not leaks, leaks


def translated_project_text() -> dict[str, str]:
    """Every visitor-facing text of a project, in English, Chinese and Urdu."""
    texts = {
        "title": ("Saindak east ore body", "山达克东矿体", "سیندک مشرقی ذخیرہ"),
        "summary": ("Expansion of the east ore body.", "东矿体扩建。", "مشرقی ذخیرے کی توسیع۔"),
        "description": (
            "Porphyry copper-gold deposit.",
            "斑岩型铜金矿床。",
            "تانبے اور سونے کا ذخیرہ۔",
        ),
        "estimated_reserves": ("336 Mt at 0.36% Cu", "336 Mt，品位0.36% Cu", "336 Mt، 0.36% Cu"),
        "grade": (
            "0.36–0.43% Cu in sulphides",
            "硫化物中0.36–0.43% Cu",
            "سلفائیڈ میں 0.36–0.43% Cu",
        ),
        "special_economic_zone": ("Gwadar Free Zone", "瓜达尔自由区", "گوادر فری زون"),
        "corridor": ("Nokundi to Gwadar", "诺昆迪至瓜达尔", "نوکنڈی تا گوادر"),
        "training_commitment": ("Apprenticeships.", "学徒培训。", "اپرنٹس شپس۔"),
    }
    fields = {}
    for name, (english, chinese, urdu) in texts.items():
        fields[name] = english
        fields[f"{name}_zh"] = chinese
        fields[f"{name}_ur"] = urdu
    return fields
