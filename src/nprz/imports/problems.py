"""The catalogue of problem codes the importers report.

A code is stable: tests, the web upload and people's notes refer to it, so a code is never
renamed or reused for another meaning. Every code a reader emits must be listed here with a
Dutch description (`tests/imports/test_files.py::test_every_code_is_documented`), and each
code has one severity: the codes in `WARNINGS` are recognised mistakes that are repaired
and imported; all others are errors that stop the import.

Two readers add to this module (the file reader and the CBS reader): keep it a flat dict,
one line per code, grouped by reader, so additions do not collide.
"""

from __future__ import annotations

from nprz.core.problems import Location, Problem, Severity
from nprz.imports.safety import CODES as UPLOAD_CODES

PROBLEMS: dict[str, str] = {
    # --- Numbers (nprz.imports.numbers): one delivered cell ---------------------------
    "lege-waarde": "De cel met de waarde is leeg; gebruik nvt, nb, x of - als er geen cijfer is.",
    "geen-getal": "De waarde is geen getal in Nederlandse notatie en geen nvt, nb, x, - of <5.",
    "engelse-notatie": (
        "De waarde staat in Engelse notatie (1,234.5). Niet overgenomen: in dezelfde kolom "
        "zou 1,234 dan stilzwijgend als 1,234 gelezen worden. Schrijf 1.234,5."
    ),
    "formule": "De cel bevat een formule (=…) in plaats van een waarde.",
    "formule-zonder-uitkomst": (
        "De Excel-cel bevat een formule zonder opgeslagen uitkomst; open en bewaar het "
        "bestand in Excel, of plak de waarden als waarden."
    ),
    "getal-te-groot": (
        "Het getal heeft meer dan 14 cijfers voor de komma; zo groot kan de opslag niet."
    ),
    "te-veel-decimalen": "Het getal heeft meer dan 6 decimalen; zo fijn kan de opslag niet.",
    "excel-celtype": "De Excel-cel is geen getal en geen tekst (bijv. een datum of WAAR/ONWAAR).",
    "vreemde-spatie": "De waarde bevat een harde of smalle spatie; gelezen als gewone spatie.",
    "spatie-duizendtallen": (
        "Spaties als scheiding van duizendtallen (1 234,5); gelezen als 1.234,5."
    ),
    "spatie-voor-procent": "Spatie voor het procentteken (30,0 %); gelezen als 30,0%.",
    "euro-notatie": (
        "Euroteken of EUR op een andere plaats (EUR 36.300, 36.300 €); gelezen als € 36.300."
    ),
    "decimale-punt": (
        "Decimale punt in plaats van komma (12.5); gelezen als 12,5. Een punt met precies drie "
        "cijfers erachter (1.234) is een duizendtalscheiding en blijft dat."
    ),
    "min-teken": "Typografisch minteken (−) of gedachtestreepje voor het getal; gelezen als -.",
    "plusteken": "Plusteken voor het getal; weggelaten.",
    "ontbrekend-teken-variant": (
        "Schrijfwijze van nvt, nb of x afwijkend (N.v.t., NB, X); genormaliseerd."
    ),
    "apostrof": "Apostrof voor de waarde (tekstmarkering uit Excel); weggelaten.",
    "excel-getal": (
        "Excel-getalcel: het getal is overgenomen; de precisie volgt uit de decimalen van het "
        "getal of de getoonde decimalen van de celopmaak."
    ),
    # --- File reader (nprz.imports.tables): the file as a whole ------------------------
    "bestand-onleesbaar": "Het bestand kon niet gelezen worden.",
    "bestandstype-onbekend": "Onbekend bestandstype; lever CSV (.csv) of Excel (.xlsx).",
    "excel-onleesbaar": "Het Excel-bestand is beschadigd of geen .xlsx-bestand.",
    "csv-onleesbaar": (
        "Het CSV-bestand kon niet ontleed worden (bijv. een niet afgesloten aanhalingsteken)."
    ),
    "codering-onleesbaar": "De tekens van het bestand zijn geen UTF-8 en geen Windows-1252.",
    "codering-cp1252": (
        "Het bestand is als Windows-1252 gelezen (geen UTF-8); controleer de accenten."
    ),
    "leeg-bestand": "Het bestand is leeg.",
    "geen-rijen": "Het bestand heeft een kopregel maar geen rijen met gegevens.",
    "te-veel-rijen": (
        "Het bestand heeft meer rijen dan één levering mag hebben; de rest is niet gelezen."
    ),
    "cel-te-lang": (
        "Een cel heeft meer dan 32.767 tekens (de grens van Excel); de rij is niet gelezen."
    ),
    # --- File reader: the header --------------------------------------------------------
    "kolom-ontbreekt": "Een verplichte kolom ontbreekt (indicator, area, period, value).",
    "dubbele-kolom": "Twee kolommen in de kopregel betekenen hetzelfde.",
    "onbekende-kolom": "Een kolom in de kopregel is onbekend en wordt genegeerd.",
    "kolomnaam-variant": (
        "Een kolomnaam is herkend in een andere schrijfwijze of in het Nederlands."
    ),
    # --- File reader: a row ----------------------------------------------------------------
    "te-veel-cellen": (
        "De rij heeft meer cellen dan de kopregel kolommen; vaak een decimale komma in een "
        "CSV met komma als scheidingsteken zonder aanhalingstekens."
    ),
    "indicator-leeg": "De indicatorcode ontbreekt.",
    "onbekende-indicator": "De indicatorcode is onbekend (zie nprz indicators).",
    "gebied-leeg": "De gebiedscode ontbreekt.",
    "onbekend-gebied": "De gebiedscode is onbekend (zie nprz areas).",
    "code-variant": "Een code is herkend in een andere schrijfwijze (hoofdletters).",
    "cbs-gebiedscode": (
        "Een CBS-gebiedscode (BU05991082) is herkend en vertaald naar de gebiedscode."
    ),
    "gebiedsnaam": "Een gebiedsnaam is herkend en vertaald naar de gebiedscode.",
    "ongeldige-periode": (
        "De periode is geen jaar (2024), schooljaar (2023/24) of meerjarige periode (2020-2023)."
    ),
    "periode-notatie": "Een schooljaar is herkend in een andere schrijfwijze (2023-24, 2023/2024).",
    "percentage-niet-verwacht": "Een percentage bij een indicator die geen percentage is.",
    "procentteken-ontbreekt": (
        "Een getal zonder procentteken bij een percentage-indicator; als percentage gelezen."
    ),
    "percentage-of-fractie": (
        "Een getal tussen 0 en 1 zonder procentteken bij een percentage-indicator: "
        "onduidelijk of 0,25 nu 0,25% of 25% betekent. Schrijf het procentteken erbij."
    ),
    "bedrag-niet-verwacht": "Een eurobedrag bij een indicator die geen bedrag is.",
    "eurosteken-ontbreekt": (
        "Een getal zonder euroteken bij een bedrag-indicator; als bedrag gelezen."
    ),
    "meer-decimalen": "De waarde heeft meer decimalen dan de indicator drukt.",
    "negatief-aantal": "Een negatief aantal.",
    "percentage-buiten-bereik": "Een percentage kleiner dan 0 of groter dan 100.",
    "dubbele-rij": (
        "Dezelfde indicator, hetzelfde gebied en dezelfde periode staan twee keer in het bestand."
    ),
    "ongeldige-status": "De status is niet definitief of voorlopig (leeg = definitief).",
    "ongeldige-peildatum": (
        "De peildatum is geen bestaande datum (2018-03-31 of 31-03-2018) en niet 'huidig'; "
        "leeg betekent: het eind van de periode."
    ),
    "status-variant": "De status is herkend in een andere schrijfwijze (Voorlopig).",
    "dubbelzinnige-punt": (
        "Het bestand gebruikt ergens een decimale punt (12.5); daarom is een punt met drie "
        "cijfers (1.234) niet met zekerheid een duizendtalscheiding."
    ),
    # --- CBS reader (nprz.imports.cbs): a StatLine table ---------------------------------
    "cbs-geen-gegevens": (
        "Geen gegevensbestand gevonden (TypedDataSet.json, UntypedDataSet.json of "
        "stripped_filtered_data_*.json)."
    ),
    "cbs-onleesbaar-bestand": "Een bestand van de CBS-levering is geen leesbare JSON.",
    "cbs-onverwachte-vorm": (
        "Het gegevensbestand is geen lijst van records, geen OData-antwoord met 'value' en "
        "geen object per regio."
    ),
    "cbs-andere-tabel": "De levering is een andere CBS-tabel dan de mapping beschrijft.",
    "cbs-eenheid-gewijzigd": (
        "CBS geeft een onderwerp een andere eenheid dan de mapping verwacht (bijv. euro in "
        "plaats van x 1 000 euro); de schaal in de mapping klopt dan niet meer."
    ),
    "cbs-onderwerp-dubbelzinnig": "Een onderwerp uit de mapping past op meer dan één CBS-kolom.",
    "cbs-onderwerp-ontbreekt": (
        "Een onderwerp uit de mapping staat niet in de levering; de andere zijn wel gelezen."
    ),
    "cbs-geen-record": "Een regel van de gegevens is geen object met velden.",
    "cbs-geen-regio": "Een record heeft geen regiocode (WijkenEnBuurten, RegioS, ...).",
    "cbs-onbekend-gebied": (
        "De mapping koppelt een CBS-regio aan een gebiedscode die niet in de monitor staat."
    ),
    "cbs-geen-periode": (
        "De levering noemt geen periode: geen periodekolom, geen Period in TableInfos.json "
        "en geen periods.default in de mapping."
    ),
    "cbs-onbekende-periode": "De periode is geen CBS-periodecode (2023JJ00, 2024KW01, 2024MM03).",
    "cbs-periode-geen-jaar": (
        "Een kwartaal- of maandcijfer bij een mapping die alleen jaarcijfers toelaat."
    ),
    "cbs-geen-getal": "De waarde van een onderwerp is geen getal en geen null.",
    "cbs-dubbele-waarde": (
        "Twee records geven een waarde voor dezelfde indicator, hetzelfde gebied en dezelfde "
        "periode (bijv. NL00 en NL01 die allebei naar nl gaan)."
    ),
    "cbs-geen-waarden": "De levering bevat geen enkele waarde voor de gebieden van de monitor.",
    # --- the store (nprz.imports.store) ---------------------------------------------------
    "al-geimporteerd": (
        "Precies deze bytes zijn al eerder ingelezen; een levering wordt nooit twee keer "
        "opgeslagen (een gecorrigeerd bestand is wel een nieuwe levering)."
    ),
    "indicator-andere-eenheid": (
        "De levering definieert een indicator die al bestaat met een andere eenheid."
    ),
}
# The upload checks (size, type by content, zip bombs, external links) keep their codes beside
# the checks; here they join the one catalogue that `describe` and the documentation read.
PROBLEMS.update({code: text[0].upper() + text[1:] + "." for code, text in UPLOAD_CODES.items()})

