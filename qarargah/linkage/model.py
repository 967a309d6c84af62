"""The splink model: comparisons that know Persian names, and the blocking rules.

Settings are a plain splink settings dictionary (the format splink saves and loads), so the
same model runs on DuckDB here and on splink's Spark backend at national scale
(docs/decisions/0028).  Every SQL snippet is ANSI plus the string functions both backends
provide (``jaro_winkler_similarity``, ``hamming``, ``LIKE``); DuckDB's ``damerau_levenshtein`` is
avoided: on Persian text it is twenty times slower than Jaro–Winkler.
"""

from __future__ import annotations

from typing import Any, Final


def _null(col: str) -> dict[str, Any]:
    return {
        "sql_condition": f"{col}_l IS NULL OR {col}_r IS NULL",
        "label_for_charts": "خالی",
        "is_null_level": True,
    }


def _level(sql: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"sql_condition": sql, "label_for_charts": label, **extra}


def _else() -> dict[str, Any]:
    return {"sql_condition": "ELSE", "label_for_charts": "ناهمسان"}


# Prefix in either direction, for compound first names written whole in one list and
# shortened in another («محمدرضا» / «محمد»); at least three letters so «ع» matches nothing.
def _prefix(col: str) -> str:
    return (
        f"(length({col}_l) >= 3 AND length({col}_r) >= 3 AND "
        f"({col}_l LIKE concat({col}_r, '%') OR {col}_r LIKE concat({col}_l, '%')))"
    )


# A compound first name shortened to either part: Iranians often go by the second part
# («علیرضا» → «رضا», «غلامحسین» → «حسین») as well as by the first («محمدرضا» → «محمد»).
def _compound(col: str) -> str:
    return (
        f"(length({col}_l) >= 3 AND length({col}_r) >= 3 AND "
        f"({col}_l LIKE concat({col}_r, '%') OR {col}_r LIKE concat({col}_l, '%') OR "
        f"{col}_l LIKE concat('%', {col}_r) OR {col}_r LIKE concat('%', {col}_l)))"
    )


# One letter inserted, dropped or replaced (Levenshtein distance 1).  Jaro–Winkler undervalues
# exactly the slips of short Persian names («عیسی» / «ویسی» 0.83, «حسین» / «حهین» 0.88): a slip
# at the start, or in a four-letter name, falls below any typo threshold that still keeps
# «مریم» / «مرضیه» apart.  DuckDB's ``levenshtein`` counts bytes, and a Persian letter is two
# bytes in UTF-8, so the letters are first mapped one-to-one to single ASCII characters
# (``translate``, character-wise on DuckDB and Spark alike); ``translate`` is slow, so the
# byte distance (at most 2 for one slip) is checked first and filters nearly every pair.  Both
# names of three letters or more, so «عل» is not one slip from everything.
_PERSIAN_LETTERS: Final = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئؤءة"
_ASCII_LETTERS: Final = "ABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&*+<=>?@"[: len(_PERSIAN_LETTERS)]


def _slip(a: str, b: str) -> str:
    def ascii_(x: str) -> str:
        return f"translate({x}, '{_PERSIAN_LETTERS}', '{_ASCII_LETTERS}')"

    # Cheapest tests first: lengths, then Jaro–Winkler ≥ 0.75 (one slip in a name of three
    # letters or more never scores lower: a replaced middle letter of three is 0.78), then the
    # byte distance, and only then the translated one.
    return (
        f"(length({a}) >= 3 AND length({b}) >= 3 AND abs(length({a}) - length({b})) <= 1 "
        f"AND {{jw}}({a}, {b}) >= 0.75 "
        f"AND levenshtein({a}, {b}) <= 2 AND levenshtein({ascii_(a)}, {ascii_(b)}) <= 1)"
    )


def _one_slip(col: str) -> str:
    return _slip(f"{col}_l", f"{col}_r")


# First and last name written in each other's columns, with a slip in one of them
# («کردی | عزت‌انله» / «عزت‌الله | کردی»): one crosswise pair equal, the other close.
_SWAPPED_SLIP: Final = (
    f"((fn_l = ln_r AND ({{jw}}(ln_l, fn_r) >= 0.88 OR {_slip('ln_l', 'fn_r')})) OR "
    f"(ln_l = fn_r AND ({{jw}}(fn_l, ln_r) >= 0.88 OR {_slip('fn_l', 'ln_r')})))"
)
# Two different names both in the list of common names («حسن» / «حسین») are two people.
_BOTH_KNOWN: Final = "(coalesce(fk_l, false) AND coalesce(fk_r, false))"


# (Jaro–Winkler similarity, Hamming-like distance) per splink dialect.
SIMILARITY_FUNCTIONS: Final[dict[str, tuple[str, str]]] = {
    "duckdb": ("jaro_winkler_similarity", "hamming"),
    "spark": ("jaro_winkler", "levenshtein"),
}


