"""Populations by area, year, sex and age band, and the ESP2013 bands for standardised rates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When

from wellboard.geography import codes as gss
from wellboard.geography.ages import ALL_AGES, ESP2013_BANDS, OPEN_AGE, AgeBand, parse_age_band
from wellboard.geography.models import Area, AreaType, Population
from wellboard.geography.selectors._common import AreaRef, chunked
from wellboard.geography.selectors.nesting import descendant_ids, lsoas_by_root


def _resolve(areas: Iterable[AreaRef]) -> dict[int, str]:
    """{area id: code}, keeping areas that exist; custom areas are passed as objects by callers
    that have already checked access."""
    result: dict[int, str] = {}
    pending: list[str] = []
    for a in areas:
        if isinstance(a, Area):
            result[a.pk] = a.code
        else:
            pending.append(gss.normalise_code(a))
    for chunk in chunked(pending):
        result.update(Area.objects.filter(code__in=chunk, partnership__isnull=True).values_list("pk", "code"))
    return result


def _band_total(rows: list[tuple[str, int, int | None, int]], band: AgeBand) -> int | None:
    """The count for ``band`` from one area's rows (label, from, to, count), exactly or not at all:
    never from overlapping or partly covered bands."""
    for label, _, _, count in rows:
        if label == band.label:
            return count
    pieces: dict[int, list[tuple[int | None, int]]] = defaultdict(list)
    for label, a_from, a_to, count in rows:
        if label != ALL_AGES and band.contains(AgeBand(label, a_from, a_to)):
            pieces[a_from].append((a_to, count))
    return _tile(pieces, band.age_from, band.age_to)


def _tile(pieces: dict[int, list[tuple[int | None, int]]], start: int, end: int | None) -> int | None:
    """Sum of pieces covering start..end (None: open-ended) with no gap and no overlap.

    Tries the shortest piece first (single years before bands); remembers dead ends."""
    dead: set[int] = set()

    def cover(at: int) -> int | None:
        if at in dead:
            return None
        for piece_end, count in sorted(pieces.get(at, []), key=lambda p: (p[0] is None, p[0] or 0)):
            if piece_end is None:
                if end is None:
                    return count
                continue
            if end is not None and piece_end == end:
                return count
            if end is not None and piece_end > end:
                continue
            rest = cover(piece_end + 1)
            if rest is not None:
                return count + rest
        dead.add(at)
        return None

    return cover(start)


def population_for(
    *, areas: Iterable[AreaRef], year: int, sex: str = "Persons", age_band: str | None = None
) -> dict[str, int]:
    """Population by area code for one year, sex and age band ("0-4", "65+", "18-64"; None for all ages).

    A band is answered from a stored row with that label, else from single years of age, else
    from stored bands that tile it exactly. An area with no stored figure (a ward, a custom
    area) is answered by adding up its LSOAs, if every one of them has a figure. Areas that
    cannot be answered exactly are left out.
    """
    band = parse_age_band(age_band) if age_band else AgeBand(ALL_AGES, 0, None)
    wanted = _resolve(areas)
    result: dict[str, int] = {}
    by_area = _population_rows(list(wanted), year=year, sex=sex)
    for area_id, code in wanted.items():
        value = _band_total(by_area.get(area_id, []), band)
        if value is not None:
            result[code] = value
    missing = [area_id for area_id in wanted if wanted[area_id] not in result]
    if missing:
        result.update(_population_from_lsoas(missing, wanted, year=year, sex=sex, band=band))
    return result


def _population_rows(
    area_ids: list[int], *, year: int, sex: str
) -> dict[int, list[tuple[str, int, int | None, int]]]:
    by_area: dict[int, list[tuple[str, int, int | None, int]]] = defaultdict(list)
    for chunk in chunked(area_ids):
        for area_id, label, a_from, a_to, count in Population.objects.filter(
            area_id__in=chunk, year=year, sex=sex
        ).values_list("area_id", "age_band", "age_from", "age_to", "count"):
            by_area[area_id].append((label, a_from, a_to, count))
    return by_area


def _population_from_lsoas(
    area_ids: list[int], names: dict[int, str], *, year: int, sex: str, band: AgeBand
) -> dict[str, int]:
    lsoas_of = lsoas_by_root(area_ids, year=year)
    every_lsoa = sorted(set().union(*lsoas_of.values())) if lsoas_of else []
    rows = _population_rows(every_lsoa, year=year, sex=sex)
    values = {lsoa: _band_total(rows.get(lsoa, []), band) for lsoa in every_lsoa}
    result: dict[str, int] = {}
    for area_id, lsoas in lsoas_of.items():
        if lsoas and all(values[lsoa] is not None for lsoa in lsoas):
            result[names[area_id]] = sum(values[lsoa] or 0 for lsoa in lsoas)
    return result


def population_esp_bands(
    *, areas: Iterable[AreaRef], year: int, sex: str = "Persons"
) -> dict[str, list[int]]:
    """The 19 ESP2013 band counts (0-4 … 85-89, 90+) by area code, for DSRs.

    Built in the database from single years of age where an area has all of 0..89 and 90+;
    otherwise from stored five-year bands when all 19 are there; otherwise (a ward, a custom area)
    by adding up its LSOAs, if every one of them has all 19. Other areas are left out.
    """
    wanted = _resolve(areas)
    n_bands = len(ESP2013_BANDS)
    result: dict[str, list[int]] = {}
    band_index = Case(
        When(age_from__gte=OPEN_AGE, then=Value(n_bands - 1)),
        default=F("age_from") / 5,
        output_field=IntegerField(),
    )
    single_years = Q(age_to=F("age_from"), age_from__lt=OPEN_AGE) | Q(age_from=OPEN_AGE, age_to__isnull=True)
    ids = list(wanted)
    for chunk in chunked(ids):
        counts: dict[int, list[int]] = defaultdict(lambda: [0] * n_bands)
        complete: dict[int, int] = defaultdict(int)
        rows = (
            Population.objects.filter(single_years, area_id__in=chunk, year=year, sex=sex)
            .annotate(band=band_index)
            .values("area_id", "band")
            .annotate(total=Sum("count"), n=Count("id"))
        )
        for row in rows:
            counts[row["area_id"]][row["band"]] = row["total"]
            expected = 1 if row["band"] == n_bands - 1 else 5
            complete[row["area_id"]] += int(row["n"] == expected)
        for area_id, full in complete.items():
            if full == n_bands:
                result[wanted[area_id]] = counts[area_id]
        missing = [a for a in chunk if wanted[a] not in result]
        if not missing:
            continue
        labels = {b.label: i for i, b in enumerate(ESP2013_BANDS)}
        banded: dict[int, dict[int, int]] = defaultdict(dict)
        for area_id, label, count in Population.objects.filter(
            area_id__in=missing, year=year, sex=sex, age_band__in=list(labels)
        ).values_list("area_id", "age_band", "count"):
            banded[area_id][labels[label]] = count
        for area_id, bands in banded.items():
            if len(bands) == n_bands:
                result[wanted[area_id]] = [bands[i] for i in range(n_bands)]
    missing = [area_id for area_id in ids if wanted[area_id] not in result]
    if missing:
        lsoas_of = lsoas_by_root(missing, year=year)
        every_lsoa = sorted(set().union(*lsoas_of.values()))
        lsoa_code: dict[int, str] = {}
        for chunk in chunked(every_lsoa):
            lsoa_code.update(Area.objects.filter(pk__in=chunk).values_list("pk", "code"))
        parts = population_esp_bands(areas=list(lsoa_code.values()), year=year, sex=sex) if lsoa_code else {}
        for area_id, lsoas in lsoas_of.items():
            if lsoas and all(lsoa_code[i] in parts for i in lsoas):
                result[wanted[area_id]] = [sum(parts[lsoa_code[i]][b] for i in lsoas) for b in range(n_bands)]
    return result


def population_years(*, area: Area) -> list[int]:
    """The years for which ``area`` has population figures, newest first: its own, or else those
    of the LSOAs inside it (a ward, a custom area)."""
    years = list(
        Population.objects.filter(area=area).values_list("year", flat=True).distinct().order_by("-year")
    )
    if years:
        return years
    lsoas = [i for i, t in descendant_ids([area.pk], year=None).items() if t == AreaType.LSOA]
    found: set[int] = set()
    for chunk in chunked(lsoas):
        found.update(Population.objects.filter(area_id__in=chunk).values_list("year", flat=True).distinct())
    return sorted(found, reverse=True)