# Recognised and repaired: the delivery may still be imported. Every other code is an error.
WARNINGS: set[str] = {
    "naam-past-niet",
    "vreemde-spatie",
    "spatie-duizendtallen",
    "spatie-voor-procent",
    "euro-notatie",
    "decimale-punt",
    "min-teken",
    "plusteken",
    "ontbrekend-teken-variant",
    "apostrof",
    "excel-getal",
    "codering-cp1252",
    "onbekende-kolom",
    "kolomnaam-variant",
    "code-variant",
    "cbs-gebiedscode",
    "gebiedsnaam",
    "periode-notatie",
    "procentteken-ontbreekt",
    "eurosteken-ontbreekt",
    "meer-decimalen",
    "status-variant",
    "cbs-onderwerp-ontbreekt",
}


def severity(code: str) -> Severity:
    """The severity of a catalogued code; an uncatalogued code is a programming error."""
    if code not in PROBLEMS:
        raise KeyError(f"probleemcode {code!r} staat niet in nprz.imports.problems.PROBLEMS")
    return Severity.WAARSCHUWING if code in WARNINGS else Severity.FOUT


def describe(code: str) -> str:
    return PROBLEMS[code]


def problem(code: str, message: str, location: Location) -> Problem:
    """A `Problem` whose severity follows from its code, so no reader can disagree on it."""
    return Problem(code=code, message=message, location=location, severity=severity(code))
