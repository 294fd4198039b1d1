"""The console tables of a comparison run: what ``run.py`` prints once the measurements are done.

Prints the tables ``docs/performance.md`` transcribes ("ssot check vs ruff", peak memory,
"A cache that works in CI", the agreement paragraph, the lint-imports and flake8 rows), for
the generated tree and for each ``--real`` tree::

    python benchmarks/run.py --files 1000 --pairs 5 --skip-adapters      # a quick look

Ratios carry their verdict against the target (``ok`` / ``OVER``); nothing is enforced.
"""

from __future__ import annotations

from . import Results
from .targets import TARGETS


def fmt_ratio(value: float, target: float | None) -> str:
    """``  1.41x  ok   <= 1.5x`` (columns: ratio, verdict, target)."""
    if target is None:
        return f"{value:>17.2f}x"
    verdict = "ok" if value <= target else "OVER"
    return f"{value:>17.2f}x  {verdict:<4}  <= {target}x"


def _against_own(headings: tuple[str, str, str, str], label: str, row: Results) -> None:
    """A table of one row, ssot against a reference that is not ruff; its ratio column is left to the caller."""
    title, reference, measured, ratio = headings
    reference_s = row.get("floor_median_s", row.get("ssot_warm_median_s"))
    print()
    print(f"{title:<24} {reference:>12} {measured:>12} {ratio:>18}  target")
    print(f"{label:<24} {reference_s:>11.3f}s {row['ssot_median_s']:>11.3f}s ", end="")


def print_comparison(results: Results, targets: dict[str, float] = TARGETS) -> None:
    """The tables of one tree's results: pairs, relocated, peak memory, agreement, adapters, notes."""
    print()
    print(f"{'ssot vs ruff (TID251)':<24} {'ruff median':>12} {'ssot median':>12} {'median ssot/ruff':>18}  target")
    for row in results.get("pairs", []):
        if row["mode"] in ("relocated", "floor"):
            continue
        target = targets.get(row["mode"]) if row["mode"] != "edit" else None
        print(
            f"{row['mode']:<24} {row['ruff_median_s']:>11.3f}s {row['ssot_median_s']:>11.3f}s "
            f"{fmt_ratio(row['median_ratio'], target)}"
        )
    if "edit_vs_ruff_warm" in results:
        blank = f"{'':>12} {'':>12}"
        print(f"{'edit: ssot / ruff warm':<24} {blank} {fmt_ratio(results['edit_vs_ruff_warm'], targets['edit'])}")
        print(f"{'edit: ssot / ssot warm':<24} {blank} {fmt_ratio(results['edit_vs_ssot_warm'], None)}")
    floor = next((r for r in results.get("pairs", []) if r["mode"] == "floor"), None)
    if floor:
        _against_own(("parse floor", "floor median", "ssot cold", "median cold/floor"), "ssot cold / floor", floor)
        print(f"{fmt_ratio(floor['median_ratio'], targets['floor'])}")
    relocated = next((r for r in results.get("pairs", []) if r["mode"] == "relocated"), None)
    if relocated:
        _against_own(("relocated (fresh clone)", "ssot warm", "relocated", "median reloc/warm"), "ssot", relocated)
        print(f"{fmt_ratio(relocated['median_ratio'], targets['relocated'])}")
        if "ruff_median_s" in relocated:
            print(
                f"{'ssot / ruff relocated':<24} "
                f"{relocated['ruff_median_s']:>11.3f}s {relocated['ssot_median_s']:>11.3f}s "
                f"{fmt_ratio(relocated['median_ratio_vs_ruff'], None)}   (ruff relocated, ssot relocated)"
            )
    if results.get("memory"):
        print()
        print(f"{'peak memory':<24} {'process RSS':>12} {'tree RSS':>12} {'tree PSS':>12} {'time':>10}")
        for row in results["memory"]:
            label = f"{row['tool']} {row['mode']}"
            print(
                f"{label:<24} {row['max_process_rss_mb']:>10.0f}MB {row['max_tree_rss_mb']:>10.0f}MB "
                f"{row['max_tree_pss_mb']:>10.0f}MB {row['seconds']:>9.2f}s"
            )
    agreement_result = results.get("agreement")
    if agreement_result:
        print()
        if agreement_result["status"] == "error":
            print(f"agreement: error: {agreement_result['note']}")
        else:
            a = agreement_result
            print(
                "agreement (ssot_comparable.toml vs ruff.toml, absolute imports in parsable files): "
                f"{agreement_result['status']}"
            )
            print(
                f"  findings: ssot {a['comparable_findings_ssot']}, ruff {a['comparable_findings_ruff']}, "
                f"same (path, line) {agreement_result['in_both']}; only ssot {agreement_result['only_ssot_count']}, "
                f"only ruff {agreement_result['only_ruff_count']}"
            )
            for label in ("only_ssot", "only_ruff"):
                for item in agreement_result[label][:10]:
                    print(f"    {label}: {item}")
            print(
                f"  excluded: ssot {agreement_result['excluded']['ssot']}, ruff {agreement_result['excluded']['ruff']} "
                f"({agreement_result['relative_in_both']} relative-import findings reported by both)"
            )
            print(
                f"  unparsable files: ssot {len(a['unparsable_ssot'])}, ruff {len(a['unparsable_ruff'])}, "
                f"{'same set' if agreement_result['unparsable_agree'] else 'DIFFERENT sets'}"
            )
    for label in ("lint-imports", "flake8"):
        outcome = results.get(label)
        if outcome:
            print()
            print(
                f"{label}: {outcome['status']}"
                + (f" via {outcome['via']}" if outcome.get("via") else "")
                + f" ({outcome['seconds']:.0f} s)"
            )
            print(f"  {outcome.get('summary') or outcome.get('note')}")
    for note in results.get("notes", []):
        print(f"note: {note}")