def _format_all(f: Any, comparisons: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for comparison in comparisons:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = f(level["sql_condition"])
    return comparisons


FIELD_LABELS_FA: Final[dict[str, str]] = {
    "fn": "نام",
    "ln": "نام خانوادگی",
    "fa": "نام پدر",
    "dob": "تاریخ تولد",
    "sex": "جنسیت",
    "mob": "تلفن همراه",
    "code": "کد ملی",
    "addr": "نشانی",
}


def comparisons(dialect: str = "duckdb") -> list[dict[str, Any]]:
    """One comparison per field; levels ordered from strongest agreement to «else».

    ``dialect`` picks the function names: DuckDB's ``jaro_winkler_similarity`` and ``hamming``,
    or on Spark the ``jaro_winkler`` UDF splink registers and the built-in ``levenshtein``."""
    jw, ham = SIMILARITY_FUNCTIONS[dialect]

    def f(sql: str) -> str:
        return sql.replace("{jw}", jw).replace("{ham}", ham)

    return _format_all(
        f,
        [
            {
                "output_column_name": "fn",
                "comparison_description": "نام",
                "comparison_levels": [
                    _null("fn"),
                    _level("fn_l = fn_r", "یکسان", tf_adjustment_column="fn", tf_adjustment_weight=1.0),
                    # First and last name written in each other's columns.
                    _level("fn_l = ln_r AND ln_l = fn_r", "جابه‌جا با نام خانوادگی"),
                    _level(_SWAPPED_SLIP, "جابه‌جا با نام خانوادگی، با غلط تایپی"),
                    _level(_compound("fn"), "نام مرکب کوتاه‌شده"),
                    # Two different known names («حسن» / «حسین») are two people, not a typo.
                    _level(
                        f"NOT {_BOTH_KNOWN} AND ({{jw}}(fn_l, fn_r) >= 0.92 OR {_one_slip('fn')})",
                        "غلط تایپی",
                    ),
                    _level(f"NOT {_BOTH_KNOWN} AND {{jw}}(fn_l, fn_r) >= 0.85", "نزدیک"),
                    _else(),
                ],
            },
            {
                "output_column_name": "ln",
                "comparison_description": "نام خانوادگی",
                "comparison_levels": [
                    _null("ln"),
                    _level("ln_l = ln_r", "یکسان", tf_adjustment_column="ln", tf_adjustment_weight=1.0),
                    _level("fn_l = ln_r AND ln_l = fn_r", "جابه‌جا با نام"),
                    _level(_SWAPPED_SLIP, "جابه‌جا با نام، با غلط تایپی"),
                    _level(f"{{jw}}(ln_l, ln_r) >= 0.92 OR {_one_slip('ln')}", "غلط تایپی"),
                    _level(_prefix("ln"), "بخشی از نام خانوادگی"),
                    _else(),
                ],
            },
            {
                "output_column_name": "fa",
                "comparison_description": "نام پدر",
                "comparison_levels": [
                    _null("fa"),
                    _level("fa_l = fa_r", "یکسان", tf_adjustment_column="fa", tf_adjustment_weight=1.0),
                    _level(_compound("fa"), "نام مرکب کوتاه‌شده"),
                    _level(f"{{jw}}(fa_l, fa_r) >= 0.92 OR {_one_slip('fa')}", "غلط تایپی"),
                    _else(),
                ],
            },
            {
                "output_column_name": "dob",
                "comparison_description": "تاریخ تولد",
                "comparison_levels": [
                    _null("dob"),
                    _level("dob_l = dob_r", "یکسان"),
                    _level(
                        "byear_l = byear_r AND bmonth_l = bday_r AND bday_l = bmonth_r", "روز و ماه جابه‌جا"
                    ),
                    # Two of year, month and day agree (a slip in the third); integer compares, cheap.
                    _level(
                        "(byear_l = byear_r AND (bmonth_l = bmonth_r OR bday_l = bday_r)) "
                        "OR (bmonth_l = bmonth_r AND bday_l = bday_r)",
                        "دو جزء از سه جزء یکسان",
                    ),
                    _level("byear_l = byear_r", "فقط سال یکسان"),
                    _level("abs(byear_l - byear_r) <= 1", "سال نزدیک"),
                    _else(),
                ],
            },
            {
                "output_column_name": "sex",
                "comparison_description": "جنسیت",
                "comparison_levels": [_null("sex"), _level("sex_l = sex_r", "یکسان"), _else()],
            },
            {
                "output_column_name": "mob",
                "comparison_description": "تلفن همراه",
                "comparison_levels": [
                    _null("mob"),
                    _level("mob_l = mob_r", "یکسان"),
                    _level("{ham}(mob_l, mob_r) <= 1", "یک رقم متفاوت"),
                    _else(),
                ],
            },
            {
                "output_column_name": "code",
                "comparison_description": "کد ملی",
                "comparison_levels": [_null("code"), _level("code_l = code_r", "یکسان"), _else()],
            },
            {
                "output_column_name": "addr",
                "comparison_description": "نشانی",
                "comparison_levels": [
                    _null("addr"),
                    _level("addr_l = addr_r", "یکسان"),
                    _level("{jw}(addr_l, addr_r) >= 0.9", "نزدیک"),
                    _level("nb_l = nb_r", "همان محله"),
                    _level("county_l = county_r", "همان شهرستان"),
                    _else(),
                ],
            },
        ],
    )


# Candidate pairs: each rule is an equi-join, so the engine compares only records that share
# a key.  Together they catch every single error the issue lists (a typo in one name is caught
# by the rules on the other names; a wrong date by the name rules; swapped names by the
# crosswise rule; a missing code never matters because no rule needs it).
BLOCKING_RULES: Final[tuple[str, ...]] = (
    "l.ln = r.ln AND l.dob = r.dob",
    "l.fn = r.fn AND l.ln = r.ln AND l.byear = r.byear",
    "l.fn = r.fn AND l.dob = r.dob",
    "l.fn = r.fn AND l.fa = r.fa AND l.byear = r.byear",
    "l.fa = r.fa AND l.dob = r.dob",
    "l.ln = r.ln AND l.fa = r.fa AND l.byear = r.byear",
    "l.mob = r.mob",
    "l.fn = r.ln AND l.ln = r.fn",
    "l.fn = r.fn AND l.ln = r.ln AND l.fa = r.fa",
    # A birth date missing on one side leaves only the name rules, which need the father's name
    # too: the whole name in the same house (exact address) or, for a record without a date, the
    # same neighbourhood.  The date test is on one side of the join only, so DuckDB filters
    # that side before joining and the rule costs a share of a name + neighbourhood join.
    "l.fn = r.fn AND l.ln = r.ln AND l.addr = r.addr",
    "l.fn = r.fn AND l.ln = r.ln AND l.nb = r.nb AND l.dob IS NULL",
    "l.fn = r.fn AND l.ln = r.ln AND l.nb = r.nb AND r.dob IS NULL",
    # Swapped names with a slip in one of them: the surname written as the first name, same date
    # (both ways round: splink pairs each two records once, in one order).
    "l.fn = r.ln AND l.dob = r.dob",
    "l.ln = r.fn AND l.dob = r.dob",
)

# Expectation maximisation passes: each blocks on some fields and so trains the others.
EM_BLOCKING_RULES: Final[tuple[str, ...]] = (
    "l.ln = r.ln AND l.dob = r.dob",
    "l.fn = r.fn AND l.fa = r.fa AND l.byear = r.byear",
)

# Pairs that are near certainly the same person, for the prior P(match).
DETERMINISTIC_RULES: Final[tuple[str, ...]] = (
    "l.code = r.code",
    "l.fn = r.fn AND l.ln = r.ln AND l.dob = r.dob AND l.fa = r.fa",
)


# Starting values (m, u) per non-null level, strongest first: what EM starts from, and what a
# level keeps when the data never shows it (a small list, or no swapped names in it).
PRIORS: Final[dict[str, tuple[tuple[float, float], ...]]] = {
    "fn": (
        (0.82, 0.02),
        (0.01, 0.0001),
        (0.005, 0.0001),
        (0.08, 0.004),
        (0.05, 0.004),
        (0.01, 0.01),
        (0.025, 0.9618),
    ),
    "ln": ((0.88, 0.01), (0.01, 0.0001), (0.005, 0.0001), (0.06, 0.002), (0.01, 0.003), (0.035, 0.9848)),
    "fa": ((0.88, 0.03), (0.04, 0.005), (0.04, 0.005), (0.04, 0.96)),
    "dob": ((0.9, 0.0001), (0.02, 0.00001), (0.03, 0.0005), (0.02, 0.01), (0.01, 0.02), (0.02, 0.9694)),
    "sex": ((0.995, 0.5), (0.005, 0.5)),
    "mob": ((0.6, 0.0001), (0.01, 0.0001), (0.39, 0.9998)),
    "code": ((0.97, 0.00001), (0.03, 0.99999)),
    "addr": ((0.6, 0.001), (0.1, 0.002), (0.1, 0.05), (0.1, 0.2), (0.1, 0.747)),
}


def _with_priors(comparison: dict[str, Any]) -> dict[str, Any]:
    priors = iter(PRIORS[comparison["output_column_name"]])
    for level in comparison["comparison_levels"]:
        if not level.get("is_null_level"):
            m, u = next(priors)
            level["m_probability"], level["u_probability"] = m, u
    return comparison


def settings_dict(dialect: str = "duckdb") -> dict[str, Any]:
    """The untrained model as a splink settings document for ``dialect`` (duckdb or spark)."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "comparisons": [_with_priors(c) for c in comparisons(dialect)],
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": True,
        "max_iterations": 20,
        "probability_two_random_records_match": 0.0001,
        "em_convergence": 0.001,
    }
