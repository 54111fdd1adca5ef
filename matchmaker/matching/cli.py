"""Plain click commands for ranking and evaluating on JSON-lines files; the app's CLI adds them as `rank` and `eval`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from matchmaker.matching.engine import MatchIndex
from matchmaker.matching.evaluation import MEASURES, compare, document_languages, engine_rankings
from matchmaker.matching.evaluation import per_challenge as challenge_rows
from matchmaker.matching.evaluation import tfidf_baseline
from matchmaker.matching.jsonl import InputError, read_documents, read_qrels


def _read(path: Path):
    try:
        return read_documents(path)
    except InputError as error:
        raise click.UsageError(str(error)) from error  # click exits with status 2


@click.command("rank")
@click.option("--challenges", "challenges_path", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--capabilities", "capabilities_path", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=1), help="Matches per challenge.")
@click.option("--lang", type=click.Choice(["es", "en", "fr", "de"]), help="Language of the explanations "
              "(default: each challenge's own language).")
def rank_command(challenges_path: Path, capabilities_path: Path, top: int, lang: str | None) -> None:
    """Print, per challenge in input order, its best capabilities as one JSON object per line."""
    challenges, capabilities = _read(challenges_path), _read(capabilities_path)
    index = MatchIndex.fit(challenges, capabilities)
    for challenge in challenges:
        reader = lang or index.languages[challenge.id]
        matches = [
            {"capability_id": m.capability_id, "score": round(m.score, 4), "why": list(m.why)}
            for m in index.top_capabilities(challenge.id, k=top, lang=reader)
        ]
        click.echo(json.dumps({"challenge_id": challenge.id, "matches": matches}, ensure_ascii=False))


@click.command("eval")
@click.option("--dataset", required=True, type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Directory with challenges.jsonl, capabilities.jsonl and qrels.tsv.")
@click.option("--per-challenge", is_flag=True, help="Also print the engine's nDCG@10, cross-lingual-full "
              "nDCG@10 and top 5 (id:grade, '=' for the challenge's language) per challenge.")
def eval_command(dataset: Path, per_challenge: bool) -> None:
    """Compare the engine with plain scikit-learn TF-IDF, overall and on cross-lingual pairs.

    cross-lingual: per challenge, only capabilities in another language than the challenge are ranked
    and scored; cross-lingual-full: the same gains scored on the full ranking, where same-language
    capabilities count as misses (see matchmaker.matching.evaluation for all definitions).
    """
    challenges = _read(dataset / "challenges.jsonl")
    capabilities = _read(dataset / "capabilities.jsonl")
    try:
        qrels = read_qrels(dataset / "qrels.tsv")
    except InputError as error:
        raise click.UsageError(str(error)) from error
    systems = {"engine": engine_rankings, "tfidf-baseline": tfidf_baseline}
    results = compare(challenges, capabilities, qrels, systems)
    click.echo(f"{'system':<16}{'pairs':<20}{'n':>4}" + "".join(f"{m:>11}" for m in MEASURES))
    for (system, subset), scores in results.items():
        cells = "".join(f"{scores.values[m]:>11.3f}" for m in MEASURES)
        click.echo(f"{system:<16}{subset:<20}{scores.challenges:>4}{cells}")
    if per_challenge:
        languages = document_languages([*challenges, *capabilities])
        click.echo(f"\n{'challenge':<12}{'nDCG@10':>9}{'xl-full':>9}  top 5")
        rankings = engine_rankings(challenges, capabilities)
        for challenge, all_pairs, cross, top in challenge_rows(rankings, qrels, languages):
            cross_cell = "-" if cross is None else f"{cross:.3f}"
            click.echo(f"{challenge:<12}{all_pairs:>9.3f}{cross_cell:>9}  {' '.join(top)}")


@click.group()
def main() -> None:
    """Matching engine commands, usable without the web app."""


main.add_command(rank_command)
main.add_command(eval_command)

if __name__ == "__main__":
    main(sys.argv[1:])
